import Foundation

/// A request before signing: the path and query are unencoded, the signer encodes them.
public struct AWSRequest: Sendable {
    public var method: String
    /// Unencoded, starting with `/`; `/` for RPC-style services.
    public var path: String
    public var query: [AWSQueryItem]
    /// Header names as written; compared case-insensitively.
    public var headers: [String: String]
    public var body: Data

    public init(
        method: String, path: String = "/", query: [AWSQueryItem] = [], headers: [String: String] = [:],
        body: Data = Data()
    ) {
        self.method = method
        self.path = path.hasPrefix("/") ? path : "/" + path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The path and query as they appear on the wire (path encoded once, `/` kept).
    func encodedPathAndQuery(basePath: String) -> (path: String, query: String) {
        (basePath + AWSPercentEncoding.encodePath(path), AWSPercentEncoding.queryString(query))
    }
}
