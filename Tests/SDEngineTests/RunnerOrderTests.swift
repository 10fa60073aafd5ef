import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDProject
import Testing

/// The async shell starts nodes in the order `ScheduleState` gives, with the durations it is handed.
@Suite struct RunnerOrderTests {
    static func model(_ name: String, dependsOn: [String] = []) -> CompiledNode {
        CompiledNode(
            uniqueId: "model.p.\(name)", name: name, resourceType: .model, packageName: "p", fqn: ["p", name],
            originalFilePath: "models/\(name).sql", path: "\(name).sql", config: NodeConfig(["materialized": "table"]),
            relation: Relation(database: "db", schema: "main", identifier: name), compiledCode: "select 1", dependsOn: dependsOn)
    }

    final class Starts: @unchecked Sendable {
        let lock = NSLock()
        var ids: [String] = []
        func add(_ id: String) { lock.withLock { ids.append(id) } }
    }

    static func startOrder(durations: [String: Double]) async -> [String] {
        let nodes = [model("a_leaf"), model("b_leaf"), model("c1"), model("c2", dependsOn: ["model.p.c1"]), model("heavy")]
        let byID = Dictionary(uniqueKeysWithValues: nodes.map { ($0.uniqueId, $0) })
        let starts = Starts()
        let runner = Runner(threads: 1, failFast: false, reporter: nil, now: { Date() })
        _ = await runner.run(
            order: ["model.p.a_leaf", "model.p.b_leaf", "model.p.c1", "model.p.c2", "model.p.heavy"], nodes: byID,
            cancellation: CancellationFlag(), durations: durations
        ) { node in
            starts.add(node.uniqueId)
            return NodeResult(uniqueId: node.uniqueId, status: .success, message: "OK", startedAt: Date(), completedAt: Date())
        }
        return starts.ids
    }

    @Test func oneThreadFollowsTheCriticalPath() async {
        // Uniform: the 2-node chain's head first; then every node has one node left to run, so unique_id decides.
        #expect(await Self.startOrder(durations: [:]) == ["model.p.c1", "model.p.a_leaf", "model.p.b_leaf", "model.p.c2", "model.p.heavy"])
        // The last run's durations: `heavy` took 5 s, more than the chain's 2 s.
        let durations = ["model.p.heavy": 5.0, "model.p.c1": 1, "model.p.c2": 1, "model.p.a_leaf": 1, "model.p.b_leaf": 1]
        #expect(await Self.startOrder(durations: durations) == ["model.p.heavy", "model.p.c1", "model.p.a_leaf", "model.p.b_leaf", "model.p.c2"])
    }
}
