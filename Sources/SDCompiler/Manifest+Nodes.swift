import SDBasics
import SDGraph
import SDProject

/// One function per dbt resource type, each writing exactly the fields that type's definition in
/// manifest v12 declares (https://schemas.getdbt.com/dbt/manifest/v12.json: `SeedNode`,
/// `GenericTestNode`/`SingularTestNode`, `ModelNode`, `AnalysisNode`, `SourceDefinition`), because the schema
/// forbids additional properties: a seed has no `refs`, `contract` or `depends_on.nodes`, a test
/// no `access` or `version`.
extension Manifest {
    /// The fields every node type shares (dbt's `ParsedNode`).
    static func baseNodeJSON(_ n: CompiledNode, compiled: CompiledProject) -> [String: JSONValue] {
        let config = configJSON(n)
        let checksum = checksumJSON(n)
        return [
            "name": .string(n.name), "resource_type": .string(n.resourceType.rawValue), "package_name": .string(n.packageName),
            "path": .string(n.path), "original_file_path": .string(n.originalFilePath), "unique_id": .string(n.uniqueId),
            "fqn": .array(n.fqn.map { .string($0) }), "alias": .string(n.relation?.identifier ?? n.name),
            "checksum": checksum, "config": .object(config), "tags": .array(n.config.tags.map { .string($0) }),
            "description": .string(n.description), "columns": columnsJSON(n.columns), "meta": .object(n.meta),
            "group": n.config.string("group").map { .string($0) } ?? .null, "docs": ["show": true, "node_color": nil], "patch_path": nil, "build_path": nil,
            "unrendered_config": unrenderedConfigJSON(n), "created_at": 0,
            "relation_name": n.relation.map { .string($0.quoted) } ?? .null,
            "raw_code": .string(n.rawCode),
            // `schema` is a required string; a node without a relation of its own (a data test)
            // runs in the target's schema, as dbt records it.
            "database": .string(n.relation?.database ?? compiled.target.database),
            "schema": .string(n.relation?.schema ?? compiled.target.schema),
        ]
    }

    /// A node's `config` as the manifest gives it: its own, with what dbt always writes.
    static func configJSON(_ n: CompiledNode) -> [String: JSONValue] {
        var config = n.config.values
        config["materialized"] = .string(n.materialized)
        config["enabled"] = .bool(n.config.enabled)
        config["tags"] = .array(n.config.tags.map { .string($0) })
        if config["meta"] == nil { config["meta"] = [:] }
        Compiler.manifestHooks(&config)
        return config
    }

    /// The checksum of a node's file: a seed's content hash (its path when it has none), else its code's.
    static func checksumJSON(_ n: CompiledNode) -> JSONValue {
        n.resourceType == .seed
            ? n.contentHash.map { JSONValue.object(["name": "sha256", "checksum": .string($0)]) }
                ?? ["name": "path", "checksum": .string(n.originalFilePath)]
            : ["name": "sha256", "checksum": .string(n.withRawCodeBytes { SHA256Digest.hex($0) })]
    }

    /// What compiled SQL nodes (models, tests, analyses) add: references, dependencies, compiled code.
    static func sqlNodeJSON(_ n: CompiledNode, compiled: CompiledProject) -> [String: JSONValue] {
        var o = baseNodeJSON(n, compiled: compiled)
        o["language"] = "sql"
        o["refs"] = refsJSON(n)
        o["sources"] = .array(n.sources.map { .array($0.map { .string($0) }) })
        o["metrics"] = []
        o["depends_on"] = .object([
            "macros": .array(n.macros.map { .string($0) }),
            "nodes": .array(n.dependsOn.map { .string($0) }),
        ])
        o["contract"] = contractJSON(n)
        if !n.compiledCode.isEmpty || n.compiledPath != nil {
            o["compiled"] = true
            o["compiled_code"] = .string(n.compiledCode)
            o["compiled_path"] = n.compiledPath.map { .string($0) } ?? .null
            o["extra_ctes_injected"] = true
            o["extra_ctes"] = []
        }
        return o
    }

    static func refsJSON(_ n: CompiledNode) -> JSONValue {
        .array(
            n.refs.enumerated().map { i, r in
                let version = i < n.refVersions.count ? n.refVersions[i] : nil
                return .object([
                    "name": .string(r.last ?? ""), "package": r.count > 1 ? .string(r[0]) : .null,
                    "version": versionJSON(version),
                ])
            })
    }

