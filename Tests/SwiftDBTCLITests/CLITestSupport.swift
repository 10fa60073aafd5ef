import Foundation
import SDTestSupport
import Testing

/// Runs the real `swiftdbt` binary (built by `swift build --build-tests`) on throwaway projects, and
/// reads results back through the real `duckdb` CLI.
enum CLI {
    static let packageRoot = Repository.root

    static var binary: String {
        if let b = ProcessInfo.processInfo.environment["SWIFTDBT_BIN"] { return b }
        return packageRoot + "/.build/debug/swiftdbt"
    }

    /// The duckdb CLI the suite uses: $SWIFTDBT_DUCKDB, else the bootstrap's .venv.
    static var duckdb: String {
        if let d = ProcessInfo.processInfo.environment["SWIFTDBT_DUCKDB"], !d.isEmpty { return d }
        return packageRoot + "/.venv/bin/duckdb"
    }

    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a program to completion off Swift's cooperative pool: test suites run concurrently, and a
    /// test blocking a pool thread on a child process would starve async tests (the AWS fakes) of
    /// the only two threads a 2-core machine has.
    static func run(_ executable: String, _ args: [String], cwd: String, env: [String: String] = [:], stdin: String? = nil) async throws -> Result {
        try await offPool { try runBlocking(executable, args, cwd: cwd, env: env, stdin: stdin) }
    }

    /// Runs blocking work on a Dispatch thread and waits for it without holding a pool thread.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do { continuation.resume(returning: try work()) } catch { continuation.resume(throwing: error) }
            }
        }
    }

    static func runBlocking(_ executable: String, _ args: [String], cwd: String, env: [String: String] = [:], stdin: String? = nil) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: cwd)
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFTDBT_DUCKDB"] = duckdb
        environment["NO_COLOR"] = "1"
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        let input = Pipe()
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        // Read both pipes concurrently so a large output cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave()
        }
        group.wait()
        p.waitUntilExit()
        return Result(
            status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    static func swiftdbt(_ args: [String], in project: TempProject, env: [String: String] = [:]) async throws -> Result {
        try await run(binary, args, cwd: project.root, env: env)
    }

    /// Runs SQL against a DuckDB file and returns rows as CSV lines (header first).
    static func query(_ database: String, _ sql: String) async throws -> [String] {
        let r = try await run(duckdb, ["-csv", "-readonly", database, "-c", sql], cwd: "/")
        guard r.status == 0 else { throw QueryFailed(message: r.stderr) }
        return r.stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    struct QueryFailed: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

/// A project folder in a fresh temporary directory, deleted when the value is released.
final class TempProject {
    let root: String

    init(files: [String: String], name: String = "proj") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("swiftdbt-test-\(UUID().uuidString)").path
        var all = files
        if all["project.yml"] == nil {
            all["project.yml"] = "name: \(name)\nprofile: \(name)\n"
        }
        if all["profiles.yml"] == nil {
            all["profiles.yml"] = """
                \(name):
                  target: local
                  outputs:
                    local:
                      type: duckdb
                      path: target/test.duckdb
                      schema: main
                      threads: 2

                """
        }
        for (path, text) in all { try write(path, text) }
    }

    func write(_ path: String, _ text: String) throws {
        let url = URL(fileURLWithPath: root + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOfFile: root + "/" + path, encoding: .utf8)
    }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: root + "/" + path) }

    var database: String { root + "/target/test.duckdb" }

    func query(_ sql: String) async throws -> [String] { try await CLI.query(database, sql) }

    deinit { try? FileManager.default.removeItem(atPath: root) }
}

/// The RTSA project in a temporary folder with the example profile (DuckDB, `threads: 4`) and a lake
/// written from the fixture's ticks the way the S3 sink lays it out.
enum RTSACopy {
    static func make(ticks: Int? = nil) async throws -> TempProject {
        let p = try project()
        try await writeLake(p, name: "lake", ticks: ticks)
        return p
    }

    /// The root project's files in a temporary folder, with the example profile as profiles.yml.
    static func project() throws -> TempProject {
        let p = try TempProject(files: [:], name: "rtsa")
        let fm = FileManager.default
        for item in ["project.yml", "models", "macros", "seeds", "tests", "streaming"] {
            try? fm.removeItem(atPath: p.root + "/" + item)
            try fm.copyItem(atPath: CLI.packageRoot + "/" + item, toPath: p.root + "/" + item)
        }
        try? fm.removeItem(atPath: p.root + "/profiles.yml")
        try fm.copyItem(atPath: CLI.packageRoot + "/profiles.example.yml", toPath: p.root + "/profiles.yml")
        return p
    }

    /// Writes `<root>/<name>` from the fixture's first `ticks` ticks (all when nil; the file is in time order),
    /// committing a file every `flushSize` records per partition as the S3 sink would.
    static func writeLake(_ p: TempProject, name: String, ticks: Int?, flushSize: Int = 50) async throws {
        var csv = CLI.packageRoot + "/Tests/Fixtures/rtsa/ticks.csv"
        if let ticks {
            let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
            csv = p.root + "/\(name).csv"
            try (lines.prefix(ticks + 1).joined(separator: "\n") + "\n").write(toFile: csv, atomically: true, encoding: .utf8)
        }
        let r = try await CLI.run(
            "/usr/bin/env",
            [
                "python3", "scripts/produce_ticks.py", "--from-csv", csv, "--out", p.root + "/" + name,
                "--flush-size", String(flushSize), "--duckdb", CLI.duckdb,
            ], cwd: CLI.packageRoot)
        try #require(r.status == 0, "\(r.stderr)")
    }

    static var database: String { "target/rtsa.duckdb" }
}
