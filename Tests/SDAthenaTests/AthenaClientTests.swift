import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDFakeAWS
import Testing

@testable import SDAthena

@Suite struct QueryPollerTests {
    @Test func backsOffInProportionToRunTimeUpToTheMaximum() {
        var p = QueryPoller(initial: 0.25, maximum: 1)
        p.add("a", now: 0)
        #expect(p.next(now: 0) == .wait(0.25))
        #expect(p.next(now: 0.25) == .poll(["a"]))
        p.stillRunning("a", now: 0.25)
        #expect(p.next(now: 0.25) == .wait(0.25))
        p.stillRunning("a", now: 10)
        guard case .wait(let w) = p.next(now: 10) else {
            Issue.record("expected a wait")
            return
        }
        #expect(abs(w - 0.5) < 1e-9)
        p.stillRunning("a", now: 100)
        #expect(p.next(now: 100) == .wait(1))
        p.remove("a")
        #expect(p.next(now: 11) == .idle)
    }

    // BatchGetQueryExecution takes at most 50 ids (Athena API reference).
    @Test func pollsQueriesDueTogetherInBatchesOfFifty() {
        var p = QueryPoller(initial: 0.5, maximum: 2)
        for i in 0..<70 { p.add("q\(i)", now: Double(i) * 0.001) }
        guard case .poll(let ids) = p.next(now: 0.5) else {
            Issue.record("expected a poll")
            return
        }
        #expect(ids.count == 50)
        #expect(ids.first == "q0")
    }
}

@Suite struct AthenaClientTests {
    // Several running queries are polled with one BatchGetQueryExecution call.
    @Test func concurrentQueriesArePolledInBatches() async throws {
        let world = try await FakeWorld(latency: 0.4)
        defer { Task { await world.stop() } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<6 {
                group.addTask { _ = try await world.engine.query("select \(i) as x", limit: nil) }
            }
            try await group.waitForAll()
        }
        let journal = world.state.journal
        let batches = journal.filter { $0 == "athena BatchGetQueryExecution" }.count
        let singles = journal.filter { $0 == "athena GetQueryExecution" }.count
        #expect(batches > 0)
        #expect(batches + singles < 6 * 3)
    }

    // GetQueryResults returns at most 1000 rows a page, the header row first for SELECTs.
    @Test func resultsArePaged() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        let rows = (0..<2500).map { [String($0), $0 % 7 == 0 ? nil : "v\($0)"] }
        world.state.script(queryContaining: "as many (n, v)", rows: FakeRows(columns: ["n", "v"], rows: rows))
        let r = try await world.engine.query("select n, v from (values (0, 'v')) as many (n, v)", limit: nil)
        #expect(r.columns == ["n", "v"])
        #expect(r.rows.count == 2500)
        #expect(r.rows[0] == [.string("0"), .null])
        #expect(r.rows[2498] == [.string("2498"), .string("v2498")])
        #expect(r.rows[2499] == [.string("2499"), .null])
        #expect(world.state.journal.filter { $0 == "athena GetQueryResults" }.count == 3)
    }

    // StopQueryExecution for every running query on interrupt; they end CANCELLED.
    @Test func interruptStopsRunningQueries() async throws {
        let world = try await FakeWorld(latency: 30)
        defer { Task { await world.stop() } }
        let a = Task { try await world.build(FakeWorld.model("a", "select 1 as x")) }
        let b = Task { try await world.build(FakeWorld.model("b", "select 2 as x")) }
        for _ in 0..<250 {
            if world.state.runningQueries.count == 2 { break }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        #expect(world.state.runningQueries.count == 2)
        await world.engine.interrupt()
        for task in [a, b] {
            do {
                _ = try await task.value
                Issue.record("expected the build to be interrupted")
            } catch let e as EngineError {
                #expect(e.kind == .interrupted)
            }
        }
        #expect(world.state.queryStates.values.sorted() == ["CANCELLED", "CANCELLED"])
        #expect(world.state.journal.filter { $0 == "athena StopQueryExecution" }.count == 2)
        #expect(try await world.leftoverTemporaries().isEmpty)
    }

    @Test func failedQueryErrorCarriesAthenaFields() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        world.state.inject(.failingQuery(containing: "boom", category: 1, type: 401, message: "Query exhausted resources at this scale factor"))
        do {
            _ = try await world.engine.client.execute("select boom")
            Issue.record("expected a failure")
        } catch let e as AthenaQueryError {
            #expect(e.category == 1)
            #expect(e.type == 401)
            #expect(e.state == "FAILED")
            #expect(e.description.contains("system error, category 1, type 401"))
        }
    }
}

/// Which FAILED queries run again (GetQueryExecution `AthenaError.Retryable`, Athena API Reference; docs/athena.md):
/// never user errors, never a CTAS or INSERT that may have written part of its output.
@Suite struct QueryRetryTests {
    @Test func aRetryableFailedSelectRunsAgain() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        world.state.inject(.failingQuery(containing: "flaky", category: 1, type: 1, message: "Internal error", retryable: true))
        let log = StatementLog()
        let outcome = try await world.engine.runTest(FakeWorld.model("t", "select 1 as flaky"), sql: "select 1 as flaky", sampleLimit: 0, log: log)
        #expect(outcome.failures == 1)  // the one row `select 1` returns
        #expect(world.state.statements.filter { $0.contains("flaky") }.count == 2)
    }

    @Test func userErrorsAndWritesAreNotRepeated() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        world.state.inject(.failingQuery(containing: "create table", category: 1, type: 1, message: "Internal error", retryable: true))
        await #expect(throws: EngineError.self) { try await world.build(FakeWorld.model("t", "select 1 as x")) }
        #expect(world.state.statements.filter { $0.hasPrefix("create table") }.count == 1)
        world.state.inject(.failingQuery(containing: "oops", category: 2, type: 1100, message: "SYNTAX_ERROR", retryable: false))
        await #expect(throws: EngineError.self) { try await world.build(FakeWorld.model("v", "select oops", "view")) }
        #expect(world.state.statements.filter { $0.contains("oops") }.count == 1)
    }
}
