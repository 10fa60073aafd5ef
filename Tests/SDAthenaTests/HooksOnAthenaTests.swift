import Foundation
import SDFakeAWS
import Testing

/// Hooks, run_query and run-operation on Athena, through the real CLI against the fake (whose SQL
/// goes through sqlglot's Athena dialect and Athena engine v3's functions, so what Athena refuses
/// fails here too): each hook and query is one Athena query, in dbt's order.
@Suite(.serialized) struct HooksOnAthenaTests {
    static func write(_ files: [String: String]) throws -> String {
        let dir = NSTemporaryDirectory() + "swiftdbt-athena-hooks-\(UUID().uuidString)"
        var all = files
        all["profiles.yml"] = TemplateErrorPositionOnAthenaTests.profiles
        for (path, text) in all {
            let url = URL(fileURLWithPath: dir + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return dir
    }

    @Test func hooksAndRunQueryRunInOrderOnAthena() async throws {
        let state = FakeAWSState(queryLatency: 0, now: { Date() }, sql: try FakeSQLSidecar.shared(environment: ProcessInfo.processInfo.environment))
        let server = try FakeAWSServer(state: state)
        let endpoint = try await server.start()
        defer { Task { await server.stop() } }
        let dir = try Self.write([
            "project.yml": """
            name: proj
            profile: proj
            on-run-start: "select 'hook-start' as h"
            on-run-end: "select 'hook-end << results | length >>' as h"
            """,
            "models/src.sql": "<< config(materialized='table') >>\nselect * from (values (3), (41)) as t(n)",
            "models/m.sql": """
            << config(materialized='table', pre_hook="select 'hook-pre' as h", post_hook="select count(*) as hook_post from << this >>") >>
            << if execute >><< set r = run_query('select max(n) as top from analytics.src') >><< endif >>
            select << r.rows[0][0] if execute else 0 >> as top
            """,
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (first, out1) = try RTSAOnFakeTests.swiftdbt(["run", "-s", "src"], in: dir, endpoint: endpoint)
        #expect(first == 0, "\(out1)")
        #expect(state.rows("analytics", "src")?.rows.count == 2, "\(String(describing: state.rows("analytics", "src")))")
        state.clearJournal()
        let (status, out) = try RTSAOnFakeTests.swiftdbt(["run", "-s", "m"], in: dir, endpoint: endpoint)
        #expect(status == 0, "\(out)")
        #expect(state.rows("analytics", "m")?.rows == [["41"]], "\(String(describing: state.rows("analytics", "m")))")
        // on-run-start, then the render's query (the selection renders after it), the pre-hook, the
        // build, the post-hook (rendered after the build), on-run-end.
        let sent = state.statements
        let marks = ["'hook-start'", "max(n) as top", "'hook-pre'", "create table", "hook_post", "'hook-end 1'"].map { mark in
            sent.firstIndex { $0.localizedCaseInsensitiveContains(mark) }
        }
        #expect(marks.allSatisfy { $0 != nil }, "missing statements in \(sent)")
        let found = marks.compactMap { $0 }
        #expect(found == found.sorted(), "hooks out of order: \(marks) in \(sent)")
        #expect(out.contains("1 of 1 OK hook: proj.on-run-end.0"), "\(out)")
    }

    @Test func aHookAthenaRefusesFailsTheNodeAndRunOperationRunsItsQueries() async throws {
        let state = FakeAWSState(queryLatency: 0, now: { Date() }, sql: try FakeSQLSidecar.shared(environment: ProcessInfo.processInfo.environment))
        let server = try FakeAWSServer(state: state)
        let endpoint = try await server.start()
        defer { Task { await server.stop() } }
        let dir = try Self.write([
            "project.yml": "name: proj\nprofile: proj\n",
            // DuckDB's epoch_ms is no Athena function: the fake refuses it as Athena does.
            "models/m.sql": "<< config(materialized='table', pre_hook='select epoch_ms(1000) as ts') >>\nselect 1 as v",
            "macros/ops.sql": """
            << macro probe(label) >>
            << do run_query("select '" ~ label ~ "' as probe_label") >>
            << endmacro >>
            """,
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (status, out) = try RTSAOnFakeTests.swiftdbt(["run"], in: dir, endpoint: endpoint)
        #expect(status == 1, "\(out)")
        #expect(state.table("analytics", "m") == nil, "the model must not be built after its pre-hook failed")
        let (op, opOut) = try RTSAOnFakeTests.swiftdbt(["run-operation", "probe", "--args", "{label: from_cli}"], in: dir, endpoint: endpoint)
        #expect(op == 0, "\(opOut)")
        #expect(state.statements.contains { $0.contains("'from_cli' as probe_label") }, "\(state.statements)")
    }
}
