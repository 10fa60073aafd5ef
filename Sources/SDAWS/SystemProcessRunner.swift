import Foundation

/// Runs the command through `/bin/sh -c`, as the AWS CLI runs `credential_process` on POSIX systems.
public struct SystemProcessRunner: AWSProcessRunner {
    public init() {}

    public func run(commandLine: String, environment: [String: String]) async throws -> AWSProcessOutput {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    continuation.resume(returning: try Self.runBlocking(commandLine, environment))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    private static func runBlocking(_ commandLine: String, _ environment: [String: String]) throws -> AWSProcessOutput {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", commandLine]
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return AWSProcessOutput(status: process.terminationStatus, stdout: outData, stderr: errData)
    }
}
