import Foundation
import SDTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 19, item 3 on DuckDB: `swiftdbt build` killed with SIGKILL at many points of RTSA's build leaves
/// every relation at its old or its new version, nothing temporary behind, and the next build succeeds.
///
/// Design. The old state is a build over a lake of the fixture's first 700 ticks; the killed builds run
/// over the full lake, so almost every relation differs between old and new. A first, uninterrupted
/// build from the old state writes a trace of its statements (`SWIFTDBT_TEST_TRACE`, see
/// Sources/SDDuckDB/DuckDBTestHooks.swift); each is classified (seed, external source, view, table,
/// incremental, test) and a seeded generator picks kill points in every class. Each point restores the
/// old database, runs the build with `SWIFTDBT_TEST_KILL_AT=<n>:<ms>` (swiftdbt SIGKILLs itself `ms`
/// after sending statement n, or just before it when 0, so kills land between statements and while
/// DuckDB executes one) and checks the database right after the kill. A few kills at timed offsets
/// come from outside, with no hook. The version of a table is its rows (count and an order-free hash),
/// of a view its definition: a view's rows follow its inputs, which may be old or new independently.
@Suite(.serialized) struct DuckDBCrashConsistencyTests {
    static func category(_ statement: String) -> String? {
        let s = statement.lowercased()
        if s.contains("symbol_groups") { return "seed" }
        if s.contains("__swiftdbt_incr") || s.hasPrefix("merge into") || s.hasPrefix("delete from") { return "incremental" }
        if s.hasPrefix("create or replace view") { return s.contains("ticks_enriched_v2") ? "source" : "view" }
        if s.contains("__swiftdbt_tmp") || s.hasPrefix("drop table") { return "table" }
        if s.hasPrefix("select") && s.contains(" as failures") { return "test" }
        return nil
    }

    /// Runs SQL on the database (read-write, so a WAL left by the kill is replayed as the next run would).
    static func query(_ database: String, _ sql: String) throws -> [String] {
        let r = try CLI.runBlocking(CLI.duckdb, ["-list", "-noheader", database, "-c", sql], cwd: "/")
        guard r.status == 0 else { throw CLI.QueryFailed(message: r.stderr) }
        return r.stdout.split(separator: "\n").map(String.init)
    }

    /// Each relation (schema.name) → its version (rows of a table, definition of a view); plus any
    /// temporary relation, which must never be there.
    static func versions(_ database: String) throws -> [String: String] {
        let kinds = try query(database, "select table_schema || '.' || table_name || '|' || table_type from information_schema.tables order by 1")
        var selects: [String] = []
        for line in kinds {
            let parts = line.split(separator: "|").map(String.init)
            guard parts.count == 2 else { continue }
            // schema.name: the gold models live in their own schema (<target schema>_rtsa_gold).
            let qualified = parts[0].split(separator: ".", maxSplits: 1).map(String.init)
            guard qualified.count == 2 else { continue }
            let name = parts[0].replacingOccurrences(of: "'", with: "''")
            let (schema, table) = (qualified[0].replacingOccurrences(of: "'", with: "''"), qualified[1].replacingOccurrences(of: "'", with: "''"))
            if parts[1] == "VIEW" {
                selects.append("select '\(name)' || '|view|' || md5(sql) from duckdb_views() where schema_name = '\(schema)' and view_name = '\(table)'")
            } else {
                let from = "\"\(qualified[0])\".\"\(qualified[1])\""
                selects.append("select '\(name)' || '|' || count(*) || '|' || coalesce(sum(hash(t))::varchar, '-') from \(from) as t")
            }
        }
        guard !selects.isEmpty else { return [:] }
        var out: [String: String] = [:]
        for line in try query(database, selects.joined(separator: " union all ")) {
            let parts = line.split(separator: "|", maxSplits: 1).map(String.init)
            if parts.count == 2 { out[parts[0]] = parts[1] }
        }
        return out
    }

    struct KillPoint: CustomStringConvertible {
        var statement: Int?  // nil: a timed kill from outside
        var delayMs: Int
        var label: String
        var description: String { statement.map { "statement \($0) (\(label)) +\(delayMs) ms" } ?? "external kill after \(delayMs) ms" }
    }

