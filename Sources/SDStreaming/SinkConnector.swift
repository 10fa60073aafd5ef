import SDBasics

/// A declared Kafka Connect S3 sink: what it reads, where it writes and the full config it is applied with.
public struct SinkConnector: Sendable {
    public var name: String
    /// The stream or table whose topic it reads, when declared by stream.
    public var stream: String?
    /// The topics it reads.
    public var topics: [String]
    /// The source table its output is read as (`lake.ticks_enriched_v2`), as [source, table].
    public var feeds: [String]?
    /// The flat Connect config, every value a string (Connect's API is Map<String,String>, and GET
    /// returns strings, so numbers would diff falsely: connect.html, GET /connectors/{name}/config). Includes `name`.
    public var config: [String: String]
    public var range: SourceRange?
    /// Where each config key came from in the declaration, for server validation errors.
    public var keyRanges: [String: SourceRange]

    public init(
        name: String, stream: String? = nil, topics: [String], feeds: [String]? = nil, config: [String: String],
        range: SourceRange? = nil, keyRanges: [String: SourceRange] = [:]
    ) {
        self.name = name
        self.stream = stream
        self.topics = topics
        self.feeds = feeds
        self.config = config
        self.range = range
        self.keyRanges = keyRanges
    }

    /// The connector class's simple name, for `PUT /connector-plugins/{name}/config/validate`.
    public var pluginName: String {
        let cls = config["connector.class"] ?? ""
        return cls.split(separator: ".").last.map(String.init) ?? cls
    }

    /// The S3 prefix it writes for each topic: `s3://bucket/topics.dir/topic/`.
    public var locations: [String] {
        let bucket = config["s3.bucket.name"] ?? ""
        let dir = config["topics.dir"] ?? "topics"
        return topics.map { "s3://\(bucket)/\(dir)/\($0)/" }
    }
}