    /// dbt's `ModelNode` (and the fallback for kinds without a function of their own).
    static func modelJSON(_ n: CompiledNode, compiled: CompiledProject) -> JSONValue {
        var o = sqlNodeJSON(n, compiled: compiled)
        o["access"] = .string(n.config.string("access") ?? "protected")
        o["constraints"] = .array(n.constraints.map { $0.manifestJSON(modelLevel: true) })
        o["version"] = versionJSON(n.version)
        o["latest_version"] = versionJSON(n.latestVersion)
        if let d = n.deferRelation { o["defer_relation"] = .object(d.manifestJSON) }
        return .object(o)
    }

    /// dbt writes a version as the number YAML gave (`2`) and only otherwise as a string.
    static func versionJSON(_ v: String?) -> JSONValue {
        guard let v else { return .null }
        if let i = Int(v) { return .int(i) }
        return .string(v)
    }

    /// dbt's `AnalysisNode`: compiled SQL with its references, but never a relation of its own, so
    /// none of a model's `access`, `constraints` or `version` (the schema forbids them).
    static func analysisJSON(_ n: CompiledNode, compiled: CompiledProject) -> JSONValue {
        .object(sqlNodeJSON(n, compiled: compiled))
    }

    /// dbt's `SeedNode`: no SQL, so no refs, sources, contract or node dependencies.
    static func seedJSON(_ n: CompiledNode, compiled: CompiledProject) -> JSONValue {
        var o = baseNodeJSON(n, compiled: compiled)
        o["root_path"] = .string(compiled.project.root)
        o["depends_on"] = .object(["macros": .array(n.macros.map { .string($0) })])
        if let d = n.deferRelation { o["defer_relation"] = .object(d.manifestJSON) }
        return .object(o)
    }

    /// dbt's `GenericTestNode` (with `test_metadata`) or `SingularTestNode`.
    static func testJSON(_ n: CompiledNode, compiled: CompiledProject) -> JSONValue {
        var o = sqlNodeJSON(n, compiled: compiled)
        if let t = n.testName {
            o["column_name"] = n.columnName.map { .string($0) } ?? .null
            o["attached_node"] = n.attachedNode.map { .string($0) } ?? .null
            o["test_metadata"] = .object(["name": .string(t), "kwargs": .object(n.meta), "namespace": nil])
        }
        return .object(o)
    }

    /// dbt's `SourceDefinition`, with the source's own description and loader from its property file.
    static func sourceJSON(_ n: CompiledNode, compiled: CompiledProject) -> JSONValue {
        let table = compiled.project.properties.sources.first {
            $0.sourceName == n.sourceName && $0.name == n.name && ($0.package ?? compiled.project.name) == n.packageName
        }
        return .object([
            "name": .string(n.name), "source_name": .string(n.sourceName ?? ""), "resource_type": "source",
            "package_name": .string(n.packageName), "path": .string(n.path), "original_file_path": .string(n.originalFilePath),
            "unique_id": .string(n.uniqueId), "fqn": .array(n.fqn.map { .string($0) }),
            "database": n.relation.map { .string($0.database) } ?? .null,
            "schema": .string(n.relation?.schema ?? compiled.target.schema),
            "identifier": .string(n.relation?.identifier ?? n.name),
            "relation_name": n.relation.map { .string($0.quoted) } ?? .null,
            "description": .string(n.description), "source_description": .string(table?.sourceDescription ?? ""),
            "columns": columnsJSON(n.columns), "meta": .object(n.meta),
            "source_meta": [:], "tags": .array(n.config.tags.map { .string($0) }),
            "config": .object(n.config.values.merging(["enabled": true]) { a, _ in a }),
            "external": n.external.map { .object($0) } ?? .null, "loader": .string(table?.loader ?? ""), "quoting": [:],
            "freshness": table?.freshness?.json ?? .null,
            "loaded_at_field": table?.loadedAtField.map { .string($0) } ?? .null, "patch_path": nil, "unrendered_config": [:], "created_at": 0,
        ])
    }