    @Test func killedBuildsLeaveOldOrNewVersionsAndTheNextBuildSucceeds() async throws {
        let p = try await RTSACopy.make(ticks: 700)
        defer { ProcessTable.killAll(mentioning: p.root) }
        try await RTSACopy.writeLake(p, name: "lake_new", ticks: nil)
        let oldVars = ["--vars", "{lake_root: '\(p.root)/lake'}"]
        let newVars = ["--vars", "{lake_root: '\(p.root)/lake_new'}"]
        let database = p.root + "/" + RTSACopy.database
        let saved = p.root + "/old.duckdb"
        let fm = FileManager.default

        let old = try await CLI.swiftdbt(["build"] + oldVars, in: p)
        try #require(old.status == 0, "\(old.stdout)\n\(old.stderr)")
        try fm.copyItem(atPath: database, toPath: saved)
        let oldVersions = try Self.versions(database)
        func restoreOld() throws {
            try? fm.removeItem(atPath: database)
            try? fm.removeItem(atPath: database + ".wal")
            try fm.copyItem(atPath: saved, toPath: database)
        }

        let trace = p.root + "/trace.tsv"
        let fullStarted = Date()
        let full = try await CLI.swiftdbt(["build", "--threads", "1"] + newVars, in: p, env: ["SWIFTDBT_TEST_TRACE": trace])
        let fullSeconds = Date().timeIntervalSince(fullStarted)
        try #require(full.status == 0, "\(full.stdout)\n\(full.stderr)")
        let newVersions = try Self.versions(database)
        #expect(newVersions.count == oldVersions.count && oldVersions.count >= 8, "\(oldVersions)")
        let changed = newVersions.filter { oldVersions[$0.key] != $0.value }.count
        #expect(changed >= 6, "old and new should differ for most relations: \(changed)")

        // Kill points: by class, from a seeded generator; then a few timed external kills.
        var rng = SplitMix64(seed: 19)
        var byClass: [String: [Int]] = [:]
        for line in try p.read("trace.tsv").split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            guard parts.count == 2, let n = Int(parts[0]), let c = Self.category(parts[1]) else { continue }
            byClass[c, default: []].append(n)
        }
        #expect(Set(byClass.keys) == ["seed", "source", "view", "table", "incremental", "test"], "\(byClass.keys)")
        var points: [KillPoint] = []
        let delays = [0, 2, 15, 40]
        for c in byClass.keys.sorted() {
            let candidates = byClass[c] ?? []
            // Four per class, drawn with replacement: a class of one statement (the external source's
            // view) is still killed before it and while it runs.
            for k in 0..<(candidates.isEmpty ? 0 : 4) {
                points.append(KillPoint(statement: candidates.randomElement(using: &rng), delayMs: delays[k % delays.count], label: c))
            }
        }
        // Timed kills at a quarter, half and three quarters of an uninterrupted build, give or take 10%.
        for fraction in [0.25, 0.5, 0.75] {
            let ms = Int(fullSeconds * 1000 * (fraction + Double.random(in: -0.1...0.1, using: &rng)))
            points.append(KillPoint(statement: nil, delayMs: ms, label: "timed"))
        }
        #expect(points.filter { $0.statement != nil }.count >= 20)

        for point in points {
            try restoreOld()
            var env: [String: String] = [:]
            if let n = point.statement { env["SWIFTDBT_TEST_KILL_AT"] = "\(n):\(point.delayMs)" }
            let root = p.root
            let hookEnv = env
            let (status, left) = try await CLI.offPool { () -> (Int32, [Int32]) in
                let run = try BackgroundRun(["build", "--threads", "1"] + newVars, root: root, env: hookEnv)
                if point.statement == nil {
                    usleep(useconds_t(point.delayMs) * 1000)
                    kill(run.pid, SIGKILL)
                }
                let status = run.finish().status
                return (status, ProcessTable.waitUntilGone(database, seconds: 3))
            }
            if point.statement == nil && status == 0 {
                continue  // a timed kill that came after the build had finished: nothing to check
            }
            #expect(status == 128 + SIGKILL, "\(point): the run was not killed (status \(status))")
            #expect(left.isEmpty, "\(point): duckdb processes left: \(left)")
            let after = try await CLI.offPool { try Self.versions(database) }
            for (name, oldVersion) in oldVersions {
                let now = after[name]
                #expect(now == oldVersion || now == newVersions[name], "\(point): \(name) is \(now ?? "missing")")
            }
            #expect(after.keys.filter { $0.contains("__swiftdbt") }.isEmpty, "\(point): temporary relations left: \(after.keys.sorted())")
            let again = try await CLI.swiftdbt(["build"] + newVars, in: p)
            #expect(again.status == 0, "\(point): the next build failed\n\(again.stdout)\n\(again.stderr)")
            let rebuilt = try await CLI.offPool { try Self.versions(database) }
            #expect(rebuilt == newVersions, "\(point): the next build did not reach the new versions")
        }
    }
}
