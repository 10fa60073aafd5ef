import Foundation
import SDBasics
import SDProject

/// What a compile needs besides the project: the target and the run's inputs.
public struct CompileOptions: Sendable {
    public var target: Target
    public var profileName: String
    /// `--vars`, over project.yml's vars.
    public var cliVars: [String: JSONValue]
    public var environment: [String: String]
    public var fullRefresh: Bool
    /// Relations that exist in the target now (for `is_incremental()`); nil when not connected.
    public var existingTables: Set<Relation>
    public var runStartedAt: Date
    public var invocationId: String
    /// Render SQL for these nodes only (their ephemeral ancestors come along); nil renders all.
    public var renderOnly: Set<String>?
    /// Nodes declared outside the project's SQL and property files (streaming/ topics, streams,
    /// connectors), merged into the DAG as they are; see Compiler+ExtraNodes.
    public var extraNodes: [CompiledNode] = []
    /// Extra parents of project nodes, by uniqueId: a sink connector feeding a source table.
    public var extraParents: [String: [String]] = [:]
    /// Where a streaming sink writes what a source reads, by source unique id: the source's
    /// `external.location` (and partitions) default to it, and a different location is an error.
    public var sourceLakes: [String: SourceLake] = [:]
    /// Counts models parsed and nodes rendered for a progress line; nil when nobody shows one.
    public var progress: CompileProgress?
    /// `--empty` (dbt 1.8): every ref and source renders as a zero-row subquery, so a run checks
    /// that the SQL and the schema build without reading data.
    public var empty = false
    /// The live target that `run_query`, `statement` and hooks query while rendering; nil when the
    /// command does not connect (QueryConnection.swift).
    public var connection: (any QueryConnection)?
    /// Leave post-hooks unrendered: a run renders each node's post-hooks after its build
    /// (`Compiler.renderPostHooks`), so their run-time queries see the relation just built.
    public var postHooksAfterBuild = false

    public init(
        target: Target, profileName: String, cliVars: [String: JSONValue] = [:], environment: [String: String] = [:],
        fullRefresh: Bool = false, existingTables: Set<Relation> = [], runStartedAt: Date, invocationId: String,
        renderOnly: Set<String>? = nil
    ) {
        self.target = target
        self.profileName = profileName
        self.cliVars = cliVars
        self.environment = environment
        self.fullRefresh = fullRefresh
        self.existingTables = existingTables
        self.runStartedAt = runStartedAt
        self.invocationId = invocationId
        self.renderOnly = renderOnly
    }
}