    /// Writes a model's or a test's entry as `modelJSON(n).write` and `testJSON(n).write` do, member
    /// by member in sorted order, without the dictionary of 40 members those build and sort for
    /// every node: a third of writing a 10k-model manifest (bench/README.md, session of
    /// 2026-12-07). False for other kinds, which take the general path. ManifestWriterTests'
    /// `typedNodeEntriesHaveTheGeneralPathsBytes` compares the two paths' bytes for every model and
    /// test of its projects: the member lists here and in the functions above must stay the same.
    static func writeNode(_ n: CompiledNode, compiled: CompiledProject, into out: inout [UInt8], level: Int) -> Bool {
        let isModel: Bool
        switch n.resourceType {
        case .model: isModel = true
        case .test: isModel = false
        default: return false
        }
        let compiledOutput = !n.compiledCode.isEmpty || n.compiledPath != nil
        let test = isModel ? nil : n.testName
        var o = JSONObjectStream(level: level)
        if isModel { o.add("access", string: n.config.string("access") ?? "protected", into: &out) }
        o.add("alias", string: n.relation?.identifier ?? n.name, into: &out)
        if test != nil { o.add("attached_node", n.attachedNode.map { .string($0) } ?? .null, into: &out) }
        o.add("build_path", .null, into: &out)
        o.add("checksum", checksumJSON(n), into: &out)
        if test != nil { o.add("column_name", n.columnName.map { .string($0) } ?? .null, into: &out) }
        o.add("columns", columnsJSON(n.columns), into: &out)
        if compiledOutput {
            o.add("compiled", .bool(true), into: &out)
            o.add("compiled_code", string: n.compiledCode, into: &out)
            o.add("compiled_path", n.compiledPath.map { .string($0) } ?? .null, into: &out)
        }
        o.add("config", .object(configJSON(n)), into: &out)
        if isModel { o.add("constraints", .array(n.constraints.map { $0.manifestJSON(modelLevel: true) }), into: &out) }
        o.add("contract", contractJSON(n), into: &out)
        o.add("created_at", .int(0), into: &out)
        o.add("database", string: n.relation?.database ?? compiled.target.database, into: &out)
        if isModel, let d = n.deferRelation { o.add("defer_relation", .object(d.manifestJSON), into: &out) }
        o.add(
            "depends_on", .object(["macros": .array(n.macros.map { .string($0) }), "nodes": .array(n.dependsOn.map { .string($0) })]),
            into: &out)
        o.add("description", string: n.description, into: &out)
        o.add("docs", ["show": true, "node_color": nil], into: &out)
        if compiledOutput {
            o.add("extra_ctes", .array([]), into: &out)
            o.add("extra_ctes_injected", .bool(true), into: &out)
        }
        o.add("fqn", .array(n.fqn.map { .string($0) }), into: &out)
        o.add("group", n.config.string("group").map { .string($0) } ?? .null, into: &out)
        o.add("language", string: "sql", into: &out)
        if isModel { o.add("latest_version", versionJSON(n.latestVersion), into: &out) }
        o.add("meta", .object(n.meta), into: &out)
        o.add("metrics", .array([]), into: &out)
        o.add("name", string: n.name, into: &out)
        o.add("original_file_path", string: n.originalFilePath, into: &out)
        o.add("package_name", string: n.packageName, into: &out)
        o.add("patch_path", .null, into: &out)
        o.add("path", string: n.path, into: &out)
        o.add("raw_code", string: n.rawCode, into: &out)
        o.add("refs", refsJSON(n), into: &out)
        o.add("relation_name", n.relation.map { .string($0.quoted) } ?? .null, into: &out)
        o.add("resource_type", string: n.resourceType.rawValue, into: &out)
        o.add("schema", string: n.relation?.schema ?? compiled.target.schema, into: &out)
        o.add("sources", .array(n.sources.map { .array($0.map { .string($0) }) }), into: &out)
        o.add("tags", .array(n.config.tags.map { .string($0) }), into: &out)
        if let test { o.add("test_metadata", .object(["name": .string(test), "kwargs": .object(n.meta), "namespace": nil]), into: &out) }
        o.add("unique_id", string: n.uniqueId, into: &out)
        o.add("unrendered_config", unrenderedConfigJSON(n), into: &out)
        if isModel { o.add("version", versionJSON(n.version), into: &out) }
        o.end(into: &out)
        return true
    }
}
