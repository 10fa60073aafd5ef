import Foundation
import Testing

/// Issue 19, item 1: on the one `duckdb` process, a failing node fails only itself, its dependents are
/// skipped and every other node passes, identically on 1, 4 and 8 threads.
@Suite(.serialized) struct DuckDBIsolationTests {
    /// Status per node name from run_results.json.
    static func statuses(_ p: TempProject) throws -> [String: String] {
        let data = Data(try p.read("target/run_results.json").utf8)
        let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let results = try #require(doc["results"] as? [[String: Any]])
        var out: [String: String] = [:]
        for r in results {
            guard let id = r["unique_id"] as? String, let status = r["status"] as? String else { continue }
            out[String(id.split(separator: ".").dropFirst(2).joined(separator: "."))] = status
        }
        return out
    }

    /// The issue's repro: `broken_model` refers to a column that does not exist; `broken_child` selects from it.
    @Test(arguments: [1, 4, 8]) func brokenModelFailsOnlyItself(threads: Int) async throws {
        let p = try await RTSACopy.make()
        defer { ProcessTable.killAll(mentioning: p.root) }
        try p.write("models/gold/broken_model.sql", "select no_such_column from << ref('silver_daily_close') >>\n")
        try p.write("models/gold/broken_child.sql", "select * from << ref('broken_model') >>\n")
        let r = try await CLI.swiftdbt(["build", "--threads", String(threads), "--vars", "{lake_root: '\(p.root)/lake'}"], in: p)
        #expect(r.status == 1, "\(r.stdout)\n\(r.stderr)")
        let statuses = try Self.statuses(p)
        #expect(statuses.filter { $0.value == "error" }.keys.sorted() == ["broken_model"], "\(r.stdout)")
        #expect(statuses.filter { $0.value == "skipped" }.keys.sorted() == ["broken_child"], "\(r.stdout)")
        #expect(statuses.count > 40)
        #expect(statuses.values.allSatisfy { ["success", "pass", "error", "skipped"].contains($0) }, "\(statuses)")
        #expect(r.stdout.contains("ERROR=1 SKIP=1"), "\(r.stdout)")
        // What passed really exists: no healthy node's work was rolled back with the broken one's.
        let gold = try await CLI.query(p.root + "/" + RTSACopy.database, "select count(*) from rtsa_bronze_rtsa_gold.gold_grouped_returns")
        #expect(gold.count == 2 && gold[1] != "0", "\(gold)")
    }

    /// A healthy model whose query takes a while, an incremental model that fails half-way through its
    /// merge (after `begin`, its temporary table and the column comparison), a model that fails at once,
    /// and healthy neighbours, on 4 and 8 threads: only the two broken ones fail, the incremental table
    /// keeps its rows, and every healthy relation holds what it should.
    @Test(arguments: [4, 8]) func slowNeighbourAndIncrementalFailingMidway(threads: Int) async throws {
        var files: [String: String] = [
            "models/slow.sql": "<< config(materialized='table') >>\nselect count(*) as n from range(150000000) as t(x) where x % 7 = 3",
            "models/incr.sql": """
            << config(materialized='incremental', unique_key='id') >>
            << if is_incremental() >>
            select 'not a number' as id, 2 as v
            << else >>
            select i::integer as id, 1 as v from range(5) as t(i)
            << endif >>
            """,
            "models/incr_child.sql": "select * from << ref('incr') >>",
            "models/bad.sql": "select missing_column from << ref('slow') >>",
        ]
        for i in 0..<8 {
            files["models/ok_\(i).sql"] = "<< config(materialized='\(i % 2 == 0 ? "table" : "view")') >>\nselect \(i) as k, * from range(\(i + 3)) as t(n)"
        }
        let p = try TempProject(files: files)
        defer { ProcessTable.killAll(mentioning: p.root) }
        let first = try await CLI.swiftdbt(["run", "--exclude", "bad"], in: p)
        try #require(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        let r = try await CLI.swiftdbt(["run", "--threads", String(threads)], in: p)
        #expect(r.status == 1)
        let statuses = try Self.statuses(p)
        #expect(statuses.filter { $0.value == "error" }.keys.sorted() == ["bad", "incr"], "\(r.stdout)")
        #expect(statuses.filter { $0.value == "skipped" }.keys.sorted() == ["incr_child"], "\(r.stdout)")
        #expect(statuses.filter { $0.value == "success" }.count == 9, "\(r.stdout)")
        #expect(try await p.query("select count(*) || '-' || sum(v) as c from main.incr") == ["c", "5-5"])
        #expect(try await p.query("select n from main.slow") == ["n", "21428571"])
        for i in 0..<8 {
            #expect(try await p.query("select count(*) as c from main.ok_\(i) where k = \(i)") == ["c", String(i + 3)], "ok_\(i)")
        }
        // Nothing temporary survives a failure.
        let temps = try await p.query("select count(*) as c from information_schema.tables where table_name like '%__swiftdbt_%'")
        #expect(temps == ["c", "0"])
        #expect(!r.stdout.contains("cannot start a transaction") && !r.stdout.contains("transaction is aborted"), "\(r.stdout)")
    }
}

/// Issue 19, item 4 on DuckDB: when the list of existing relations cannot be read, nothing runs, and
/// an incremental model is not rebuilt from scratch as if it were absent.
@Suite(.serialized) struct DuckDBCatalogFaultTests {
    @Test func aFailedCatalogQueryStopsTheRunBeforeAnyNode() async throws {
        let p = try TempProject(files: [
            "models/inc.sql": """
            << config(materialized='incremental', unique_key='id') >>
            select i::integer as id from range(<< 3 if is_incremental() else 5 >>) as t(i)
            """
        ])
        defer { ProcessTable.killAll(mentioning: p.root) }
        let first = try await CLI.swiftdbt(["run"], in: p)
        try #require(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        // The fault hook makes DuckDB itself refuse the catalog query (Sources/SDDuckDB/DuckDBTestHooks.swift).
        let r = try await CLI.swiftdbt(["run"], in: p, env: ["SWIFTDBT_TEST_FAIL": "from information_schema.tables"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("cannot read the list of existing relations"), "\(r.stderr)")
        #expect(r.stderr.contains("swiftdbt test fault"), "\(r.stderr)")
        #expect(!r.stdout.contains("START"), "\(r.stdout)")
        #expect(try await p.query("select count(*) as c from main.inc") == ["c", "5"])
    }
}
