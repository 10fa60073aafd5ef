import SDBasics

/// A parsed `--select` or `--exclude`: a union (space-separated, and over repeated flags) of
/// intersections (comma-separated) of criteria.
public struct SelectorExpression: Hashable, Sendable {
    /// One space-separated member: `tag:nightly,gold` is one intersection of two criteria.
    public struct Intersection: Hashable, Sendable {
        /// The comma-separated criteria, all of which must hold.
        public var criteria: [SelectorCriterion]
        /// The member as written in the argument.
        public var range: SourceRange
        /// The member as written, used in "does not match" warnings like dbt's.
        public var text: String { range.text }

        /// A member of the union.
        public init(criteria: [SelectorCriterion], range: SourceRange) {
            self.criteria = criteria
            self.range = range
        }
    }

    /// The space-separated members, over all values of the flag.
    public var members: [Intersection]
    /// True when parsing left out a member because of an error; such an expression selects nothing.
    public var hasErrors: Bool

    /// An expression from its members.
    public init(members: [Intersection], hasErrors: Bool = false) {
        self.members = members
        self.hasErrors = hasErrors
    }

    /// True when no member was given; as `--select` that means every node.
    public var isEmpty: Bool { members.isEmpty }
}
