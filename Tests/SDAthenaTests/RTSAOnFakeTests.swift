import Foundation
import SDBasics
import SDFakeAWS
import SDTestSupport
import Testing

/// `swiftdbt build --target dev` on the RTSA project against the fake server, through the real
/// CLI binary (`.build/debug/swiftdbt`, built by `swift build --build-tests`), with the endpoint
/// override and dummy keys given in the environment as a user would ("Service-specific
/// endpoints", AWS SDKs and Tools reference guide: AWS_ENDPOINT_URL).
@Suite(.serialized) struct RTSAOnFakeTests {
    struct LakeError: Error {
        var output: String
    }

    static let packageRoot = Repository.root

    static func copyProject() throws -> String {
        let fm = FileManager.default
        let dir = NSTemporaryDirectory() + "swiftdbt-rtsa-athena-\(UUID().uuidString)"
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for item in ["project.yml", "models", "seeds", "macros", "tests", "streaming"] {
            try fm.copyItem(atPath: packageRoot + "/" + item, toPath: dir + "/" + item)
        }
        try fm.copyItem(atPath: packageRoot + "/profiles.example.yml", toPath: dir + "/profiles.yml")
        return dir
    }

    static var python: String { ProcessInfo.processInfo.environment["SWIFTDBT_PYTHON"] ?? packageRoot + "/.venv/bin/python" }
    static var duckdb: String { ProcessInfo.processInfo.environment["SWIFTDBT_DUCKDB"] ?? packageRoot + "/.venv/bin/duckdb" }

    static func run(_ executable: String, _ args: [String], in dir: String, env extra: [String: String] = [:]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        var env = ProcessInfo.processInfo.environment
        for (k, v) in extra { env[k] = v }
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The fixture's ticks as the S3 sink lays them out (scripts/produce_ticks.py), in `dir/lake`:
    /// the local target reads that folder (var lake_root), the fake gets the same objects in the
    /// sink's bucket.
    static func writeLake(in dir: String) throws -> [String] {
        let (status, out) = try run(
            python,
            [
                packageRoot + "/scripts/produce_ticks.py", "--from-csv", packageRoot + "/Tests/Fixtures/rtsa/ticks.csv",
                "--out", dir + "/lake", "--flush-size", "5", "--duckdb", duckdb,
            ], in: dir)
        guard status == 0 else { throw LakeError(output: out) }
        return try FileManager.default.subpathsOfDirectory(atPath: dir + "/lake").filter { $0.hasSuffix(".parquet") }
    }

    /// The rows `swiftdbt show --inline` prints, cells trimmed, timestamps without a `.000` tail,
    /// so the two targets' renderings compare value for value.
    static func shown(_ output: String) -> [[String]] {
        output.split(separator: "\n").filter { $0.hasPrefix("|") && !$0.hasPrefix("| -") }.map { line in
            line.split(separator: "|").map { cell -> String in
                let c = cell.trimmingCharacters(in: .whitespaces)
                return c.hasSuffix(".000") && c.count == 23 ? String(c.dropLast(4)) : c
            }
        }
    }

    static func swiftdbt(_ args: [String], in dir: String, endpoint: String) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.environment["SWIFTDBT_BIN"] ?? packageRoot + "/.build/debug/swiftdbt")
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        var env = ProcessInfo.processInfo.environment
        for k in env.keys where k.hasPrefix("AWS_") { env[k] = nil }
        env["AWS_ENDPOINT_URL"] = endpoint
        env["AWS_ACCESS_KEY_ID"] = "AKIDFAKE"
        env["AWS_SECRET_ACCESS_KEY"] = "fake-secret"
        env["AWS_REGION"] = "eu-west-1"
        env["AWS_CONFIG_FILE"] = dir + "/no-aws-config"
        env["AWS_SHARED_CREDENTIALS_FILE"] = dir + "/no-aws-credentials"
        env["NO_COLOR"] = "1"
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The seed document's query (issue 12), run verbatim on both targets.
    static let seedQuery = "SELECT group_name, day, return_7d, return_30d, return_90d FROM rtsa_bronze_rtsa_gold.gold_grouped_returns ORDER BY day DESC"
    static let goldModels = ["gold_latest_price_v2", "gold_latest_price_v2_grouped", "gold_grouped_avg_daily", "gold_grouped_returns"]

