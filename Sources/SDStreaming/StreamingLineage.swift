import SDBasics
import SDCompiler
import SDGraph
import SDProject

/// Topics, streams, tables and connectors as nodes of the project's DAG (issue 7 item 4): a
/// source stream reads its topic, a derived one reads its inputs and writes its topic, a sink reads
/// topics and feeds the source table models read. Passed to the compiler through
/// `CompileOptions.extraNodes` / `extraParents`.
public struct StreamingLineage: Sendable {
    public var nodes: [CompiledNode]
    /// Source table uniqueId → the connectors that fill it.
    public var parents: [String: [String]]

    /// The start of a date projection's range: Athena accepts `NOW-<n><UNIT>` (partition-projection.html).
    public static let projectionStart = "NOW-5YEARS"

    public init(_ project: StreamingProject, packageName pkg: String) {
        var nodes: [String: CompiledNode] = [:]
        var parents: [String: [String]] = [:]
        func id(_ s: KsqlSource) -> String { "\(s.kind == .stream ? "stream" : "table").\(pkg).\(s.name)" }
        func topicId(_ t: String) -> String { "topic.\(pkg).\(t)" }
        func node(
            _ uid: String, _ name: String, _ type: ResourceType, _ range: SourceRange?, deps: [String],
            config: [String: JSONValue], description: String = ""
        ) -> CompiledNode {
            let path = range?.file.path ?? "streaming"
            var values = config
            values["materialized"] = .string(type.rawValue)
            var n = CompiledNode(
                uniqueId: uid, name: name, resourceType: type, packageName: pkg, fqn: [pkg, "streaming", name],
                originalFilePath: path, path: path, config: NodeConfig(values), description: description,
                dependsOn: Array(Set(deps)).sorted(), file: range?.file)
            n.declaration = range
            return n
        }
        let byName = Dictionary(project.sources.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for s in project.sources {
            let tid = topicId(s.topic)
            var config: [String: JSONValue] = [
                "kafka_topic": .string(s.topic), "key_format": .string(s.keyFormat.rawValue), "value_format": .string(s.valueFormat.rawValue),
            ]
            if let p = s.partitions { config["partitions"] = .int(p) }
            if s.isDerived {
                let deps = s.reads.compactMap { byName[$0].map(id) }
                nodes[id(s)] = node(
                    id(s), s.name, s.kind == .stream ? .stream : .table, s.range, deps: deps, config: config,
                    description: s.description)
                // The topic the query writes.
                var topicConfig: [String: JSONValue] = [:]
                if let p = s.partitions { topicConfig["partitions"] = .int(p) }
                nodes[tid] = node(tid, s.topic, .topic, s.range, deps: [id(s)], config: topicConfig)
            } else {
                if nodes[tid] == nil {
                    var topicConfig: [String: JSONValue] = [:]
                    if let p = s.partitions { topicConfig["partitions"] = .int(p) }
                    nodes[tid] = node(tid, s.topic, .topic, s.range, deps: [], config: topicConfig)
                }
                nodes[id(s)] = node(
                    id(s), s.name, s.kind == .stream ? .stream : .table, s.range, deps: [tid], config: config,
                    description: s.description)
            }
        }
        for c in project.connectors {
            let uid = "connector.\(pkg).\(c.name)"
            let deps = c.topics.map(topicId).filter { nodes[$0] != nil }
            for t in c.topics where nodes[topicId(t)] == nil {
                nodes[topicId(t)] = node(topicId(t), t, .topic, c.range, deps: [], config: [:])
            }
            var config: [String: JSONValue] = [
                "connector_class": .string(c.config["connector.class"] ?? ""),
                "locations": .array(c.locations.map { .string($0) }),
                "topics": .array(c.topics.map { .string($0) }),
            ]
            // What an Athena external table over this sink's keys needs; the target reads it from the
            // fed source's parent (a relative range keeps the file free of dates).
            if c.feeds != nil, let topic = c.topics.first,
                let projection = c.athenaProjection(topic: topic, rangeStart: StreamingLineage.projectionStart)
            {
                config["athena_table_properties"] = .object(projection.mapValues { .string($0) })
            }
            nodes[uid] = node(uid, c.name, .connector, c.range, deps: deps + c.topics.map(topicId), config: config)
            if let feeds = c.feeds {
                parents["source.\(pkg).\(feeds[0]).\(feeds[1])", default: []].append(uid)
            }
        }
        self.nodes = nodes.keys.sorted().compactMap { nodes[$0] }
        self.parents = parents.mapValues { $0.sorted() }
    }
}

extension StreamingProject {
    /// For each source a sink feeds, the folder the sink writes (`<root>/<topics.dir>/<topic>`) and
    /// its path.format levels as partitions (a date pattern → `date`, `HH` → `int`), by source
    /// unique id. `localRoot` stands in for `s3://<bucket>` on a target without S3 (DuckDB reads
    /// a local copy of the lake); nil means the sink's own bucket.
    public func sourceLakes(packageName pkg: String, localRoot: String?) -> [String: SourceLake] {
        var out: [String: SourceLake] = [:]
        for c in connectors {
            guard let feeds = c.feeds, feeds.count == 2, let topic = c.topics.first else { continue }
            var root = localRoot ?? "s3://\(c.config["s3.bucket.name"] ?? "")"
            while root.hasSuffix("/") { root.removeLast() }
            let partitions: [JSONValue] = (c.pathLevels ?? []).map { level in
                let type = level.pattern == "HH" ? "int" : (level.pattern.contains("YYYY") || level.pattern.contains("yyyy") ? "date" : "string")
                return .object(["name": .string(level.name), "data_type": .string(type)])
            }
            out["source.\(pkg).\(feeds[0]).\(feeds[1])"] = SourceLake(
                location: "\(root)/\(c.config["topics.dir"] ?? "topics")/\(topic)", partitions: partitions, connector: c.name,
                declaredAt: c.keyRanges["s3.bucket.name"] ?? c.range)
        }
        return out
    }
}
