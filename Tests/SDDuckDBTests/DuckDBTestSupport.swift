import Foundation
import SDBasics
import Testing

@testable import SDDuckDB

/// Finds the CLI for tests: $SWIFTDBT_DUCKDB, else <package root>/.venv/bin/duckdb, else PATH.
/// Missing is a failure, never a skip.
enum DuckDBTestSupport {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

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

/// A FileSystem holding only the paths it is given, for executable lookup tests.
struct PathSetFileSystem: FileSystem {
    var files: Set<String>
    func readFile(_ path: String) throws -> String { throw FileSystemError(path: path, reason: "not here") }
    func fileExists(_ path: String) -> Bool { files.contains(path) }
    func isDirectory(_ path: String) -> Bool { false }
    func listFiles(under directory: String) throws -> [String] { [] }
    func writeFile(_ path: String, _ contents: String) throws {}
    func createDirectory(_ path: String) throws {}
    func removeItem(_ path: String) throws {}
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
