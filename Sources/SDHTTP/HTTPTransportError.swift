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
