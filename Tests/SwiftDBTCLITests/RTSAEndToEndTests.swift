import Foundation
import Testing

/// The RTSA example end to end on DuckDB: the fixture's ticks are written as the Kafka Connect S3
/// sink would lay them out, `swiftdbt build` runs seeds, the external source, every model and every
/// test, and each gold table must equal, byte for byte, what an independent pure-Python
/// implementation of docs/rtsa.md's semantics computes (Tests/Fixtures/rtsa/oracle.py).
@Suite(.serialized) struct RTSAEndToEndTests {
    static let goldModels = ["gold_latest_price_v2", "gold_latest_price_v2_grouped", "gold_grouped_avg_daily", "gold_grouped_returns"]
    static let keys = [
        "gold_latest_price_v2": "symbol_v", "gold_latest_price_v2_grouped": "group_id",
        "gold_grouped_avg_daily": "group_id, trade_date", "gold_grouped_returns": "group_id, trade_date",
    ]

    func oracle(_ model: String) async throws -> String {
        let r = try await CLI.run(
            "/usr/bin/env",
            [
                "python3", "Tests/Fixtures/rtsa/oracle.py", "--ticks", "Tests/Fixtures/rtsa/ticks.csv",
                "--seed", "seeds/symbol_groups.csv", "--model", model,
            ], cwd: CLI.packageRoot)
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout
    }

    /// The gold table as CSV in the oracle's format: its columns in order, timestamps with milliseconds.
    func actual(_ model: String, columns: [String], database: String, dir: String) async throws -> String {
        let select = columns.map { $0.hasSuffix("_ts") ? "strftime(\($0), '%Y-%m-%d %H:%M:%S.%g') as \($0)" : $0 }.joined(separator: ", ")
        let out = dir + "/\(model).csv"
        let sql = "copy (select \(select) from rtsa_bronze_rtsa_gold.\(model) order by \(Self.keys[model] ?? "1")) to '\(out)' (header)"
        let r = try await CLI.run(CLI.duckdb, ["-readonly", database, "-c", sql], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        return try String(contentsOfFile: out, encoding: .utf8)
    }

    @Test func goldTablesEqualTheIndependentOracle() async throws {
        let p = try RTSACopy.project()
        let lake = p.root + "/fixture-lake"
        try await RTSACopy.writeLake(p, name: "fixture-lake", ticks: nil, flushSize: 5)
        // The lake is laid out as the S3 sink writes it.
        let files = try FileManager.default.subpathsOfDirectory(atPath: lake)
        #expect(
            files.contains {
                $0.range(of: #"^topics/ticks_enriched_v2/dt=2026-\d\d-\d\d/ticks_enriched_v2\+\d\+\d{10}\.snappy\.parquet$"#, options: .regularExpression)
                    != nil
            })

        let vars = "{lake_root: '\(lake)'}"
        let build = try await CLI.swiftdbt(["build", "--vars", vars], in: p)
        try #require(build.status == 0, "\(build.stdout)\n\(build.stderr)")
        #expect(build.stdout.contains("ERROR=0 SKIP=0"))
        let database = p.root + "/target/rtsa.duckdb"
        for model in Self.goldModels {
            let expected = try await oracle(model)
            let header = expected.split(separator: "\n").first.map { $0.split(separator: ",").map(String.init) } ?? []
            #expect(try await actual(model, columns: header, database: database, dir: p.root) == expected, "\(model) differs from the oracle")
        }
        // A second build takes the incremental path for silver_daily_close and must not change a number.
        let again = try await CLI.swiftdbt(["build", "--vars", vars], in: p)
        #expect(again.status == 0, "\(again.stdout)")
        #expect(try p.read("target/compiled/rtsa/models/silver/silver_daily_close.sql").contains("\"rtsa\".\"rtsa_bronze\".\"silver_daily_close\""))
        for model in Self.goldModels {
            let expected = try await oracle(model)
            let header = expected.split(separator: "\n").first.map { $0.split(separator: ",").map(String.init) } ?? []
            #expect(try await actual(model, columns: header, database: database, dir: p.root) == expected, "\(model) differs after the incremental run")
        }
    }
}
