import SDBasics
import SDGraph
import SDProject
import SDTemplate

/// One node after compilation: its identity, merged config, relation and, for SQL nodes, the SQL.
/// A node is a value, but most of its fields are strings, arrays and dictionaries: copying one
/// retained each of them, and nodes are copied whenever they move through a dictionary (a sixth of a
/// 10k-model compile went to copying and destroying nodes, bench/README.md). The fields live in one
/// box that is copied only when a node is changed while another copy still holds the box (copy on
/// write), so passing, storing and returning a node costs one retain.
public struct CompiledNode: Sendable {
    /// The fields. Never changed while shared: every change goes through `unique()` first.
    final class Storage: @unchecked Sendable {
        var uniqueId: String
        var name: String
        var resourceType: ResourceType
        var packageName: String
        var fqn: [String]
        var originalFilePath: String
        var path: String
        var config: NodeConfig
        var description: String
        var columns: [ColumnProperties]
        var meta: [String: JSONValue]
        var relation: Relation?
        /// Nil: the text of `file` (`CompiledNode.rawCode`).
        var rawCode: String?
        var compiledCode: String
        var sourceMap: SourceMap = SourceMap()
        var dependsOn: [String]
        var macros: [String]
        var refs: [[String]]
        var sources: [[String]]
        var compiledPath: String?
        var file: SourceFile?
        var attachedNode: String?
        var columnName: String?
        var testName: String?
        var testArguments: [String: JSONValue] = [:]
        var declaration: SourceRange?
        var sourceName: String?
        var external: [String: JSONValue]?
        var renderedIncremental: Bool
        var version: String? = nil
        var latestVersion: String? = nil
        var refVersions: [String?] = []
        var inputs: [String: String] = [:]
        var contentHash: String? = nil
        var deferRelation: DeferredRelation? = nil
        var unitTest: UnitTestPlan? = nil
        var preHooks: [RenderedHook] = []
        var postHooks: [RenderedHook] = []
        var constraints: [Constraint] = []

        init(
            uniqueId: String, name: String, resourceType: ResourceType, packageName: String, fqn: [String],
            originalFilePath: String, path: String, config: NodeConfig, description: String, columns: [ColumnProperties],
            meta: [String: JSONValue], relation: Relation?, rawCode: String?, compiledCode: String, dependsOn: [String],
            macros: [String], refs: [[String]], sources: [[String]], compiledPath: String?, file: SourceFile?
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

        func copy() -> Storage {
            let c = Storage(
                uniqueId: uniqueId,
                name: name,
                resourceType: resourceType,
                packageName: packageName,
                fqn: fqn,
                originalFilePath: originalFilePath,
                path: path,
                config: config,
                description: description,
                columns: columns,
                meta: meta,
                relation: relation,
                rawCode: rawCode,
                compiledCode: compiledCode,
                dependsOn: dependsOn,
                macros: macros,
                refs: refs,
                sources: sources,
                compiledPath: compiledPath,
                file: file)
            c.sourceMap = sourceMap
            c.attachedNode = attachedNode
            c.columnName = columnName
            c.testName = testName
            c.testArguments = testArguments
            c.declaration = declaration
            c.sourceName = sourceName
            c.external = external
            c.renderedIncremental = renderedIncremental
            c.version = version
            c.latestVersion = latestVersion
            c.refVersions = refVersions
            c.inputs = inputs
            c.contentHash = contentHash
            c.deferRelation = deferRelation
            c.unitTest = unitTest
            c.preHooks = preHooks
            c.postHooks = postHooks
            c.constraints = constraints
            return c
        }
    }

    private var storage: Storage

