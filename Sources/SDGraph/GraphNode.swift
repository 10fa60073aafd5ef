/// A node as the graph and the selector language see it; the compiler maps its own nodes into this.
public struct GraphNode: Hashable, Sendable {
    /// dbt style: `model.<pkg>.<name>`, `seed.<pkg>.<name>`, `source.<pkg>.<source>.<table>`, `test.<pkg>.<name>.<hash>`.
    public var uniqueId: String
    /// The plain name: a model's file stem, a source table, a test's generated name.
    public var name: String
    /// What kind of node this is.
    public var resourceType: ResourceType
    /// The package (project) that defines the node.
    public var packageName: String
    /// Package, folders below the resource path, then the name: `["rtsa", "gold", "gold_grouped_returns"]`.
    public var fqn: [String]
    /// Relative to the project root, `/`-separated: `models/gold/gold_grouped_returns.sql`.
    public var originalFilePath: String
    /// Tags from config and properties, as `tag:` matches them.
    public var tags: [String]
    /// Flat config; nested keys are joined with dots (`meta.owner`).
    public var config: [String: ConfigValue]
    /// For sources: the source name (`lake` in `source('lake', 'ticks')`).
    public var sourceName: String?
    /// For tests: generic or singular.
    public var testType: TestType?
    /// For generic tests: the test's name (`not_null`, `unique`, `relationships`).
    public var testName: String?
    /// For tests: the uniqueIds of the nodes they test, used by indirect selection with the graph parents.
    public var testedNodeIds: [String]
    /// For a version of a versioned model: its version and the model's latest.
    public var version: String? = nil
    public var latestVersion: String? = nil

    /// What dbt's `version:` method calls this node: `none` unversioned, else `latest`, `old` (below
    /// the latest) or `prerelease` (above it); numbers compare as numbers.
    var versionKind: String {
        guard let version, let latestVersion else { return "none" }
        if version == latestVersion { return "latest" }
        let older = if let a = Double(version), let b = Double(latestVersion) { a < b } else { version < latestVersion }
        return older ? "old" : "prerelease"
    }

    /// A node; only the identity, kind, fqn and path are required.
    public init(
        uniqueId: String, name: String, resourceType: ResourceType, packageName: String, fqn: [String],
        originalFilePath: String, tags: [String] = [], config: [String: ConfigValue] = [:],
        sourceName: String? = nil, testType: TestType? = nil, testName: String? = nil,
        testedNodeIds: [String] = []
    ) {
        self.uniqueId = uniqueId
        self.name = name
        self.resourceType = resourceType
        self.packageName = packageName
        self.fqn = fqn
        self.originalFilePath = originalFilePath
        self.tags = tags
        self.config = config
        self.sourceName = sourceName
        self.testType = testType
        self.testName = testName
        self.testedNodeIds = testedNodeIds
    }
}
