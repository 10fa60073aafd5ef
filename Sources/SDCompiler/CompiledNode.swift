import SDBasics
import SDGraph
import SDProject
import SDTemplate

/// One node after compilation: its identity, merged config, relation and, for SQL nodes, the SQL.
public struct CompiledNode: Sendable {
    public var uniqueId: String
    public var name: String
    public var resourceType: ResourceType
    public var packageName: String
    public var fqn: [String]
    /// Path relative to the project root (`models/gold/x.sql`, `seeds/x.csv`, the property file for sources).
    public var originalFilePath: String
    /// Path below the resource folder (`gold/x.sql`), as dbt's `path`.
    public var path: String
    public var config: NodeConfig
    /// Config as written by the user before defaults, for the manifest.
    public var description: String
    public var columns: [ColumnProperties]
    public var meta: [String: JSONValue]
    public var relation: Relation?
    public var rawCode: String
    /// The rendered SQL with ephemeral parents injected as CTEs; empty for seeds and sources.
    public var compiledCode: String
    /// Where each byte range of `compiledCode` came from in the templates (empty when not rendered).
    public var sourceMap = SourceMap()
    /// The nodes this node reads, by uniqueId, sorted.
    public var dependsOn: [String]
    /// Macros called while rendering, by uniqueId.
    public var macros: [String]
    /// `ref` calls as written: name and optional package.
    public var refs: [[String]]
    /// `source` calls as written: [source, table].
    public var sources: [[String]]
    /// Where the compiled SQL was written, relative to the project root.
    public var compiledPath: String?
    /// The file, for diagnostics pointing into it.
    public var file: SourceFile?
    /// For tests: the node they test (attached node) and their column, and the generic test's name.
    public var attachedNode: String?
    public var columnName: String?
    public var testName: String?
    /// For generic tests: the arguments from property YAML (`values`, `to`, `field`, …).
    public var testArguments: [String: JSONValue] = [:]
    /// For generic tests: where the test was declared, for diagnostics.
    public var declaration: SourceRange?
    /// For sources: source name and `external:` block.
    public var sourceName: String?
    public var external: [String: JSONValue]?
    /// True when the model was rendered with `is_incremental()` true.
    public var renderedIncremental: Bool
    /// For a version of a versioned model: its version and the model's latest (Compiler+Versions.swift).
    public var version: String? = nil
    public var latestVersion: String? = nil
    /// The version each `ref` call asked for (`v=`/`version=`), parallel to `refs`; nil for none.
    public var refVersions: [String?] = []
    /// `var.<name>`/`env_var.<name>` → a short hash of the value the parse render read (RenderReads).
    public var inputs: [String: String] = [:]
    /// For seeds: the SHA-256 of the CSV when it is under dbt's 1 MiB limit (StateInputs.swift).
    public var contentHash: String? = nil
    /// With `--defer`: the state manifest's relation of this unselected node, which refs read instead.
    public var deferRelation: DeferredRelation? = nil
    /// For a unit test: its inputs and the model's SQL over them (Compiler+UnitTests.swift).
    public var unitTest: UnitTestPlan? = nil
    /// Rendered `pre-hook`/`post-hook` statements in run order (Compiler+Hooks.swift).
    public var preHooks: [RenderedHook] = []
    public var postHooks: [RenderedHook] = []
    /// A model's model-level `constraints:`; its columns carry their own (ConstraintFindings.swift).
    public var constraints: [Constraint] = []

    public var materialized: String {
        switch resourceType {
        case .seed: "seed"
        case .test: "test"
        case .unitTest: "unit_test"
        case .source: "source"
        default: config.materialized
        }
    }

    public init(
        uniqueId: String, name: String, resourceType: ResourceType, packageName: String, fqn: [String],
        originalFilePath: String, path: String, config: NodeConfig = NodeConfig(), description: String = "",
        columns: [ColumnProperties] = [], meta: [String: JSONValue] = [:], relation: Relation? = nil,
        rawCode: String = "", compiledCode: String = "", dependsOn: [String] = [], macros: [String] = [],
        refs: [[String]] = [], sources: [[String]] = [], compiledPath: String? = nil, file: SourceFile? = nil
    ) {
        self.uniqueId = uniqueId
        self.name = name
        self.resourceType = resourceType
        self.packageName = packageName
        self.fqn = fqn
        self.originalFilePath = originalFilePath
        self.path = path
        self.config = config
        self.description = description
        self.columns = columns
        self.meta = meta
        self.relation = relation
        self.rawCode = rawCode
        self.compiledCode = compiledCode
        self.dependsOn = dependsOn
        self.macros = macros
        self.refs = refs
        self.sources = sources
        self.compiledPath = compiledPath
        self.file = file
        self.renderedIncremental = false
    }
}
