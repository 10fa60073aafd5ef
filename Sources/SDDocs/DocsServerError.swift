/// A failure to open the listening socket.
public struct DocsServerError: Error, Sendable, CustomStringConvertible {
    /// What failed and why.
    public var description: String
}
