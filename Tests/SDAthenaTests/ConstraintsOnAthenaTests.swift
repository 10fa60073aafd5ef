import Foundation
import SDFakeAWS
import Testing

/// Constraints on Athena, through the real CLI against the fake: Athena has none, so dbt-athena
/// declares every type not supported and dbt warns once per constraint and builds the model without
/// it; `warn_unsupported: false` silences one constraint's warning.
@Suite(.serialized) struct ConstraintsOnAthenaTests {
    @Test func eachConstraintIsWarnedOnceAtItsTypeAndTheModelStillBuilds() async throws {
        let state = FakeAWSState(queryLatency: 0, now: { Date() })
        let server = try FakeAWSServer(state: state)
        let endpoint = try await server.start()
        defer { Task { await server.stop() } }
        let dir = NSTemporaryDirectory() + "swiftdbt-athena-constraints-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = [
            "project.yml": "name: proj\nprofile: proj\n",
            "profiles.yml": TemplateErrorPositionOnAthenaTests.profiles,
            "models/orders.sql": "<< config(materialized='table') >>\nselect 1 as id, 'placed' as status",
            "models/orders.yml": """
            version: 2
            models:
              - name: orders
                config:
                  contract: {enforced: true}
                constraints:
                  - type: primary_key
                    columns: [id]
                columns:
                  - name: id
                    data_type: integer
                    constraints:
                      - type: not_null
                  - name: status
                    data_type: varchar
                    constraints:
                      - type: check
                        expression: "status <> ''"
                        warn_unsupported: false
            """,
        ]
        for (path, text) in files {
            let url = URL(fileURLWithPath: dir + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let (status, out) = try RTSAOnFakeTests.swiftdbt(["run"], in: dir, endpoint: endpoint)
        #expect(status == 0, "\(out)")
        let primary = "models/orders.yml:7:15: warning: the constraint type primary_key is not supported by athena, and will be ignored"
        let notNull = "models/orders.yml:13:19: warning: the constraint type not_null is not supported by athena, and will be ignored"
        #expect(out.components(separatedBy: primary).count == 2, "\(out)")
        #expect(out.components(separatedBy: notNull).count == 2, "\(out)")
        #expect(out.contains("set 'warn_unsupported: false' on this constraint to ignore this warning"), "\(out)")
        #expect(!out.contains("constraint type check"), "\(out)")
        #expect(state.table("analytics", "orders") != nil, "\(out)")
    }
}
