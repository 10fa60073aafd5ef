import SDBasics

/// Every declaration under streaming/, validated: streams and tables in dependency order, then connectors.
public struct StreamingProject: Sendable {
    /// Streams and tables, upstream before downstream (ties by name).
    public var sources: [KsqlSource]
    /// Connectors by name.
    public var connectors: [SinkConnector]

    public init(sources: [KsqlSource], connectors: [SinkConnector]) {
        self.sources = sources
        self.connectors = connectors
    }

    public func source(named name: String) -> KsqlSource? {
        sources.first { $0.name == name }
    }

    public var isEmpty: Bool { sources.isEmpty && connectors.isEmpty }
}
