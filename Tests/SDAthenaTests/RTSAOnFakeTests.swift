import Foundation
import SDBasics
import SDFakeAWS
import Testing

/// `swiftdbt build --target dev` on the RTSA project against the fake server, through the real
/// CLI binary (`.build/debug/swiftdbt`, built by `swift build --build-tests`), with the endpoint
/// override and dummy keys given in the environment as a user would ("Service-specific
/// endpoints", AWS SDKs and Tools reference guide: AWS_ENDPOINT_URL).
@Suite(.serialized) struct RTSAOnFakeTests {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func copyProject() throws -> String {
        let fm = FileManager.default
        let dir = NSTemporaryDirectory() + "swiftdbt-rtsa-athena-\(UUID().uuidString)"
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for item in ["project.yml", "models", "seeds", "macros", "tests"] {
            try fm.copyItem(atPath: packageRoot + "/" + item, toPath: dir + "/" + item)
        }
        try fm.copyItem(atPath: packageRoot + "/profiles.example.yml", toPath: dir + "/profiles.yml")
        return dir
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

    @Test func rtsaBuildsOnTheFakeTwice() async throws {
        let server = try FakeAWSServer(state: FakeAWSState(queryLatency: 0.05, now: { Date() }))
        let endpoint = try await server.start()
        defer { Task { await server.stop() } }
        let dir = try Self.copyProject()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // `debug` checks region, endpoints, credentials, STS and the workgroup, then runs `select 1`.
        let (debugStatus, debugOut) = try Self.swiftdbt(["debug", "--target", "dev"], in: dir, endpoint: endpoint)
        #expect(debugStatus == 0, "\(debugOut)")
        #expect(debugOut.contains("athena GetWorkGroup: [OK] workgroup 'primary' is ENABLED"))
        #expect(debugOut.contains("Connection test: [OK connection ok]"))
        let args = ["build", "--target", "dev", "--vars", "{lake_root: 's3://rtsa-market-lake'}"]
        let (status, out) = try Self.swiftdbt(args, in: dir, endpoint: endpoint)
        #expect(status == 0, "\(out)")
        #expect(out.contains("Completed successfully"))
        #expect(out.contains("OK created external source rtsa_lake.ticks_enriched_v2"))
        #expect(out.contains("OK loaded seed file rtsa_dev.symbol_groups"))
        let state = server.state
        #expect(state.table("rtsa_dev", "bronze_ticks")?["TableType"] == .string("VIRTUAL_VIEW"))
        #expect(state.table("rtsa_dev", "silver_daily_close")?["Parameters"]?["table_type"] == .string("ICEBERG"))
        #expect(state.table("rtsa_lake", "ticks_enriched_v2")?["Parameters"]?["storage.location.template"]
            == .string("s3://rtsa-market-lake/topics/ticks_enriched_v2/dt=${dt}/"))
        #expect(state.rows("rtsa_dev", "symbol_groups")?.rows.count ?? 0 > 0)
        // run_results.json records the bytes scanned per model.
        let results = try String(contentsOfFile: dir + "/target/run_results.json", encoding: .utf8)
        #expect(results.contains("\"data_scanned_in_bytes\""))
        // Second run: the incremental model merges, tables are swapped; nothing is left behind.
        let (again, out2) = try Self.swiftdbt(args, in: dir, endpoint: endpoint)
        #expect(again == 0, "\(out2)")
        #expect(state.statements.contains { $0.hasPrefix("merge into \"awsdatacatalog\".\"rtsa_dev\".\"silver_daily_close\"") })
        #expect(state.journal.filter { $0.hasPrefix("glue GetTable rtsa_dev.") && $0.contains("__swiftdbt_") }.count > 0)
        let keys = state.keys(bucket: "rtsa-market-lake", prefix: "dbt/rtsa_dev/gold_grouped_returns/")
        #expect(Set(keys.map { $0.split(separator: "/")[3] }).count == 1)
    }
}
