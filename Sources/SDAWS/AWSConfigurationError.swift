/// A configuration mistake found before any request: a bad endpoint URL, no region, a broken
/// config file entry.
public struct AWSConfigurationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
