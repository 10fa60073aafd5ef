import Foundation

/// A server could not be reached or answered something unreadable: an environmental failure.
public struct StreamingTransportError: Error, Sendable, CustomStringConvertible {
    public var url: String
    public var reason: String
    public var description: String { "\(url): \(reason)" }
}
