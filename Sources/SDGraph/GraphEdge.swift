/// A dependency: `child` reads from `parent` (both uniqueIds).
public struct GraphEdge: Hashable, Sendable {
    public var parent: String
    public var child: String

    public init(parent: String, child: String) {
        self.parent = parent
        self.child = child
    }
}
