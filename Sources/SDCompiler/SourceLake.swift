import SDBasics

/// The lake folder a declared sink writes for one source (streaming/: bucket, `topics.dir`, topic,
/// path format), so the source reads from the one place the lake is configured.
public struct SourceLake: Sendable {
    /// `s3://bucket/topics/topic` on Athena (or the local folder standing in for the bucket), no trailing `/`.
    public var location: String
    /// The path format's `name=pattern` levels as `external.partitions` entries (`{name, data_type}`).
    public var partitions: [JSONValue]
    /// The connector's name and where its bucket is declared.
    public var connector: String
    public var declaredAt: SourceRange?

    public init(location: String, partitions: [JSONValue], connector: String, declaredAt: SourceRange?) {
        self.location = location
        self.partitions = partitions
        self.connector = connector
        self.declaredAt = declaredAt
    }

    /// The source's `external:` block with the sink's location and partitions filled in where the
    /// source leaves them out; a diagnostic when the source names another location.
    func apply(to external: [String: JSONValue]?, source: String, locationRange: SourceRange?) -> ([String: JSONValue], Diagnostic?) {
        var out = external ?? [:]
        if out["partitions"] == nil, !partitions.isEmpty { out["partitions"] = .array(partitions) }
        guard let given = out["location"]?.stringValue else {
            out["location"] = .string(location)
            return (out, nil)
        }
        var trimmed = given
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard trimmed != location else { return (out, nil) }
        let d = Diagnostic.error(
            "source '\(source)' reads '\(given)', but connector '\(connector)' writes its data to '\(location)/'", at: locationRange,
            notes: declaredAt.map { [.note("the sink's bucket is declared here", at: $0)] } ?? [],
            hint: "remove external.location from the source to read where the sink writes, or change the sink's s3 bucket")
        return (out, d)
    }
}
