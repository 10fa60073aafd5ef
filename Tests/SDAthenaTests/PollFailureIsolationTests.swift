import Foundation
import SDBasics
import SDEngine
import SDFakeAWS
import Testing

@testable import SDAthena

/// A batched poll serves up to 50 queries of different nodes: one failed poll call must not fail
/// them all while their queries are still running in Athena.
@Suite struct PollFailureIsolationTests {
    @Test func aQueryIsGivenUpOnlyAfterFailedPollsInARow() {
        var p = QueryPoller(initial: 0.25, maximum: 2)
        p.add("a", now: 0)
        #expect(p.pollFailed("a", now: 0.25) == false)
        #expect(p.next(now: 0.25) == .wait(2))
        #expect(p.pollFailed("a", now: 2.25) == false)
        // A poll that works in between starts the count again.
        p.stillRunning("a", now: 4.25)
        #expect(p.pollFailed("a", now: 5) == false)
        #expect(p.pollFailed("a", now: 7) == false)
        #expect(p.pollFailed("a", now: 9) == true)
        #expect(p.next(now: 9) == .idle)
    }

    /// Six models build at once; the batch poll that covers all of them fails past the client's
    /// retries (Athena 500s). Every model still builds, none is failed by a call it did not make.
    @Test func oneFailedBatchPollFailsNoNode() async throws {
        let world = try await FakeWorld(latency: 0.5, attempts: 2)
        defer { Task { await world.stop() } }
        world.state.inject(FakeFault(operation: "BatchGetQueryExecution", action: .serverError, times: 2))
        let nodes = (0..<6).map { FakeWorld.model("m\($0)", "select \($0) as x") }
        let runner = Runner(threads: 6, failFast: false, reporter: nil, now: { Date() })
        let outcome = await runner.run(
            order: nodes.map(\.uniqueId), nodes: Dictionary(uniqueKeysWithValues: nodes.map { ($0.uniqueId, $0) }),
            cancellation: CancellationFlag(), execute: RunnerOnAthenaTests.execute(world.engine))
        #expect(world.state.journal.contains("athena BatchGetQueryExecution 500"))
        #expect(outcome.results.map(\.status) == Array(repeating: .success, count: 6), "\(outcome.results.map(\.message))")
        for i in 0..<6 { #expect(world.state.rows(FakeWorld.schema, "m\(i)")?.rows == [[String(i)]]) }
    }
}
