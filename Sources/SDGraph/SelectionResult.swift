import SDBasics

/// The outcome of a selection: the chosen uniqueIds in topological order, plus warnings and errors.
public struct SelectionResult: Sendable {
    /// Selected uniqueIds, parents before children (ties by uniqueId).
    public let uniqueIds: [String]
    /// Parse errors (then `uniqueIds` is empty) and "does not match any enabled nodes" warnings.
    public let diagnostics: [Diagnostic]
    private let membership: Membership

    /// Membership by the graph's own index and bitmap, so large selections are not hashed twice.
    private enum Membership: Sendable {
        case ids(Set<String>)
        case nodes(index: NodeIndexTable, set: NodeSet)
    }

    /// A result from ids in topological order, for callers that select by other means.
    public init(uniqueIds: [String], diagnostics: [Diagnostic]) {
        self.uniqueIds = uniqueIds
        self.diagnostics = diagnostics
        self.membership = .ids(Set(uniqueIds))
    }

    init(uniqueIds: [String], diagnostics: [Diagnostic], index: NodeIndexTable, set: NodeSet) {
        self.uniqueIds = uniqueIds
        self.diagnostics = diagnostics
        self.membership = .nodes(index: index, set: set)
    }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Whether a uniqueId was selected.
    public func contains(_ uniqueId: String) -> Bool {
        switch membership {
        case .ids(let ids): return ids.contains(uniqueId)
        case .nodes(let index, let set): return index.index(of: uniqueId).map(set.contains) ?? false
        }
    }

    /// Whether nothing was selected.
    public var isEmpty: Bool { uniqueIds.isEmpty }
    /// How many nodes were selected.
    public var count: Int { uniqueIds.count }
}
