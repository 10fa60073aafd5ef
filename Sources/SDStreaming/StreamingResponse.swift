import Foundation

/// An HTTP response: status and body text.
public struct StreamingResponse: Sendable, Hashable {
    public var status: Int
    public var body: String

    public init(status: Int, body: String) {
        self.status = status
        self.body = body
    }
}
