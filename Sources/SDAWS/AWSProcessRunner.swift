import Foundation

/// Runs a `credential_process` command line; tests pass a fake.
public protocol AWSProcessRunner: Sendable {
    func run(commandLine: String, environment: [String: String]) async throws -> AWSProcessOutput
}
