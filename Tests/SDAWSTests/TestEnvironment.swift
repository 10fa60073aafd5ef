import Foundation
import SDTestSupport
import Testing

/// Paths and subprocesses the integration tests need: the package root, the bootstrap's Python and
/// the helper scripts under scripts/aws-test-helpers.
enum TestEnvironment {
    static let packageRoot = Repository.root

    static func helper(_ name: String) -> String { packageRoot + "/scripts/aws-test-helpers/" + name }

    /// `$SWIFTDBT_PYTHON`, else `.venv/bin/python` at the package root; a missing one fails the test.
    static func python() throws -> String {
        let env = ProcessInfo.processInfo.environment
        let candidate = env["SWIFTDBT_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? packageRoot + "/.venv/bin/python"
        guard FileManager.default.isExecutableFile(atPath: candidate) else {
            Issue.record("no Python at \(candidate): run `make test` or `scripts/bootstrap.sh test` first")
            throw MissingTool(path: candidate)
        }
        return candidate
    }

    static func venvBin(_ tool: String) throws -> String {
        let python = try python()
        let path = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent(tool).path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            Issue.record("no \(tool) beside \(python): run `make test` or `scripts/bootstrap.sh test` first")
            throw MissingTool(path: path)
        }
        return path
    }

    struct MissingTool: Error { var path: String }
    struct ProcessFailed: Error, CustomStringConvertible {
        var status: Int32
        var stderr: String
        var description: String { "exit \(status): \(stderr)" }
    }

    /// Runs a program to completion and returns its stdout; a non-zero exit throws with stderr.
    static func run(_ executable: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        // stderr goes to a file so that a chatty child can never block on a full pipe.
        let errPath = NSTemporaryDirectory() + "sdaws-stderr-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errPath) }
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let err = FileManager.default.contents(atPath: errPath) ?? Data()
            throw ProcessFailed(status: process.terminationStatus, stderr: String(decoding: err, as: UTF8.self))
        }
        return data
    }
}
