import Foundation
import SDBasics
import SDFakeAWS
import Testing

#if canImport(Glibc)
    import Glibc
    import SDTestSupport
#endif

/// Issue 19 on the Athena target, through the real binary on RTSA against the fake: one failure
/// stays one failure on any thread count, an unreadable catalog stops the run before anything is
/// touched, a SIGKILL at any point leaves nothing the next run cannot finish and clean, and two
/// runs at once never leave a model missing or half-swapped.
@Suite(.serialized) struct AthenaReliabilityTests {
    static let build = ["build", "--target", "dev"] + AthenaRun.vars

    /// `models/gold/broken_model.sql` fails in Athena (the fake fails its query as Athena fails an
    /// unknown column: category 2, COLUMN_NOT_FOUND, not retryable); everything else passes,
    /// with the same statuses on 1, 4 and 8 threads.
    @Test func aBrokenModelFailsAloneOnOneFourAndEightThreads() async throws {
        var outcomes: [Int: [String: String]] = [:]
        for threads in [1, 4, 8] {
            let server = try FakeAWSServer(state: FakeAWSState(queryLatency: 0.02, now: { Date() }))
            let endpoint = try await server.start()
            let dir = try AthenaRun.project()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try "select 'broken-marker' as no_such_column, * from << ref('silver_daily_close') >>\n"
                .write(toFile: dir + "/models/gold/broken_model.sql", atomically: true, encoding: .utf8)
            server.state.inject(
                .failingQuery(
                    containing: "broken-marker", type: 1100,
                    message: "COLUMN_NOT_FOUND: line 1:8: Column 'no_such_column' cannot be resolved", times: 100))
            let (status, out) = try await AthenaRun.run(
                Self.build + ["--threads", String(threads)], in: dir, endpoint: endpoint,
                accessKey: "AKIDT\(threads)")
            await server.stop()
            #expect(status == 1, "\(out)")
            #expect(out.contains("ERROR=1 SKIP=0"), "threads \(threads): \(out)")
            let statuses = try AthenaRun.results(dir).statuses
            #expect(statuses.filter { $0.value == "error" }.keys.sorted() == ["model.rtsa.broken_model"], "threads \(threads)")
            #expect(statuses.values.allSatisfy { ["success", "pass", "error"].contains($0) }, "\(statuses)")
            #expect(server.state.table(AthenaRun.schema, "broken_model") == nil)
            outcomes[threads] = statuses
        }
        #expect(outcomes[1] == outcomes[4])
        #expect(outcomes[1] == outcomes[8])
    }

    /// GetTables failing past the retries (500s, throttling), or failing on its second page after
    /// a first one with NextToken: the run stops with the catalog error before any query, and no
    /// Glue table or S3 object changes.
    @Test func anUnreadableCatalogStopsTheRunAndTouchesNothing() async throws {
        let server = try FakeAWSServer(state: FakeAWSState(queryLatency: 0.02, now: { Date() }))
        let endpoint = try await server.start()
        defer { Task { await server.stop() } }
        let dir = try AthenaRun.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let state = server.state
        let (first, out) = try await AthenaRun.run(Self.build, in: dir, endpoint: endpoint, accessKey: "AKIDFIRST")
        #expect(first == 0, "\(out)")
        // More than one page of tables (GetTables returns at most 100).
        for i in 0..<120 { state.putTable(database: AthenaRun.schema, name: String(format: "zz_other_%03d", i)) }
        let tables = state.tables(in: AthenaRun.schema)
        func data() -> [String: Data] { state.allObjects.filter { !$0.key.contains("/swiftdbt-runs/") } }
        let objects = data()
        let faults: [(String, FakeFault)] = [
            ("500", FakeFault(operation: "GetTables", action: .serverError, times: 50)),
            ("throttle", FakeFault(operation: "GetTables", action: .throttle, times: 50)),
            ("page 2", FakeFault(operation: "GetTables", containing: "NextToken", action: .serverError, times: 50)),
        ]
        for (name, fault) in faults {
            state.clearFaults()
            state.inject(fault)
            state.clearJournal()
            let (status, out) = try await AthenaRun.run(Self.build, in: dir, endpoint: endpoint, accessKey: "AKIDF")
            #expect(status == 1, "\(name): \(out)")
            #expect(out.contains("error: cannot read the list of existing relations from the target's catalog, so nothing was run"), "\(name): \(out)")
            #expect(state.statements.isEmpty, "\(name): \(state.statements)")
            #expect(state.tables(in: AthenaRun.schema) == tables, "\(name)")
            #expect(data() == objects, "\(name)")
        }
        state.clearFaults()
        let (again, out2) = try await AthenaRun.run(Self.build, in: dir, endpoint: endpoint, accessKey: "AKIDAGAIN")
        #expect(again == 0, "\(out2)")
    }

