/// The kind of a graph node (model, seed, source, test, …); string-backed so new kinds can be added.
public struct ResourceType: RawRepresentable, Hashable, Comparable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }
    public static func < (a: ResourceType, b: ResourceType) -> Bool { a.rawValue < b.rawValue }

    public static let model: ResourceType = "model"
    public static let seed: ResourceType = "seed"
    public static let source: ResourceType = "source"
    public static let test: ResourceType = "test"
    public static let exposure: ResourceType = "exposure"
    public static let snapshot: ResourceType = "snapshot"
    public static let analysis: ResourceType = "analysis"
    /// Streaming kinds (streaming/ declarations).
    public static let topic: ResourceType = "topic"
    public static let stream: ResourceType = "stream"
    public static let table: ResourceType = "table"
    public static let connector: ResourceType = "connector"

    /// Every kind `resource_type:` accepts; an unknown value is an error with a did-you-mean.
    public static let known: [ResourceType] = [
        .analysis, .connector, .exposure, .model, .seed, .snapshot, .source, .stream, .table, .test, .topic,
    ]

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
