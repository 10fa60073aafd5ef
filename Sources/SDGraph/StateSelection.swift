import SDBasics

/// What changed in one node between the state manifest (`--state DIR`) and this compile, as dbt's
/// `state:` selector method names the parts (docs.getdbt.com, "Node selector methods", `state`).
/// The comparison itself is the compiler's (SDCompiler/StateComparison.swift); the graph only
/// needs the outcome, so SDGraph stays free of manifests.
public enum StateChange: String, CaseIterable, Hashable, Sendable {
    /// The template, normalised (whitespace and comments do not count), or the vars and env vars it read.
    case body
    /// The resolved config.
    case configs
    /// Database, schema or alias: where the node's relation lives.
    case relation
    /// Descriptions that `persist_docs` writes to the database.
    case persistedDescriptions = "persisted_descriptions"
    /// A macro the node calls, directly or through other macros.
    case macros
    /// The model contract: `contract.enforced` or the columns' data types.
    case contract
}

/// The outcome of comparing this compile with a state manifest: which nodes the state knows and
/// what changed in each.
public struct NodeStates: Sendable, Equatable {
    /// Unique ids present in the state manifest (dbt's `state:old`).
    public var known: Set<String>
    /// The changes of nodes present in both; a node absent here and present in `known` is unchanged.
    public var changes: [String: Set<StateChange>]

    public init(known: Set<String> = [], changes: [String: Set<StateChange>] = [:]) {
        self.known = known
        self.changes = changes
    }

    /// The values `state:` accepts: dbt's `new`, `old`, `modified` and `modified.<part>`.
    public static let values: [String] = ["new", "old", "modified"] + StateChange.allCases.map { "modified.\($0.rawValue)" }

    /// Whether the node matches `state:<value>`. As in dbt, a node new since the state is also
    /// `modified` and matches every `modified.<part>` (there is nothing to compare it with).
    public func matches(_ uniqueId: String, value: String) -> Bool {
        let isNew = !known.contains(uniqueId)
        switch value {
        case "new": return isNew
        case "old": return !isNew
        case "modified": return isNew || !(changes[uniqueId]?.isEmpty ?? true)
        default:
            guard value.hasPrefix("modified."), let part = StateChange(rawValue: String(value.dropFirst("modified.".count))) else {
                return false
            }
            return isNew || changes[uniqueId]?.contains(part) == true
        }
    }
}

extension NodeSelector {
    /// `state:` without a state to compare with is an error at the criterion, never an empty
    /// selection: `--select state:modified+` that quietly builds nothing (or, excluded, everything)
    /// would be worse than no CI job at all.
    func missingState(_ select: SelectorExpression, _ exclude: SelectorExpression) -> Diagnostic? {
        guard states == nil else { return nil }
        for member in select.members + exclude.members {
            for criterion in member.criteria where criterion.method == .state {
                return .error(
                    "the state method needs a previous manifest to compare with", at: criterion.range,
                    hint: "pass --state with the target folder of the run to compare with, e.g. --state prod-artifacts/")
            }
        }
        return nil
    }
}
