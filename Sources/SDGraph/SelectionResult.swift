import SDBasics

/// The outcome of a selection: the chosen uniqueIds in topological order, plus warnings and errors.
public struct SelectionResult: Sendable {
    /// Selected uniqueIds, parents before children (ties by uniqueId).
    public let uniqueIds: [String]
    /// Parse errors (then `uniqueIds` is empty) and "does not match any enabled nodes" warnings.
    public let diagnostics: [Diagnostic]
    private let members: Set<String>

    public init(uniqueIds: [String], diagnostics: [Diagnostic]) {
        self.uniqueIds = uniqueIds
        self.diagnostics = diagnostics
        self.members = Set(uniqueIds)
    }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Whether a uniqueId was selected.
    public func contains(_ uniqueId: String) -> Bool { members.contains(uniqueId) }

    public var isEmpty: Bool { uniqueIds.isEmpty }
    public var count: Int { uniqueIds.count }
}
