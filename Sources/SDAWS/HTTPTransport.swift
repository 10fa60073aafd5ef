import Foundation

/// One HTTP exchange as the AWS layer sees it; tests swap in fakes.
public protocol HTTPTransport: Sendable {
    /// Sends the request and returns the response of any status; throws `HTTPTransportError` when
    /// no response arrived (refused, dropped, timed out).
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// A request on the wire.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [String: String]
    public var body: Data
    /// Seconds before the exchange is abandoned.
    public var timeout: Double

    public init(method: String, url: String, headers: [String: String] = [:], body: Data = Data(), timeout: Double = 60) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// A response; header names are lower-cased.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        var lowered: [String: String] = [:]
        for (k, v) in headers { lowered[k.lowercased()] = v }
        self.headers = lowered
        self.body = body
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// No response arrived: the connection was refused, dropped or timed out.
public struct HTTPTransportError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case cannotConnect = "cannot connect"
        case connectionLost = "connection lost"
        case timedOut = "timed out"
        case tls = "TLS failure"
        case invalidRequest = "invalid request"
        case other = "transport failure"
    }

    public var kind: Kind
    public var detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// TLS failures are not retried (they do not heal by themselves and must never be bypassed),
    /// nor are requests that could not be built.
    public var isRetryable: Bool { kind != .tls && kind != .invalidRequest }

    public var description: String { detail.isEmpty ? kind.rawValue : "\(kind.rawValue): \(detail)" }
}
