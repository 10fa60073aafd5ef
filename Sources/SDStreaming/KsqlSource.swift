import SDBasics

/// A declared ksqlDB stream or table: over an existing topic (columns given), or derived with
/// `CREATE STREAM/TABLE … AS SELECT` (the query given).
public struct KsqlSource: Sendable {
    public enum Kind: String, Sendable {
        case stream = "STREAM"
        case table = "TABLE"
    }

    /// The ksqlDB name (upper case).
    public var name: String
    public var kind: Kind
    public var description: String
    public var topic: String
    public var partitions: Int?
    public var replicas: Int?
    public var keyFormat: KsqlFormat
    public var valueFormat: KsqlFormat
    /// The column that becomes ROWTIME, and its format when it is a VARCHAR.
    public var timestamp: String?
    public var timestampFormat: String?
    /// Declared columns (required for sources over a topic; optional, as a contract, for derived ones).
    public var columns: [KsqlColumn]
    /// The rendered SELECT of a derived stream or table, without a trailing semicolon.
    public var query: String?
    /// Streams and tables the query reads, by name, in the order they appear.
    public var reads: [String]
    /// `ksql.streams.auto.offset.reset` for the request that starts the query.
    public var autoOffsetReset: String?
    /// Where the declaration is, for diagnostics about it and about server errors.
    public var range: SourceRange?

    public var isDerived: Bool { query != nil }
    public var keyColumns: [KsqlColumn] { columns.filter(\.isKey) }
    public var valueColumns: [KsqlColumn] { columns.filter { !$0.isKey } }

    public init(
        name: String, kind: Kind, description: String = "", topic: String, partitions: Int? = nil, replicas: Int? = nil,
        keyFormat: KsqlFormat = .kafka, valueFormat: KsqlFormat, timestamp: String? = nil, timestampFormat: String? = nil,
        columns: [KsqlColumn] = [], query: String? = nil, reads: [String] = [], autoOffsetReset: String? = nil,
        range: SourceRange? = nil
    ) {
        self.name = name
        self.kind = kind
        self.description = description
        self.topic = topic
        self.partitions = partitions
        self.replicas = replicas
        self.keyFormat = keyFormat
        self.valueFormat = valueFormat
        self.timestamp = timestamp
        self.timestampFormat = timestampFormat
        self.columns = columns
        self.query = query
        self.reads = reads
        self.autoOffsetReset = autoOffsetReset
        self.range = range
    }
}
