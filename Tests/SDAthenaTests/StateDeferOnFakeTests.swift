import Foundation
import SDFakeAWS
import Testing

/// `--defer --state` on Athena (issue 17 item 2), through the real binary on the strict fake (every
/// statement checked by Athena's grammar): production is the `prod` Glue database, the branch
/// builds one model into `dev` and reads its unbuilt parent from `prod`; whether the parent exists
/// in `dev` is one GetTable, never a listing of the database.
@Suite(.serialized) struct StateDeferOnFakeTests {
    static func write(_ dir: String, _ path: String, _ text: String) throws {
        let url = URL(fileURLWithPath: dir + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    static func profile(_ schema: String) -> String {
        """
            \(schema):
              type: athena
              region_name: eu-west-1
              work_group: primary
              s3_staging_dir: s3://results/athena/
              s3_data_dir: s3://lake/dbt/
              database: awsdatacatalog
              schema: \(schema)
              poll_interval: 0.05
              threads: 1

        """
    }

    @Test func aDeferredRunReadsTheParentFromProduction() async throws {
        let sql = try FakeSQLSidecar.shared(environment: ProcessInfo.processInfo.environment)
        let server = try FakeAWSServer(state: FakeAWSState(now: { Date() }, sql: sql))
        let endpoint = try await server.start()
        defer { Task { await server.stop() } }
        let dir = NSTemporaryDirectory() + "swiftdbt-defer-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.write(dir, "project.yml", "name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n")
        try Self.write(dir, "profiles.yml", "shop:\n  target: prod\n  outputs:\n" + Self.profile("prod") + Self.profile("dev"))
        try Self.write(dir, "models/orders.sql", "select 1 as id, 20 as total\n")
        try Self.write(dir, "models/order_cents.sql", "select id, total * 100 as cents from << ref('orders') >>\n")

        let (built, buildOut) = try RTSAOnFakeTests.swiftdbt(["run", "--profiles-dir", dir], in: dir, endpoint: endpoint)
        try #require(built == 0, "\(buildOut)")
        try FileManager.default.copyItem(atPath: dir + "/target", toPath: dir + "/prod-artifacts")

        server.state.clearJournal()
        let (status, out) = try RTSAOnFakeTests.swiftdbt(
            ["run", "--target", "dev", "--profiles-dir", dir, "--select", "order_cents", "--defer", "--state", "prod-artifacts"],
            in: dir, endpoint: endpoint)
        #expect(status == 0, "\(out)")
        #expect(server.state.table("dev", "order_cents") != nil)
        #expect(server.state.table("dev", "orders") == nil)
        let rows = server.state.rows("dev", "order_cents")
        #expect(rows?.rows == [["1", "2000"]], "\(String(describing: rows))")
        #expect(server.state.statements.contains { $0.contains("\"awsdatacatalog\".\"prod\".\"orders\"") }, "\(server.state.statements)")
        let glue = server.state.journal.filter { $0.hasPrefix("glue ") }
        #expect(!glue.contains { $0.hasPrefix("glue GetTables") }, "\(glue)")
        let manifest = try String(contentsOfFile: dir + "/target/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"defer_relation\""))
    }
}
