import Foundation

/// An access key pair, optionally temporary; its description never shows the secret or the token.
public struct AWSCredentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?
    /// When temporary credentials stop working; nil for long-term keys.
    public var expiration: Date?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = (sessionToken?.isEmpty ?? true) ? nil : sessionToken
        self.expiration = expiration
    }

    public var description: String {
        var s = "AWSCredentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>"
        if sessionToken != nil { s += ", sessionToken: <redacted>" }
        if let expiration { s += ", expiration: \(AWSTimestamp.iso8601(expiration))" }
        return s + ")"
    }

    public var debugDescription: String { description }
}
