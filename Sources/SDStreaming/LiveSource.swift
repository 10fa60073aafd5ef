/// A stream or table as ksqlDB describes it (SourceDescription: LIST … EXTENDED / DESCRIBE … EXTENDED).
public struct LiveSource: Sendable, Hashable {
    public var name: String
    public var kind: KsqlSource.Kind
    public var topic: String
    public var keyFormat: String
    public var valueFormat: String
    public var partitions: Int?
    /// The TIMESTAMP column, nil when ROWTIME is the record's own.
    public var timestamp: String?
    public var fields: [KsqlColumn]
    /// Persistent queries writing it (a derived source has one).
    public var writeQueries: [LiveQuery]
    /// Persistent queries reading it.
    public var readQueries: [LiveQuery]

    public init(
        name: String, kind: KsqlSource.Kind, topic: String, keyFormat: String, valueFormat: String, partitions: Int? = nil,
        timestamp: String? = nil, fields: [KsqlColumn] = [], writeQueries: [LiveQuery] = [], readQueries: [LiveQuery] = []
    ) {
        self.name = name
        self.kind = kind
        self.topic = topic
        self.keyFormat = keyFormat
        self.valueFormat = valueFormat
        self.partitions = partitions
        self.timestamp = timestamp
        self.fields = fields
        self.writeQueries = writeQueries
        self.readQueries = readQueries
    }
}
