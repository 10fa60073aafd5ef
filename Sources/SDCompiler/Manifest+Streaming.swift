import SDBasics
import SDGraph

/// Streaming topics, streams, tables and connectors in dbt's manifest, and the files that hold what
/// manifest v12 has no place for.
extension Manifest {
    /// Every file `compile` writes beside compiled SQL, by name under the target directory:
    /// `manifest.json` (dbt's v12, nothing else in it), `streaming_manifest.json` (the streaming
    /// nodes in full) and `swiftdbt_sourcemap.json` (compiled byte ranges → template ranges). The
    /// last two used to be inside the manifest, whose schema forbids additional keys.
    public static func artifacts(
        _ compiled: CompiledProject, version: String, invocationId: String,
        generatedAt: String?
    ) -> [(name: String, document: JSONValue)] {
        artifactParts(compiled, version: version, invocationId: invocationId, generatedAt: generatedAt).map { ($0.name, $0.document.json) }
    }

    /// The same files as `artifacts`, with the manifest's per-node maps left for the writer to make.
    static func artifactParts(
        _ compiled: CompiledProject, version: String, invocationId: String, generatedAt: String?
    ) -> [(name: String, document: ManifestDocument)] {
        [
            ("manifest.json", parts(compiled, version: version, invocationId: invocationId, generatedAt: generatedAt)),
            ("streaming_manifest.json", ManifestDocument(streamingDocument(compiled, version: version, invocationId: invocationId))),
            (sourceMapsFileName, sourceMaps(compiled)),
        ]
    }

    /// The `source_name` a streaming kind is listed under, and the system its `schema` and
    /// `loader` name (dbt's `SourceDefinition` requires both strings).
    static func streamingSource(_ kind: ResourceType) -> (sourceName: String, system: String) {
        switch kind {
        case .topic: ("kafka_topics", "kafka")
        case .stream, .table: ("ksqldb", "ksqldb")
        case .connector: ("kafka_connect", "kafka_connect")
        default: ("streaming", "streaming")
        }
    }

    /// A streaming node as a dbt `SourceDefinition`: dbt allows only its own types in `nodes`, and
    /// a source is what a topic, stream or sink is to dbt, a relation it does not build. The node
    /// keeps its graph id (`topic.rtsa.ticks`) so the lineage in `parent_map`/`child_map` joins
    /// the models' sources; `meta.swiftdbt_streaming.kind` names what it is, and
    /// streaming_manifest.json has its full declaration.
    static func streamingSourceJSON(_ n: CompiledNode) -> JSONValue {
        let (sourceName, system) = streamingSource(n.resourceType)
        var meta = n.meta
        meta["swiftdbt_streaming"] = .object([
            "kind": .string(n.resourceType.rawValue), "details": "streaming_manifest.json",
        ])
        return .object([
            "name": .string(n.name), "source_name": .string(sourceName), "resource_type": "source",
            "package_name": .string(n.packageName), "path": .string(n.path), "original_file_path": .string(n.originalFilePath),
            "unique_id": .string(n.uniqueId), "fqn": .array(n.fqn.map { .string($0) }),
            "database": nil, "schema": .string(system), "identifier": .string(n.name), "relation_name": nil,
            "description": .string(n.description),
            "source_description": .string("\(n.resourceType.rawValue) declared in \(n.originalFilePath)"),
            "columns": [:], "meta": .object(meta), "source_meta": [:], "tags": .array(n.config.tags.map { .string($0) }),
            "config": ["enabled": .bool(n.config.enabled)], "external": nil, "loader": .string(system), "quoting": [:],
            "freshness": nil, "loaded_at_field": nil, "patch_path": nil, "unrendered_config": [:], "created_at": 0,
        ])
    }

    /// `target/streaming_manifest.json`: every streaming node as the graph has it — kind, config
    /// (topics, formats, partitions, connector class, lake locations, Athena projection), the nodes
    /// it reads, where it is declared — under the ids manifest.json lists them by in `sources`.
    public static func streamingDocument(_ compiled: CompiledProject, version: String, invocationId: String) -> JSONValue {
        var nodes: [String: JSONValue] = [:]
        for (id, n) in compiled.nodes where ResourceType.streaming.contains(n.resourceType) {
            var o: [String: JSONValue] = [
                "unique_id": .string(id), "name": .string(n.name), "resource_type": .string(n.resourceType.rawValue),
                "package_name": .string(n.packageName), "fqn": .array(n.fqn.map { .string($0) }),
                "original_file_path": .string(n.originalFilePath), "description": .string(n.description),
                "config": .object(n.config.values.merging(["enabled": .bool(n.config.enabled)]) { a, _ in a }),
                "meta": .object(n.meta), "depends_on": ["nodes": .array(n.dependsOn.map { .string($0) })],
            ]
            if let d = n.declaration { o["declared_at"] = ["line": .int(d.start.line), "column": .int(d.start.column)] }
            nodes[id] = .object(o)
        }
        return .object([
            "metadata": [
                "swiftdbt_schema_version": "streaming_manifest/v1", "swiftdbt_version": .string(version),
                "invocation_id": .string(invocationId), "project_name": .string(compiled.project.name),
            ],
            "nodes": .object(nodes),
        ])
    }
}
