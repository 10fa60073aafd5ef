/// One column of a catalogued relation.
public struct CatalogColumn: Sendable, Hashable {
    /// The column's name as the target spells it.
    public var name: String
    /// The target's type name (`DECIMAL(18,6)`, `varchar`…).
    public var type: String
    /// 1-based position, as information_schema's `ordinal_position`.
    public var index: Int
    /// The target's column comment, if any.
    public var comment: String?

    public init(name: String, type: String, index: Int, comment: String? = nil) {
        self.name = name
        self.type = type
        self.index = index
        self.comment = comment
    }
}
