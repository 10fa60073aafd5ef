/// The kind of a graph node (model, seed, source, test, …); string-backed so new kinds can be added.
public struct ResourceType: RawRepresentable, Hashable, Comparable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The name as written in `resource_type:` and in uniqueIds (`model`, `seed`, …).
    public let rawValue: String

    /// A kind by name.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// A kind by name.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    /// A kind written as a literal, `"topic"`.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The name.
    public var description: String { rawValue }
    /// Orders kinds by name.
    public static func < (a: ResourceType, b: ResourceType) -> Bool { a.rawValue < b.rawValue }

    /// A SQL model under models/.
    public static let model: ResourceType = "model"
    /// A CSV file under seeds/.
    public static let seed: ResourceType = "seed"
    /// A table declared under `sources:` in property YAML.
    public static let source: ResourceType = "source"
    /// A generic or singular data test.
    public static let test: ResourceType = "test"
    /// A dbt unit test (`unit_tests:` in property YAML): a model's SQL run on given rows.
    public static let unitTest: ResourceType = "unit_test"
    /// A downstream use (dashboard, app) declared in property YAML.
    public static let exposure: ResourceType = "exposure"
    /// A snapshot.
    public static let snapshot: ResourceType = "snapshot"
    /// A project hook run (`on-run-start`/`on-run-end`), as dbt's `operation.<project>.<project>-on-run-start-0`.
    public static let operation: ResourceType = "operation"
    /// An analysis (compiled, never run).
    public static let analysis: ResourceType = "analysis"
    /// A Kafka topic (streaming/ declarations).
    public static let topic: ResourceType = "topic"
    /// A ksqlDB stream.
    public static let stream: ResourceType = "stream"
    /// A ksqlDB table.
    public static let table: ResourceType = "table"
    /// A Kafka Connect connector.
    public static let connector: ResourceType = "connector"
    /// A semantic model (dbt's semantic layer): kept and listed, not executed.
    public static let semanticModel: ResourceType = "semantic_model"
    /// A metric over semantic models: kept and listed, not executed.
    public static let metric: ResourceType = "metric"
    /// A saved query over metrics: kept and listed, not executed.
    public static let savedQuery: ResourceType = "saved_query"

    /// Every kind `resource_type:` accepts; an unknown value is an error with a did-you-mean.
    public static let known: [ResourceType] = [
        .analysis, .connector, .exposure, .metric, .model, .savedQuery, .seed, .semanticModel, .snapshot, .source, .stream, .table,
        .test, .topic, .unitTest,
    ]

    /// The semantic layer's kinds: in the graph and the manifest, never run.
    public static let semanticLayer: Set<ResourceType> = [.semanticModel, .metric, .savedQuery]

    /// Data tests and unit tests: both are selected with the nodes they test (indirect selection).
    public var isTest: Bool { self == .test || self == .unitTest }

    /// Streaming kinds, built by `build` alongside models.
    public static let streaming: Set<ResourceType> = [.topic, .stream, .table, .connector]
}

extension Set where Element == ResourceType {
    /// What `swiftdbt run` executes.
    public static var run: Set<ResourceType> { [.model] }
    /// What `swiftdbt seed` loads.
    public static var seed: Set<ResourceType> { [.seed] }
    /// What `swiftdbt test` runs.
    public static var test: Set<ResourceType> { [.test] }
    /// What `swiftdbt build` runs: models, seeds, tests and streaming objects.
    public static var build: Set<ResourceType> {
        Set([.model, .seed, .test, .snapshot]).union(ResourceType.streaming)
    }
}
