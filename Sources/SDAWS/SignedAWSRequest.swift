import Foundation

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

    public var description: String {
        var lines = ["\(method) \(AWSRedaction.redactURL(url))"]
        for name in headers.keys.sorted() {
            lines.append("\(name): \(AWSRedaction.redactHeader(name: name, value: headers[name] ?? ""))")
        }
        lines.append("(\(body.count) bytes)")
        return lines.joined(separator: "\n")
    }
}
