/// A selector method: the part before `:` in `tag:nightly` (dbt "node selection methods").
public enum SelectorMethod: Hashable, Sendable, CustomStringConvertible {
    case fqn
    case path
    case file
    case tag
    /// `config.<key>:`; nested keys keep their dots (`config.meta.owner:` has key `meta.owner`).
    case config(key: String)
    case source
    case resourceType
    case testType
    case testName
    case package
    case exposure
    /// dbt's `version:latest|prerelease|old|none` over versioned models.
    case version
    /// `semantic_model:`, `metric:`, `saved_query:`: the semantic layer's nodes by name.
    case semanticModel
    case metric
    case savedQuery
    /// `group:` and `access:`: nodes by their group or access config.
    case group
    case access
    /// dbt's `state:new|old|modified[.part]`, against the manifest of `--state DIR` (`NodeStates`).
    case state
    /// dbt 1.8's `unit_test:name` or `unit_test:package.name`: unit tests by their own name, each part a
    /// glob (dbt-core graph/selector_methods.py, `UnitTestSelectorMethod`). Every version's copy of a unit
    /// test on a versioned model keeps the test's name, so one name selects them all.
    case unitTest

    /// The spelling on the command line.
    public var description: String {
        switch self {
        case .fqn: "fqn"
        case .path: "path"
        case .file: "file"
        case .tag: "tag"
        case .config(let key): "config.\(key)"
        case .source: "source"
        case .resourceType: "resource_type"
        case .testType: "test_type"
        case .testName: "test_name"
        case .package: "package"
        case .exposure: "exposure"
        case .version: "version"
        case .semanticModel: "semantic_model"
        case .metric: "metric"
        case .savedQuery: "saved_query"
        case .group: "group"
        case .access: "access"
        case .state: "state"
        case .unitTest: "unit_test"
        }
    }

    /// Method names swiftdbt implements, for did-you-mean.
    static let names: [String] = [
        "access", "config", "exposure", "file", "fqn", "group", "metric", "package", "path", "resource_type", "saved_query",
        "semantic_model", "source", "state", "tag", "test_name", "test_type", "unit_test", "version",
    ]

    /// dbt methods that need state or artifacts swiftdbt does not keep; named so the error is clear.
    static let unsupportedNames: Set<String> = [
        "result", "source_status",
        "wildcard",
    ]

    init?(name: String) {
        switch name {
        case "fqn": self = .fqn
        case "path": self = .path
        case "file": self = .file
        case "tag": self = .tag
        case "source": self = .source
        case "resource_type": self = .resourceType
        case "test_type": self = .testType
        case "test_name": self = .testName
        case "package": self = .package
        case "exposure": self = .exposure
        case "version": self = .version
        case "semantic_model": self = .semanticModel
        case "metric": self = .metric
        case "saved_query": self = .savedQuery
        case "group": self = .group
        case "access": self = .access
        case "state": self = .state
        case "unit_test": self = .unitTest
        default: return nil
        }
    }

    /// dbt's default when no method is written: a value that looks like a path uses `path`, one
    /// naming a model, seed or analysis file uses `file`, anything else `fqn`.
    static func defaultMethod(for value: String) -> SelectorMethod {
        if value.contains("/") || value.contains("\\") { return .path }
        let lowered = value.lowercased()
        if lowered.hasSuffix(".sql") || lowered.hasSuffix(".py") || lowered.hasSuffix(".csv") { return .file }
        return .fqn
    }
}
