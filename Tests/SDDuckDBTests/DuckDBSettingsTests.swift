import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDProject
import Testing

@testable import SDDuckDB

/// The DuckDB target's profile keys do what they say on the real CLI: `temp_directory` and
/// `attach` were listed as known but read by nothing before the adapter (issue 14).
@Suite(.serialized) struct DuckDBSettingsTests {
    static func target(_ dir: String, _ extra: [String: JSONValue]) -> Target {
        var settings: [String: JSONValue] = ["path": .string(dir + "/db.duckdb")]
        for (k, v) in extra { settings[k] = v }
        return Target(name: "local", adapter: DuckDBAdapter(), schema: "main", database: "db", threads: 1, settings: settings)
    }

    @Test func tempDirectoryAndAttachReachTheSession() async throws {
        let dir = try DuckDBTestSupport.temporaryDirectory()
        // A second database file with one table, attached read-only under an alias.
        var env = ProcessInfo.processInfo.environment
        env["SWIFTDBT_DUCKDB"] = try DuckDBTestSupport.executable().foundAt
        let seed = try DuckDBEngine(
            target: Self.target(dir, ["path": .string(dir + "/other.duckdb")]), projectRoot: dir,
            environment: env, fileSystem: LocalFileSystem())
        _ = try await seed.query("create table prices as select 42 as p", limit: nil)
        await seed.close()

        let target = Self.target(
            dir,
            [
                "temp_directory": .string("spill"),
                "attach": .array([.object(["path": .string("other.duckdb"), "alias": .string("ref_data"), "read_only": .bool(true)])]),
            ])
        let engine = try DuckDBEngine(target: target, projectRoot: dir, environment: env, fileSystem: LocalFileSystem())
        let temp = try await engine.query("select current_setting('temp_directory') as t", limit: nil)
        #expect(temp.rows.first?.first == .string(dir + "/spill"))
        #expect(FileManager.default.fileExists(atPath: dir + "/spill"), "the spill folder is created before DuckDB needs it")
        let attached = try await engine.query("select p from ref_data.main.prices", limit: nil)
        #expect(attached.rows == [[.int(42)]])
        let readOnly = try await engine.query("select readonly from duckdb_databases() where database_name = 'ref_data'", limit: nil)
        #expect(readOnly.rows == [[.bool(true)]])
        await engine.close()
    }

    @Test func setupStatementsInOrder() {
        let target = Self.target(
            "/p",
            [
                "extensions": .string("httpfs"), "settings": .object(["threads": .int(2), "a_flag": .bool(true)]),
                "memory_limit": .string("1GB"), "temp_directory": .string("/tmp/spill"),
                "attach": .array([.string("/data/x.db"), .object(["path": .string("pg:dbname=x"), "type": .string("postgres")])]),
            ])
        #expect(
            DuckDBSettings(target: target).setupStatements(root: "/p") == [
                "load httpfs", "set a_flag = true", "set threads = 2", "set memory_limit = '1GB'", "set temp_directory = '/tmp/spill'",
                "attach if not exists '/data/x.db'", "attach if not exists 'pg:dbname=x' (type postgres)",
            ])
    }
}
