import Foundation
import SDFakeAWS
import Testing

/// dbt's unit tests on Athena (issue 16 item 3), through the real CLI against the fake: the given
/// rows are cast to the Trino names of the parent's Glue column types (`string` → `varchar`, which
/// Athena requires in a CAST), the statement passes the fake's Athena grammar check, and the fake
/// runs it, so a wrong expectation fails with the diff.
@Suite(.serialized) struct UnitTestOnAthenaTests {
    static func project(_ dir: String, expectTotal: Int) throws {
        let files = [
            "project.yml": "name: proj\nprofile: proj\n",
            "profiles.yml": TemplateErrorPositionOnAthenaTests.profiles,
            "seeds/raw_orders.csv": "id,amount,status\n1,3,paid\n",
            "models/stg_orders.sql": "<< config(materialized='table') >>\nselect id, amount, status from << ref('raw_orders') >>\n",
            "models/order_totals.sql": """
            << config(materialized='table') >>
            select status, count(*) as n, sum(amount) as total from << ref('stg_orders') >> group by status

            """,
            "models/unit.yml": """
            unit_tests:
              - name: totals
                model: order_totals
                given:
                  - input: ref('stg_orders')
                    rows:
                      - {id: 1, amount: 10, status: paid}
                      - {id: 2, amount: 5, status: paid}
                      - {id: 3, status: open}
                expect:
                  rows:
                    - {status: paid, n: 2, total: \(expectTotal)}
                    - {status: open, n: 1, total: null}

            """,
        ]
        for (path, text) in files {
            let url = URL(fileURLWithPath: dir + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    @Test func unitTestsRunOnTheFakeWithAthenaTypes() async throws {
        // The strict fake: sqlglot's Athena grammar checks each statement, then DuckDB runs it.
        let sql = try FakeSQLSidecar.shared(environment: ProcessInfo.processInfo.environment)
        let state = FakeAWSState(queryLatency: 0, now: { Date() }, sql: sql)
        let server = try FakeAWSServer(state: state)
        let endpoint = try await server.start()
        defer { Task { await server.stop() } }
        let dir = NSTemporaryDirectory() + "swiftdbt-athena-unit-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.project(dir, expectTotal: 15)
        let (status, out) = try RTSAOnFakeTests.swiftdbt(["build"], in: dir, endpoint: endpoint)
        #expect(status == 0, "\(out)")
        #expect(out.contains("PASS totals"), "\(out)")
        let sent = try #require(state.statements.first { $0.contains("__dbt__cte__stg_orders as (") }, "\(state.statements)")
        // Glue's `string` and `int`/`bigint` as Trino spells them in a CAST; a column not given is a typed null.
        #expect(sent.contains(#"cast('paid' as varchar) as "status""#), "\(sent)")
        #expect(sent.contains(#"cast(null as varchar) as "status""#) == false, "\(sent)")
        #expect(sent.contains(#"cast(null as "#) && sent.contains(#" as "amount""#), "\(sent)")
        #expect(!sent.contains(" as string)"), "\(sent)")

        try Self.project(dir, expectTotal: 16)
        let (failed, failOut) = try RTSAOnFakeTests.swiftdbt(["test", "-s", "test_type:unit"], in: dir, endpoint: endpoint)
        #expect(failed == 1, "\(failOut)")
        #expect(failOut.contains("FAIL 2 totals"), "\(failOut)")
        #expect(failOut.contains("| --- | paid") && failOut.contains("| +++ | paid"), "\(failOut)")
    }
}
