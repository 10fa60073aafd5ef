import Foundation
import SDAthena
import SDBasics
import SDCompiler
import SDEngine
import SDFakeAWS
import Testing

/// The existing Runner drives AthenaEngine: up to `threads` queries in flight, a failure skips
/// only its descendants.
@Suite struct RunnerOnAthenaTests {
    static func execute(_ engine: AthenaEngine) -> @Sendable (CompiledNode) async -> NodeResult {
        { node in
            let started = Date()
            do {
                let r = try await engine.build(node, options: BuildOptions(), log: StatementLog())
                return NodeResult(uniqueId: node.uniqueId, status: .success, message: r.message, response: r, startedAt: started, completedAt: Date())
            } catch {
                return NodeResult(uniqueId: node.uniqueId, status: .error, message: "\(error)", startedAt: started, completedAt: Date())
            }
        }
    }

    @Test func aFailureSkipsOnlyItsDescendantsAndQueriesOverlap() async throws {
        let world = try await FakeWorld(latency: 0.3)
        defer { Task { await world.stop() } }
        world.state.inject(.failingQuery(containing: "'bad'", message: "SYNTAX_ERROR: line 1:8: boom"))
        let nodes = [
            FakeWorld.model("a", "select 1 as x"),
            FakeWorld.model("bad", "select 'bad' as x"),
            FakeWorld.model("c", "select 3 as x", dependsOn: ["model.p.bad"]),
            FakeWorld.model("d", "select 4 as x", dependsOn: ["model.p.a"]),
            FakeWorld.model("e", "select 5 as x"),
            FakeWorld.model("f", "select 6 as x"),
        ]
        let byID = Dictionary(uniqueKeysWithValues: nodes.map { ($0.uniqueId, $0) })
        let runner = Runner(threads: 4, failFast: false, reporter: nil, now: { Date() })
        let outcome = await runner.run(
            order: nodes.map(\.uniqueId), nodes: byID, cancellation: CancellationFlag(),
            execute: Self.execute(world.engine))
        let status = Dictionary(uniqueKeysWithValues: outcome.results.map { ($0.uniqueId, $0.status) })
        #expect(status["model.p.a"] == .success)
        #expect(status["model.p.bad"] == .error)
        #expect(status["model.p.c"] == .skipped)
        #expect(status["model.p.d"] == .success)
        #expect(status["model.p.e"] == .success)
        #expect(status["model.p.f"] == .success)
        // Queries overlapped, never more than `threads` at once.
        #expect(world.state.peakConcurrentQueries >= 2)
        #expect(world.state.peakConcurrentQueries <= 4)
        #expect(world.state.table("analytics", "c") == nil)
    }
}
