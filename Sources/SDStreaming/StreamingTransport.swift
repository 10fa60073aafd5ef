import Foundation

/// An HTTP request to ksqlDB or Kafka Connect.
public struct StreamingRequest: Sendable, Hashable {
    public var method: String
    public var url: String
    public var headers: [String: String]
    public var body: String?

    public init(method: String, url: String, headers: [String: String] = [:], body: String? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// An HTTP response: status and body text.
public struct StreamingResponse: Sendable, Hashable {
    public var status: Int
    public var body: String

    public init(status: Int, body: String) {
        self.status = status
        self.body = body
    }
}

/// Sends requests; the CLI passes URLSession, tests may pass anything.
public protocol StreamingTransport: Sendable {
    func send(_ request: StreamingRequest) async throws -> StreamingResponse
}

/// A server could not be reached or answered something unreadable: an environmental failure.
public struct StreamingTransportError: Error, Sendable, CustomStringConvertible {
    public var url: String
    public var reason: String
    public init(url: String, reason: String) {
        self.url = url
        self.reason = reason
    }
    public var description: String { "\(url): \(reason)" }
}