    /// Makes the box this node's own before a change.
    private mutating func unique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    public var uniqueId: String {
        get { storage.uniqueId }
        _modify {
            unique()
            yield &storage.uniqueId
        }
    }
    public var name: String {
        get { storage.name }
        _modify {
            unique()
            yield &storage.name
        }
    }
    public var resourceType: ResourceType {
        get { storage.resourceType }
        _modify {
            unique()
            yield &storage.resourceType
        }
    }
    public var packageName: String {
        get { storage.packageName }
        _modify {
            unique()
            yield &storage.packageName
        }
    }
    public var fqn: [String] {
        get { storage.fqn }
        _modify {
            unique()
            yield &storage.fqn
        }
    }
    /// Path relative to the project root (`models/gold/x.sql`, `seeds/x.csv`, the property file for sources).
    public var originalFilePath: String {
        get { storage.originalFilePath }
        _modify {
            unique()
            yield &storage.originalFilePath
        }
    }
    /// Path below the resource folder (`gold/x.sql`), as dbt's `path`.
    public var path: String {
        get { storage.path }
        _modify {
            unique()
            yield &storage.path
        }
    }
    public var config: NodeConfig {
        get { storage.config }
        _modify {
            unique()
            yield &storage.config
        }
    }
    /// Config as written by the user before defaults, for the manifest.
    public var description: String {
        get { storage.description }
        _modify {
            unique()
            yield &storage.description
        }
    }
    public var columns: [ColumnProperties] {
        get { storage.columns }
        _modify {
            unique()
            yield &storage.columns
        }
    }
    public var meta: [String: JSONValue] {
        get { storage.meta }
        _modify {
            unique()
            yield &storage.meta
        }
    }
    public var relation: Relation? {
        get { storage.relation }
        _modify {
            unique()
            yield &storage.relation
        }
    }
    /// The SQL as written. A node whose raw code is its whole file reads it from the file's bytes
    /// when asked (the manifest asks once): a `String` of it kept in every node held each model's
    /// SQL a second time for the whole compile.
    public var rawCode: String {
        get { storage.rawCode ?? storage.file?.text ?? "" }
        set {
            unique()
            storage.rawCode = newValue
        }
    }

    /// Whether the node keeps a raw code of its own rather than reading its file's.
    var holdsOwnRawCode: Bool { storage.rawCode != nil }

