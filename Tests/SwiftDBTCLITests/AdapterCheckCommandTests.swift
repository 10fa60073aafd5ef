import Foundation
import Testing

/// The target adapter's model checks run in every command that compiles, before any statement
/// reaches the database: a strategy DuckDB does not have was a database error at run time.
@Suite("adapter checks in every command")
struct AdapterCheckCommandTests {
    @Test(arguments: [["compile"], ["run"], ["build"], ["ls"], ["show", "--select", "inc"]])
    func anUnsupportedStrategyStopsTheCommandWithAPositionedError(command: [String]) async throws {
        let p = try TempProject(files: [
            "models/inc.sql": "<< config(materialized='incremental', incremental_strategy='insert_overwrite') >>\nselect 1 as id\n"
        ])
        let r = try await CLI.swiftdbt(command, in: p)
        #expect(r.status == 1)
        let out = r.stdout + r.stderr
        #expect(
            out.contains("models/inc.sql:1:60: error: the duckdb target has no incremental_strategy 'insert_overwrite' (model 'inc')"),
            "\(out)")
        #expect(!FileManager.default.fileExists(atPath: p.root + "/target/run_results.json"), "nothing ran")
    }
}
