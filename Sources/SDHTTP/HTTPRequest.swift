import Foundation

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
