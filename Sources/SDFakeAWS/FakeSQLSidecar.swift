import Foundation
import SDBasics

/// The fake Athena's SQL engine: `scripts/fake_athena_sql.py`, one long-lived Python process that
/// parses each statement with sqlglot's Athena dialect, checks it against Athena engine v3's
/// documented functions, types and CTAS properties, and runs its query part on an in-memory DuckDB
/// mirror of the fake's tables (docs/athena.md, "The fake's SQL").
///
/// Requests and answers are one JSON object per line. Calls are serialised by the caller
/// (`FakeAWSState` holds its lock), so the pipe never carries two requests at once.
public final class FakeSQLSidecar: @unchecked Sendable {
    private let process: Process
    private let input: FileHandle
    private let output: FileHandle
    private var buffer = Data()
    /// A folder the sidecar owns and removes when it exits, for files the fake hands it.
    public private(set) var scratch = FileManager.default.temporaryDirectory.path
    /// One request at a time on the pipe: several fakes (sessions) may share the process.
    private let pipeLock = NSLock()
    nonisolated(unsafe) private static var sharedInstance: FakeSQLSidecar?
    private static let sharedLock = NSLock()

    public struct LaunchError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Starts `python script`; the environment chooses the interpreter (`SWIFTDBT_PYTHON`, else the
    /// repository's `.venv/bin/python`, which scripts/bootstrap.sh fills with sqlglot and duckdb).
    public static func launch(environment: [String: String]) throws -> FakeSQLSidecar {
        let root = packageRoot
        let python = environment["SWIFTDBT_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? root + "/.venv/bin/python"
        let script = environment["SWIFTDBT_FAKE_SQL"] ?? root + "/scripts/fake_athena_sql.py"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw LaunchError(description: "no python at \(python): run scripts/bootstrap.sh test or set SWIFTDBT_PYTHON")
        }
        return try FakeSQLSidecar(python: python, script: script)
    }

    /// One process for every fake of a test run (each keeps its own DuckDB mirror, by session):
    /// starting Python with sqlglot and duckdb costs most of a second.
    public static func shared(environment: [String: String]) throws -> FakeSQLSidecar {
        try sharedLock.withLock {
            if let s = sharedInstance, s.process.isRunning { return s }
            let s = try launch(environment: environment)
            sharedInstance = s
            return s
        }
    }

    /// The repository this source file belongs to (the fake runs from a checkout: tests, `make fake-aws`).
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    public init(python: String, script: String) throws {
        let child = try ChildProcess.launch(executable: python, arguments: [script], pipeStdin: true, pipeStderr: false)
        process = child.process
        input = child.stdin ?? FileHandle.nullDevice
        output = child.stdout
        // A first round trip proves the imports (sqlglot, duckdb) work before any test relies on them.
        let hello = ask(["sql": "select 1", "database": "default", "catalog": [], "hello": true])
        if let root = hello["root"]?.stringValue { scratch = root }
        guard hello["ok"]?.boolValue == true else {
            process.terminate()
            throw LaunchError(description: "the fake's SQL sidecar did not start: \(hello["message"]?.stringValue ?? "no answer")")
        }
    }

    deinit {
        try? input.close()
        if process.isRunning { process.terminate() }
    }

    /// Sends one request and waits for its answer line; a dead sidecar answers a SYSTEM error.
    func ask(_ request: JSONValue) -> JSONValue {
        pipeLock.withLock { exchange(request) }
    }

    private func exchange(_ request: JSONValue) -> JSONValue {
        guard process.isRunning else {
            return ["ok": false, "message": "GENERIC_INTERNAL_ERROR: the fake's SQL sidecar is not running", "type": 200, "category": 1]
        }
        do { try input.write(contentsOf: Data((request.serialized(indent: 0) + "\n").utf8)) } catch {
            return ["ok": false, "message": "GENERIC_INTERNAL_ERROR: the fake's SQL sidecar is gone", "type": 200, "category": 1]
        }
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                let answer = buffer[buffer.startIndex..<newline]
                buffer = Data(buffer[buffer.index(after: newline)...])
                return (try? JSONValue.parse(Data(answer))) ?? .object([:])
            }
            let chunk = output.availableData
            if chunk.isEmpty {
                return ["ok": false, "message": "GENERIC_INTERNAL_ERROR: the fake's SQL sidecar exited", "type": 200, "category": 1]
            }
            buffer.append(chunk)
        }
    }
}
