import SDBasics

/// One selection criterion with its graph operators, e.g. `2+tag:nightly+1` or `@gold`.
public struct SelectorCriterion: Hashable, Sendable {
    /// How `value` is matched.
    public var method: SelectorMethod
    /// True when the user wrote no method and dbt's default (fqn, path or file) was chosen.
    public var methodIsImplicit: Bool
    /// The text after `method:`, globs included.
    public var value: String
    /// `+x` / `2+x`: ancestors to add.
    public var parents: GraphOperatorDepth?
    /// `x+` / `x+1`: descendants to add.
    public var children: GraphOperatorDepth?
    /// `@x`: descendants and all their ancestors.
    public var childrensParents: Bool
    /// The whole criterion, operators included.
    public var range: SourceRange
    /// The value after `method:`.
    public var valueRange: SourceRange

    /// A criterion; the parser makes these from the command line.
    public init(
        method: SelectorMethod, methodIsImplicit: Bool, value: String, parents: GraphOperatorDepth?,
        children: GraphOperatorDepth?, childrensParents: Bool, range: SourceRange, valueRange: SourceRange
    ) {
        self.method = method
        self.methodIsImplicit = methodIsImplicit
        self.value = value
        self.parents = parents
        self.children = children
        self.childrensParents = childrensParents
        self.range = range
        self.valueRange = valueRange
    }
}