    /// The README's snippet verbatim (`swiftdbt build --target dev`, no --vars) on the strict fake
    /// with the fixture lake in the sink's bucket: every node PASSes on the first build and on the
    /// rebuild, and the gold tables equal, row for row, the ones the local target builds from the
    /// same lake; the seed document's query returns both groups on both targets.
    @Test func rtsaBuildsOnTheFakeTwiceAndMatchesTheLocalTarget() async throws {
        let sql = try FakeSQLSidecar.launch(environment: ProcessInfo.processInfo.environment)
        let server = try FakeAWSServer(state: FakeAWSState(queryLatency: 0.05, now: { Date() }, sql: sql))
        let endpoint = try await server.start()
        defer { Task { await server.stop() } }
        let dir = try Self.copyProject()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The sink's bucket (streaming/rtsa.yml: RTSA_LAKE_BUCKET, default rtsa-lake) holds the lake.
        for key in try Self.writeLake(in: dir) {
            server.state.putObject(bucket: "rtsa-lake", key: key, data: try Data(contentsOf: URL(fileURLWithPath: dir + "/lake/" + key)))
        }
        // `debug` checks region, endpoints, credentials, STS and the workgroup, then runs `select 1`.
        let (debugStatus, debugOut) = try Self.swiftdbt(["debug", "--target", "dev"], in: dir, endpoint: endpoint)
        #expect(debugStatus == 0, "\(debugOut)")
        #expect(debugOut.contains("athena GetWorkGroup: [OK] workgroup 'primary' is ENABLED"))
        #expect(debugOut.contains("Connection test: [OK connection ok]"))
        let (status, out) = try Self.swiftdbt(["build", "--target", "dev"], in: dir, endpoint: endpoint)
        #expect(status == 0, "\(out)")
        #expect(out.contains("Done. PASS=50 WARN=0 ERROR=0 SKIP=0"), "\(out)")
        #expect(out.contains("OK created external source rtsa_lake.ticks_enriched_v2"))
        #expect(out.contains("OK loaded seed file rtsa_bronze.symbol_groups"))
        let state = server.state
        #expect(state.table("rtsa_bronze", "bronze_ticks")?["TableType"] == .string("VIRTUAL_VIEW"))
        #expect(state.table("rtsa_bronze", "silver_daily_close")?["Parameters"]?["table_type"] == .string("ICEBERG"))
        // The source reads where the sink writes: its bucket, topics.dir and topic.
        #expect(
            state.table("rtsa_lake", "ticks_enriched_v2")?["Parameters"]?["storage.location.template"]
                == .string("s3://rtsa-lake/topics/ticks_enriched_v2/dt=${dt}/"))
        #expect(state.rows("rtsa_bronze_rtsa_gold", "gold_grouped_returns")?.rows.count ?? 0 > 0)
        let results = try String(contentsOfFile: dir + "/target/run_results.json", encoding: .utf8)
        #expect(results.contains("\"data_scanned_in_bytes\""))
        // dbt tooling reads the Athena build's manifest and run_results too (docs/artifacts.md).
        let (valid, report) = try Self.run(
            Self.python,
            [
                Self.packageRoot + "/scripts/validate_artifacts.py", dir + "/target",
                "--require", "manifest,run_results",
            ], in: dir)
        #expect(valid == 0, "\(report)")
        // Second run: the incremental model merges, tables are swapped; nothing is left behind.
        let (again, out2) = try Self.swiftdbt(["build", "--target", "dev"], in: dir, endpoint: endpoint)
        #expect(again == 0, "\(out2)")
        #expect(out2.contains("Done. PASS=50 WARN=0 ERROR=0 SKIP=0"), "\(out2)")
        #expect(state.statements.contains { $0.hasPrefix("merge into \"awsdatacatalog\".\"rtsa_bronze\".\"silver_daily_close\"") })
        #expect(state.journal.filter { $0.hasPrefix("glue GetTable rtsa_bronze") && $0.contains("__swiftdbt_") }.count > 0)
        let keys = state.keys(bucket: "rtsa-market-lake", prefix: "dbt/rtsa_bronze_rtsa_gold/gold_grouped_returns/")
        #expect(Set(keys.map { $0.split(separator: "/")[3] }).count == 1)

