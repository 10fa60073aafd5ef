import SDBasics

/// One dependency cycle: the nodes in order, each a parent of the next, the last a parent of the first.
public struct DependencyCycle: Hashable, Sendable, CustomStringConvertible {
    /// uniqueIds along the cycle, starting at the smallest; a self-loop has one element.
    public let uniqueIds: [String]
    /// Plain node names in the same order.
    public let names: [String]
    /// Nodes in the same strongly connected component that this cycle does not pass through.
    public let otherMembers: [String]
    /// Plain names of `otherMembers`.
    public let otherMemberNames: [String]

    /// `model.p.a -> model.p.b -> model.p.a`.
    public var description: String { (uniqueIds + uniqueIds.prefix(1)).joined(separator: " -> ") }

    /// `a -> b -> a`, for users.
    public var nameDescription: String { (names + names.prefix(1)).joined(separator: " -> ") }

    /// An error diagnostic: `dependency cycle: a -> b -> a` (plain names) or with uniqueIds.
    public func diagnostic(plainNames: Bool = true) -> Diagnostic {
        let path = plainNames ? nameDescription : description
        var hint: String? = nil
        let others = plainNames ? otherMemberNames : otherMembers
        if !others.isEmpty {
            hint = "also caught in cycles with these: \(others.joined(separator: ", "))"
        }
        return .error("dependency cycle: \(path)", hint: hint)
    }
}

extension DependencyGraph {
    /// One error per cycle, in the order of `cycles`.
    public func cycleDiagnostics(plainNames: Bool = true) -> [Diagnostic] {
        cycles.map { $0.diagnostic(plainNames: plainNames) }
    }
}
