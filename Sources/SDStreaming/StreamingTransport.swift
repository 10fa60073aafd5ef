import Foundation

/// Sends requests; the CLI passes URLSession, tests may pass anything.
public protocol StreamingTransport: Sendable {
    func send(_ request: StreamingRequest) async throws -> StreamingResponse
}