        // The local target from the same lake (var lake_root defaults to ./lake).
        let local = ["SWIFTDBT_DUCKDB": Self.duckdb]
        let bin = ProcessInfo.processInfo.environment["SWIFTDBT_BIN"] ?? Self.packageRoot + "/.build/debug/swiftdbt"
        let (localStatus, localOut) = try Self.run(bin, ["build"], in: dir, env: local)
        #expect(localStatus == 0, "\(localOut)")
        for model in Self.goldModels {
            let q = "select * from rtsa_bronze_rtsa_gold.\(model) order by 1, 2, 3"
            let onFake = try Self.swiftdbt(["show", "--target", "dev", "--inline", q, "--limit", "1000"], in: dir, endpoint: endpoint)
            let onLocal = try Self.run(bin, ["show", "--inline", q, "--limit", "1000"], in: dir, env: local)
            #expect(onFake.0 == 0 && onLocal.0 == 0, "\(onFake.1)\n\(onLocal.1)")
            #expect(Self.shown(onFake.1).count > 2)
            #expect(Self.shown(onFake.1) == Self.shown(onLocal.1), "\(model) differs between the fake and the local target")
        }
        for (name, result) in [
            ("fake", try Self.swiftdbt(["show", "--target", "dev", "--inline", Self.seedQuery], in: dir, endpoint: endpoint)),
            ("local", try Self.run(bin, ["show", "--inline", Self.seedQuery], in: dir, env: local)),
        ] {
            #expect(result.0 == 0, "\(name): \(result.1)")
            let rows = Self.shown(result.1)
            #expect(rows.first == ["group_name", "day", "return_7d", "return_30d", "return_90d"], "\(name)")
            #expect(rows.contains { $0.first == "Technology" } && rows.contains { $0.first == "Defense" }, "\(name): \(result.1)")
        }
        // "How old is the newest tick" (docs/rtsa.md): both targets find the same newest tick in the same
        // lake through the source's loaded_at_field macro; the fixture lake is old, so it is stale (exit 1).
        let fakeFresh = try Self.swiftdbt(["source", "freshness", "--target", "dev", "-o", "target/fake.json"], in: dir, endpoint: endpoint)
        let localFresh = try Self.run(bin, ["source", "freshness", "-o", "target/local.json"], in: dir, env: local)
        #expect(fakeFresh.1.contains("ERROR STALE freshness of lake.ticks_enriched_v2"), "\(fakeFresh.1)")
        #expect(localFresh.1.contains("ERROR STALE freshness of lake.ticks_enriched_v2"), "\(localFresh.1)")
        func newest(_ file: String) throws -> String? {
            let doc = try JSONValue.parse(String(contentsOfFile: dir + "/target/" + file, encoding: .utf8))
            return doc["results"]?.arrayValue?.first?["max_loaded_at"]?.stringValue
        }
        #expect(try newest("fake.json") != nil && newest("fake.json") == newest("local.json"))
    }

    /// The fake computes data tests for real: a gold model broken on purpose makes its
    /// accepted_values test fail on the Athena target (it passed before the change).
    @Test func aBrokenGoldModelFailsItsDataTestOnTheFake() async throws {
        let sql = try FakeSQLSidecar.launch(environment: ProcessInfo.processInfo.environment)
        let server = try FakeAWSServer(state: FakeAWSState(now: { Date() }, sql: sql))
        let endpoint = try await server.start()
        defer { Task { await server.stop() } }
        let dir = try Self.copyProject()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for key in try Self.writeLake(in: dir) {
            server.state.putObject(bucket: "rtsa-lake", key: key, data: try Data(contentsOf: URL(fileURLWithPath: dir + "/lake/" + key)))
        }
        let model = dir + "/models/gold/gold_grouped_returns.sql"
        let text = try String(contentsOfFile: model, encoding: .utf8)
        let broken = text.replacingOccurrences(of: "    d.group_name,\n    d.trade_date,", with: "    'Aerospace' as group_name,\n    d.trade_date,")
        #expect(broken != text)
        try broken.write(toFile: model, atomically: true, encoding: .utf8)
        let (status, out) = try Self.swiftdbt(["build", "--target", "dev"], in: dir, endpoint: endpoint)
        #expect(status == 1, "\(out)")
        #expect(out.contains("FAIL 1 accepted_values_gold_grouped_r"), "\(out)")
        // Only that test fails (the summary counts a failed test under ERROR, as dbt does).
        #expect(out.contains("Done. PASS=49 WARN=0 ERROR=1 SKIP=0"), "\(out)")
    }
}
