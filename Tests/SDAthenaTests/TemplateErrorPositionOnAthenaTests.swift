import Foundation
import SDFakeAWS
import Testing

/// An Athena error names the template line that wrote the failing SQL (issue 19, item 7), through the
/// real CLI against the fake. The fake does not resolve columns, so it is told to fail the query
/// the way Athena does when a column is unknown: COLUMN_NOT_FOUND with Trino's `line L:C` of the
/// column in the statement swiftdbt sent (the CTAS with its `with (…)` properties around the model).
@Suite(.serialized) struct TemplateErrorPositionOnAthenaTests {
    static let profiles = """
        proj:
          target: dev
          outputs:
            dev:
              type: athena
              region_name: eu-west-1
              work_group: primary
              s3_staging_dir: s3://results/athena/
              s3_data_dir: s3://lake/dbt/
              database: awsdatacatalog
              schema: analytics
              threads: 2

        """

    @Test func columnNotFoundPointsAtTheModelLineInsideAnIfBlock() async throws {
        let state = FakeAWSState(queryLatency: 0, now: { Date() })
        let server = try FakeAWSServer(state: state)
        let endpoint = try await server.start()
        defer { Task { await server.stop() } }
        let dir = NSTemporaryDirectory() + "swiftdbt-athena-pos-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = [
            "project.yml": "name: proj\nprofile: proj\n",
            "profiles.yml": Self.profiles,
            "models/broken.sql": """
            << config(materialized='table') ->>
            select id,
            << if true >>
              name, no_such_column
            << endif >>
            from (select 1 as id, 'é' as name) s
            """,
        ]
        for (path, text) in files {
            let url = URL(fileURLWithPath: dir + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        state.inject(
            .failingQuery(
                at: "no_such_column",
                message: "COLUMN_NOT_FOUND: {position}: Column 'no_such_column' cannot be resolved"))
        let (status, out) = try RTSAOnFakeTests.swiftdbt(["run"], in: dir, endpoint: endpoint)
        #expect(status == 1, "\(out)")
        // The CTAS puts the model after its properties, so Athena's line is not the model's.
        #expect(
            out.range(of: #"COLUMN_NOT_FOUND: line (1[0-9]|[5-9]):9: Column 'no_such_column'"#, options: .regularExpression) != nil,
            "\(out)")
        #expect(out.contains("models/broken.sql:4:9: error: database error: athena query"), "\(out)")
        #expect(out.contains("4 |   name, no_such_column"), "\(out)")
        #expect(out.contains("|         ^" + String(repeating: "~", count: "no_such_column".count - 1)), "\(out)")
        #expect(out.contains("target/compiled/proj/models/broken.sql:3:9: note: compiled SQL"), "\(out)")
    }
}
