import Foundation
import SDHTTP

/// A signed request, ready for the transport; its description redacts the credentials.
public struct SignedAWSRequest: Sendable, CustomStringConvertible {
    public var method: String
    public var url: String
    public var headers: [String: String]
    public var body: Data
    /// The SigV4 canonical request, kept for debugging signature mismatches (holds no secret
    /// except a session token, which `description` redacts).
    public var canonicalRequest: String
    public var stringToSign: String

    /// The request as sent, redacted as `HTTPRequest` prints itself.
    public var description: String { HTTPRequest(method: method, url: url, headers: headers, body: body).description }
}
