import Foundation
import SDBasics

/// What a model's `materialized` config names. Parsed once, at load and compile, where an unknown
/// value is a positioned error (`ConfigKeys.unknownMaterialization`); engines switch over the enum.
/// Seeds, tests and sources are resource types of their own, not materializations (as in dbt).
public enum Materialization: String, Sendable, CaseIterable {
    case view, table, incremental, ephemeral
}

/// An incremental model's `incremental_strategy`, with dbt's names (dbt docs, "About
/// incremental_strategy"). Which ones a target supports, and which need a `unique_key`, its
/// adapter says in `TargetAdapter.validate`; an unknown or unsupported one is a compile error.
public enum IncrementalStrategy: String, Sendable, CaseIterable {
    case append
    case deleteInsert = "delete+insert"
    case merge
    case insertOverwrite = "insert_overwrite"
}

extension NodeConfig {
    /// The model's materialization (`view` when unset); nil for a name no case has, which the
    /// compile has already reported.
    public var materialization: Materialization? { Materialization(rawValue: materialized) }

    /// The configured strategy; nil when unset (the engine picks its default) or unknown (reported at compile).
    public var incrementalStrategy: IncrementalStrategy? { string("incremental_strategy").flatMap(IncrementalStrategy.init(rawValue:)) }

    /// `unique_key` as a list of column names: a string (comma-separated) or a list.
    public var uniqueKey: [String] {
        switch self["unique_key"] {
        case .string(let s): s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        case .array(let a): a.compactMap(\.stringValue)
        default: []
        }
    }
}
