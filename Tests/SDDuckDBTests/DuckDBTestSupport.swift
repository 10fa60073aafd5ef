import Foundation
import SDBasics
import SDTestSupport
import Testing

@testable import SDDuckDB

/// Finds the CLI for tests: $SWIFTDBT_DUCKDB, else <package root>/.venv/bin/duckdb, else PATH.
/// Missing is a failure, never a skip.
enum DuckDBTestSupport {
    static let packageRoot = Repository.root

    static func executable() throws -> DuckDBExecutable {
        var env = ProcessInfo.processInfo.environment
        if (env["SWIFTDBT_DUCKDB"] ?? "").isEmpty {
            let venv = packageRoot + "/.venv/bin/duckdb"
            if FileManager.default.fileExists(atPath: venv) { env["SWIFTDBT_DUCKDB"] = venv }
        }
        do {
            return try DuckDBExecutable.locate(explicitPath: nil, environment: env, fileSystem: LocalFileSystem())
        } catch {
            Issue.record("the duckdb CLI is needed for these tests; run `make test` (it installs it into .venv/): \(error)")
            throw error
        }
    }

    static func open(_ database: String = ":memory:") throws -> DuckDBProcess {
        try DuckDBProcess(executable: executable(), database: database, environment: ProcessInfo.processInfo.environment)
    }

    static func temporaryDirectory() throws -> String {
        let dir = NSTemporaryDirectory() + "swiftdbt-duckdb-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}

/// The DuckDBError a call throws, or nil when it succeeds.
func duckDBError<T>(_ body: () throws -> T) -> DuckDBError? {
    do {
        _ = try body()
        return nil
    } catch let error as DuckDBError {
        return error
    } catch {
        Issue.record("not a DuckDBError: \(error)")
        return nil
    }
}

/// The parts of a statement failure, or nil (recording an issue) for anything else.
func statementFailure(_ error: DuckDBError?, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> (message: String, statement: String, index: Int?)? {
    guard case .statementFailed(let message, let statement, let index)? = error else {
        Issue.record("expected a statement failure, got \(String(describing: error))", sourceLocation: sourceLocation)
        return nil
    }
    return (message, statement, index)
}