    /// An incremental model in a custom schema: the run lists that schema too before compiling,
    /// so the second run compiles it as incremental (adds nothing here) instead of appending the
    /// full select again, or stopping because the table was "unknown" at the start.
    @Test func anIncrementalModelInACustomSchemaIsIncrementalOnTheSecondRun() async throws {
        let server = try FakeAWSServer(state: FakeAWSState(queryLatency: 0.01, now: { Date() }))
        let endpoint = try await server.start()
        defer { Task { await server.stop() } }
        let dir = try AthenaRun.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
        << config(materialized='incremental', schema='side', incremental_strategy='append') >>
        select x from (values (1), (2)) as t (x)
        << if is_incremental() >>where x > 2<< endif >>

        """.write(toFile: dir + "/models/gold/side_log.sql", atomically: true, encoding: .utf8)
        let args = ["run", "--target", "dev", "--select", "side_log"] + AthenaRun.vars
        for attempt in 1...2 {
            let (status, out) = try await AthenaRun.run(args, in: dir, endpoint: endpoint, accessKey: "AKIDSIDE\(attempt)")
            #expect(status == 0, "run \(attempt): \(out)")
        }
        // Compiled as incremental the second time (the fake's evaluator does not filter a VALUES list,
        // so the rows it appends cannot show this; the compiled SQL and the statement can).
        let compiled = try String(contentsOfFile: dir + "/target/compiled/rtsa/models/gold/side_log.sql", encoding: .utf8)
        #expect(compiled.contains("where x > 2"), "\(compiled)")
        #expect(server.state.statements.contains { $0.hasPrefix("insert into \"awsdatacatalog\".\"\(AthenaRun.schema)_side\".\"side_log\"") })
    }

    /// SIGKILL at 20 points spread over a whole RTSA build (external source, seed, views, tables,
    /// the Iceberg incremental merge, tests), each followed by a normal build. The fake also cuts
    /// the killed run's key after exactly k calls (`FakeAWSState.sever`), so the state is the one
    /// a kill right after call k leaves even if the signal lands a little later: a killed process
    /// sends nothing more, and a dropped request changes nothing. Queries it started still end
    /// and write, as Athena's do. Its lease lasts one second, so the next build may collect.
    @Test func aKilledBuildLeavesNothingTheNextBuildCannotFinishAndClean() async throws {
        let server = try FakeAWSServer(state: FakeAWSState(queryLatency: 0.01, now: { Date() }))
        let endpoint = try await server.start()
        defer { Task { await server.stop() } }
        let dir = try AthenaRun.project(leaseSeconds: 1)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let state = server.state
        let (s1, o1) = try await AthenaRun.run(Self.build, in: dir, endpoint: endpoint, accessKey: "AKIDREF1")
        #expect(s1 == 0, "\(o1)")
        // The second build is the reference: tables swapped, the incremental model merged.
        state.clearJournal()
        let (s2, o2) = try await AthenaRun.run(Self.build, in: dir, endpoint: endpoint, accessKey: "AKIDREF2")
        #expect(s2 == 0, "\(o2)")
        let total = state.calls(accessKey: "AKIDREF2")
        let reference = AthenaRun.contents(state)
        let expected = Set(reference.keys)
        #expect(expected.count >= 7)
        #expect(AthenaRun.problems(state, expected: expected, reference: reference, complete: true) == [])
        // Eight kills right after a chosen step: the first query of each kind of work, a Glue
        // UpdateTable (a table repointed, its temporary entry and old data not yet dropped) and an
        // S3 DeleteObjects (old data half deleted); twelve spread over the whole build by call count.
        let steps: [(String, String?)] = [
            ("create external table", "external source"), ("symbol_groups__swiftdbt_", "seed"), ("create or replace view", "view"),
            ("gold_grouped_returns__swiftdbt_", "table"), ("merge into", "incremental"), ("dbt_internal_test", "test"),
            ("\"SkipArchive\":true", nil), ("<Delete xmlns", nil),
        ]
        var rng = SplitMix64(seed: 19)
        var points: [(calls: Int?, step: String?, phase: String?)] = steps.map { (nil, $0.0, $0.1) }
        for i in 0..<12 { points.append((max(1, total * i / 12 + Int(rng.next() % UInt64(max(1, total / 12)))), nil, nil)) }
        var killedAt: [String] = []
        var phases: [String: Int] = [:]
        for (i, point) in points.enumerated() {
            let key = "AKIDKILL\(i)"
            if let step = point.step { state.sever(accessKey: key, afterRequestContaining: step) }
            if let k = point.calls { state.sever(accessKey: key, afterCalls: k) }
            let k = point.calls.map { "call \($0) of \(total)" } ?? "the first request with \(point.step ?? "")"
            let sent = state.statements.count
            let handle = try AthenaRun.start(Self.build, in: dir, endpoint: endpoint, accessKey: key)
            while handle.process.isRunning, !state.isSevered(accessKey: key) { try await Task.sleep(nanoseconds: 2_000_000) }
            kill(handle.process.processIdentifier, SIGKILL)
            _ = await handle.finish()
            // The cut happened (the run went on past it and was killed), not a run that finished.
            #expect(state.isSevered(accessKey: key), "no cut after \(k)")
            killedAt.append(k)
            // A kill after a chosen step is in that step's work: the run sent that statement. Its last
            // statement can be a neighbour's that reached the fake in the same instant on 4 threads
            // (a test query beside the view: CI once saw "view" missing), so it names the phase only
            // of the kills by call count.
            if let step = point.step, let phase = point.phase {
                #expect(state.statements.dropFirst(sent).contains { $0.contains(step) }, "killed before \(phase)")
            }
            phases[point.phase ?? Self.phase(state.statements.dropFirst(sent).last), default: 0] += 1
            // Right after the kill: nothing missing, nothing pointing at a folder that is gone.
            let now = AthenaRun.problems(state, expected: expected, reference: reference, complete: false)
                .filter { !$0.hasPrefix("temporary table") }
            #expect(now == [], "after a kill after \(k)")
            try await Task.sleep(nanoseconds: 1_200_000_000)
            let (status, out) = try await AthenaRun.run(Self.build, in: dir, endpoint: endpoint, accessKey: "AKIDNEXT\(i)")
            #expect(status == 0, "the build after a kill after \(k): \(out)")
            #expect(
                AthenaRun.problems(state, expected: expected, reference: reference, complete: true) == [],
                "the build after a kill after \(k)")
        }
        #expect(killedAt.count == 20)
        print("athena kill points by phase: \(phases.sorted { $0.key < $1.key })")
        // The kills landed in every kind of work a build does.
        #expect(Set(phases.keys).isSuperset(of: ["external source", "seed", "view", "table", "incremental", "test"]), "\(phases)")
    }

    /// What the killed run was doing, from the last statement it sent.
    static func phase(_ sql: String?) -> String {
        guard let sql = sql?.lowercased() else { return "catalog (no query yet)" }
        if sql.hasPrefix("create external table") { return "external source" }
        if sql.contains("symbol_groups__swiftdbt_") || sql.hasPrefix("insert into") { return "seed" }
        if sql.hasPrefix("merge into") || sql.contains("silver_daily_close__swiftdbt_") { return "incremental" }
        if sql.contains("dbt_internal_test") { return "test" }
        if sql.hasPrefix("create or replace view") { return "view" }
        if sql.hasPrefix("create table") { return "table" }
        return "other"
    }

    /// Two builds of the same project at once (queries slow enough to overlap), three times with
    /// different thread counts and start offsets: each finishes; a node that lost a Glue VersionId
    /// race (UpdateTable refused with ConcurrentModificationException) says which run won, and is
    /// the only kind of failure; afterwards every model exists whole and nothing is left behind.
    @Test func twoConcurrentBuildsNeverLeaveAModelMissingOrHalfSwapped() async throws {
        var races = 0
        for (seed, threads, offsetMs) in [(1, 4, 0), (2, 8, 60), (3, 2, 120)] {
            let server = try FakeAWSServer(state: FakeAWSState(queryLatency: 0.15, now: { Date() }))
            let endpoint = try await server.start()
            let one = try AthenaRun.project()
            let two = try AthenaRun.project()
            defer { for d in [one, two] { try? FileManager.default.removeItem(atPath: d) } }
            let state = server.state
            let (s0, o0) = try await AthenaRun.run(Self.build, in: one, endpoint: endpoint, accessKey: "AKIDSETUP\(seed)")
            #expect(s0 == 0, "\(o0)")
            let reference = AthenaRun.contents(state)
            let expected = Set(reference.keys)
            let a = try AthenaRun.start(Self.build + ["--threads", String(threads)], in: one, endpoint: endpoint, accessKey: "AKIDA\(seed)")
            try await Task.sleep(nanoseconds: UInt64(offsetMs) * 1_000_000)
            let b = try AthenaRun.start(Self.build + ["--threads", "4"], in: two, endpoint: endpoint, accessKey: "AKIDB\(seed)")
            let (sa, oa) = await a.finish()
            let (sb, ob) = await b.finish()
            let ra = try AthenaRun.results(one)
            let rb = try AthenaRun.results(two)
            for (status, out, mine, other) in [(sa, oa, ra, rb), (sb, ob, rb, ra)] {
                #expect(status == 0 || status == 1, "\(out)")
                let lost = out.split(separator: "\n").filter { $0.contains("ConcurrentModificationException") || $0.contains("AlreadyExistsException") }
                for line in lost { #expect(line.contains("was changed by swiftdbt run \(other.invocation)"), "\(line)") }
                races += lost.count
                // Only a lost race may fail a node (its dependants are then skipped).
                let failed = mine.statuses.filter { $0.value == "error" }
                #expect(failed.isEmpty == lost.isEmpty, "seed \(seed): \(out)")
            }
            #expect(AthenaRun.problems(state, expected: expected, reference: reference, complete: true) == [], "seed \(seed)")
            // And a run after both rebuilds everything.
            let (s3, o3) = try await AthenaRun.run(Self.build, in: one, endpoint: endpoint, accessKey: "AKIDAFTER\(seed)")
            #expect(s3 == 0, "\(o3)")
            #expect(AthenaRun.problems(state, expected: expected, reference: reference, complete: true) == [], "seed \(seed)")
            await server.stop()
        }
        // The runs did race: at least one swap lost to the other run.
        #expect(races >= 1)
    }
}
