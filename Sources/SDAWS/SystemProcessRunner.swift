import Foundation
import SDBasics

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
        let (status, stdout, stderr) = try ChildProcess.run(executable: "/bin/sh", arguments: ["-c", commandLine], environment: environment)
        return AWSProcessOutput(status: status, stdout: stdout, stderr: stderr)
    }
}
