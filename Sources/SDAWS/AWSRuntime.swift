import Foundation
import SDBasics
// Re-exported: the transport types are part of this module's API (`AWSRuntime.transport`), so the
// modules and tests that configure a runtime see them without a second import.
@_exported import SDHTTP

/// Everything the AWS layer needs from the outside world, passed in so that nothing below the
/// executable reads the real environment, clock or disk: tests swap each part.
public struct AWSRuntime: Sendable {
    public var environment: [String: String]
    public var fileSystem: any FileSystem
    public var transport: any HTTPTransport
    public var processRunner: any AWSProcessRunner
    public var now: @Sendable () -> Date
    /// Waits between retries; tests pass one that records and returns at once.
    public var sleep: @Sendable (Double) async throws -> Void
    /// A uniform random number in [0, 1), for backoff jitter.
    public var random: @Sendable () -> Double
    /// Receives debug lines; they never contain secrets.
    public var log: @Sendable (String) -> Void
    /// Learns every credential the chain resolves, so the writers can keep it out of all output.
    public var scrubber: SecretScrubber?

    public init(
        environment: [String: String], fileSystem: any FileSystem, transport: any HTTPTransport,
        processRunner: any AWSProcessRunner, now: @escaping @Sendable () -> Date,
        sleep: @escaping @Sendable (Double) async throws -> Void,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        log: @escaping @Sendable (String) -> Void = { _ in }, scrubber: SecretScrubber? = nil
    ) {
        self.scrubber = scrubber
        self.environment = environment
        self.fileSystem = fileSystem
        self.transport = transport
        self.processRunner = processRunner
        self.now = now
        self.sleep = sleep
        self.random = random
        self.log = log
    }

    /// The real world, for the executable: this process's environment, the disk, URLSession,
    /// `/bin/sh`, the system clock and `Task.sleep`.
    public static func live(
        environment: [String: String], log: @escaping @Sendable (String) -> Void = { _ in }, scrubber: SecretScrubber? = nil
    ) -> AWSRuntime {
        AWSRuntime(
            environment: environment, fileSystem: LocalFileSystem(), transport: URLSessionTransport(),
            processRunner: SystemProcessRunner(), now: { Date() },
            sleep: { seconds in try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000)) },
            log: log, scrubber: scrubber)
    }
}