    /// The raw code's bytes, without decoding the file when the raw code is the file (its checksum).
    public func withRawCodeBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if storage.rawCode == nil, let file = storage.file { return file.utf8.withUnsafeBufferPointer(body) }
        return Array(rawCode.utf8).withUnsafeBufferPointer(body)
    }
    /// The rendered SQL with ephemeral parents injected as CTEs; empty for seeds and sources.
    public var compiledCode: String {
        get { storage.compiledCode }
        _modify {
            unique()
            yield &storage.compiledCode
        }
    }
    /// Where each byte range of `compiledCode` came from in the templates (empty when not rendered).
    public var sourceMap: SourceMap {
        get { storage.sourceMap }
        _modify {
            unique()
            yield &storage.sourceMap
        }
    }
    /// The nodes this node reads, by uniqueId, sorted.
    public var dependsOn: [String] {
        get { storage.dependsOn }
        _modify {
            unique()
            yield &storage.dependsOn
        }
    }
    /// Macros called while rendering, by uniqueId.
    public var macros: [String] {
        get { storage.macros }
        _modify {
            unique()
            yield &storage.macros
        }
    }
    /// `ref` calls as written: name and optional package.
    public var refs: [[String]] {
        get { storage.refs }
        _modify {
            unique()
            yield &storage.refs
        }
    }
    /// `source` calls as written: [source, table].
    public var sources: [[String]] {
        get { storage.sources }
        _modify {
            unique()
            yield &storage.sources
        }
    }
    /// Where the compiled SQL was written, relative to the project root.
    public var compiledPath: String? {
        get { storage.compiledPath }
        _modify {
            unique()
            yield &storage.compiledPath
        }
    }
    /// The file, for diagnostics pointing into it.
    public var file: SourceFile? {
        get { storage.file }
        _modify {
            unique()
            yield &storage.file
        }
    }
    /// For tests: the node they test (attached node) and their column, and the generic test's name.
    public var attachedNode: String? {
        get { storage.attachedNode }
        _modify {
            unique()
            yield &storage.attachedNode
        }
    }
    public var columnName: String? {
        get { storage.columnName }
        _modify {
            unique()
            yield &storage.columnName
        }
    }
    public var testName: String? {
        get { storage.testName }
        _modify {
            unique()
            yield &storage.testName
        }
    }
    /// For generic tests: the arguments from property YAML (`values`, `to`, `field`, …).
    public var testArguments: [String: JSONValue] {
        get { storage.testArguments }
        _modify {
            unique()
            yield &storage.testArguments
        }
    }
    /// For generic tests: where the test was declared, for diagnostics.
    public var declaration: SourceRange? {
        get { storage.declaration }
        _modify {
            unique()
            yield &storage.declaration
        }
    }
    /// For sources: source name and `external:` block.
    public var sourceName: String? {
        get { storage.sourceName }
        _modify {
            unique()
            yield &storage.sourceName
        }
    }
    public var external: [String: JSONValue]? {
        get { storage.external }
        _modify {
            unique()
            yield &storage.external
        }
    }
    /// True when the model was rendered with `is_incremental()` true.
    public var renderedIncremental: Bool {
        get { storage.renderedIncremental }
        _modify {
            unique()
            yield &storage.renderedIncremental
        }
    }
    /// For a version of a versioned model: its version and the model's latest (Compiler+Versions.swift).
    public var version: String? {
        get { storage.version }
        _modify {
            unique()
            yield &storage.version
        }
    }
    public var latestVersion: String? {
        get { storage.latestVersion }
        _modify {
            unique()
            yield &storage.latestVersion
        }
    }
    /// The version each `ref` call asked for (`v=`/`version=`), parallel to `refs`; nil for none.
    public var refVersions: [String?] {
        get { storage.refVersions }
        _modify {
            unique()
            yield &storage.refVersions
        }
    }
    /// `var.<name>`/`env_var.<name>` → a short hash of the value the parse render read (RenderReads).
    public var inputs: [String: String] {
        get { storage.inputs }
        _modify {
            unique()
            yield &storage.inputs
        }
    }
    /// For seeds: the SHA-256 of the CSV when it is under dbt's 1 MiB limit (StateInputs.swift).
    public var contentHash: String? {
        get { storage.contentHash }
        _modify {
            unique()
            yield &storage.contentHash
        }
    }
    /// With `--defer`: the state manifest's relation of this unselected node, which refs read instead.
    public var deferRelation: DeferredRelation? {
        get { storage.deferRelation }
        _modify {
            unique()
            yield &storage.deferRelation
        }
    }
    /// For a unit test: its inputs and the model's SQL over them (Compiler+UnitTests.swift).
    public var unitTest: UnitTestPlan? {
        get { storage.unitTest }
        _modify {
            unique()
            yield &storage.unitTest
        }
    }
    /// Rendered `pre-hook`/`post-hook` statements in run order (Compiler+Hooks.swift).
    public var preHooks: [RenderedHook] {
        get { storage.preHooks }
        _modify {
            unique()
            yield &storage.preHooks
        }
    }
    public var postHooks: [RenderedHook] {
        get { storage.postHooks }
        _modify {
            unique()
            yield &storage.postHooks
        }
    }
    /// A model's model-level `constraints:`; its columns carry their own (ConstraintFindings.swift).
    public var constraints: [Constraint] {
        get { storage.constraints }
        _modify {
            unique()
            yield &storage.constraints
        }
    }

    public var materialized: String {
        switch resourceType {
        case .seed: "seed"
        case .test: "test"
        case .unitTest: "unit_test"
        case .source: "source"
        default: config.materialized
        }
    }

    /// `rawCode: nil` makes the raw code the text of `file`, read from it when asked.
    public init(
        uniqueId: String, name: String, resourceType: ResourceType, packageName: String, fqn: [String],
        originalFilePath: String, path: String, config: NodeConfig = NodeConfig(), description: String = "",
        columns: [ColumnProperties] = [], meta: [String: JSONValue] = [:], relation: Relation? = nil,
        rawCode: String? = "", compiledCode: String = "", dependsOn: [String] = [], macros: [String] = [],
        refs: [[String]] = [], sources: [[String]] = [], compiledPath: String? = nil, file: SourceFile? = nil
    ) {
        storage = Storage(
            uniqueId: uniqueId,
            name: name,
            resourceType: resourceType,
            packageName: packageName,
            fqn: fqn,
            originalFilePath: originalFilePath,
            path: path,
            config: config,
            description: description,
            columns: columns,
            meta: meta,
            relation: relation,
            rawCode: rawCode,
            compiledCode: compiledCode,
            dependsOn: dependsOn,
            macros: macros,
            refs: refs,
            sources: sources,
            compiledPath: compiledPath,
            file: file)
    }
}
