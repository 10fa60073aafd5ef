import SDHTTP

/// A request that got no usable answer after its retries: connection refused, dropped, timed out.
public struct AWSTransportFailure: Error, Sendable, CustomStringConvertible {
    public var service: String
    public var operation: String
    /// The endpoint, without query or credentials.
    public var endpoint: String
    public var underlying: HTTPTransportError
    public var attempts: Int
    public var retryNote: String?

    public var description: String {
        var s = "\(service) \(operation) failed: \(underlying) (\(endpoint)"
        if attempts > 1 { s += ", after \(attempts) attempts" }
        s += ")"
        if let retryNote { s += "; \(retryNote)" }
        return s
    }
}
