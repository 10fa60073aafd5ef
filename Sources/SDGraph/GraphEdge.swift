/// A dependency: `child` reads from `parent` (both uniqueIds).
public struct GraphEdge: Hashable, Sendable {
    /// The uniqueId read from.
    public var parent: String
    /// The uniqueId that reads it.
    public var child: String

    /// An edge from `parent` to `child`.
    public init(parent: String, child: String) {
        self.parent = parent
        self.child = child
    }
}
