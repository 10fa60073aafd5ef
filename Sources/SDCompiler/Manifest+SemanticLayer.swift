import SDBasics
import SDGraph
import SDProject

/// The semantic layer and groups in dbt's manifest v12 shape (`SemanticModel`, `Metric`,
/// `SavedQuery`, `Group` in https://schemas.getdbt.com/dbt/manifest/v12.json), so dbt tools that
/// read the manifest see what the project declares although swiftdbt does not query it.
extension Manifest {
    /// The `semantic_models`, `metrics` or `saved_queries` map.
    static func semanticLayerJSON(_ compiled: CompiledProject, _ kind: ResourceType) -> [String: JSONValue] {
        let entries = compiled.project.properties.semanticEntries
        guard !entries.isEmpty else { return [:] }
        var byId: [String: SemanticEntry] = [:]
        for e in entries { byId["\(e.kind.rawValue).\(compiled.project.name).\(e.name)"] = e }
        var out: [String: JSONValue] = [:]
        for (id, n) in compiled.nodes where n.resourceType == kind {
            var o: [String: JSONValue] = [
                "name": .string(n.name), "resource_type": .string(kind.rawValue), "package_name": .string(n.packageName),
                "path": .string(n.path), "original_file_path": .string(n.originalFilePath), "unique_id": .string(id),
                "fqn": .array(n.fqn.map { .string($0) }), "description": .string(n.description),
                "depends_on": ["macros": [], "nodes": .array(n.dependsOn.map { .string($0) })],
                "created_at": 0, "unrendered_config": [:], "group": n.config.string("group").map { .string($0) } ?? .null,
            ]
            var config: [String: JSONValue] = ["enabled": true, "group": o["group"] ?? .null, "meta": .object(n.meta)]
            if let e = byId[id] {
                for (k, v) in e.body { o[k] = v }
            } else if kind == .metric {
                o.merge(createdMetricBody(n)) { _, b in b }
            }
            switch kind {
            case .semanticModel:
                let model = n.dependsOn.first.flatMap { compiled.nodes[$0] }
                o["model"] = .string(byId[id]?.modelRef?.name ?? "")
                o["refs"] = .array(model.map { [.object(["name": .string($0.name), "package": .null, "version": versionJSON($0.version)])] } ?? [])
                o["node_relation"] =
                    model?.relation.map { r in
                        ["alias": .string(r.identifier), "schema_name": .string(r.schema), "database": .string(r.database), "relation_name": .string(r.quoted)]
                    } ?? .null
                o["metadata"] = .null
            case .metric:
                var params = o["type_params"]?.objectValue ?? [:]
                params["input_measures"] = .array(inputMeasures(of: n.name, compiled: compiled, byName: byNameMetrics(entries)))
                o["type_params"] = .object(params)
                o["sources"] = []
                o["refs"] = []
                o["metrics"] = .array(metricNames(byId[id]).map { .array([.string($0)]) })
                o["metadata"] = .null
                o["meta"] = .object(n.meta)
                o["tags"] = .array(n.config.tags.map { .string($0) })
            default:
                config["export_as"] = byId[id]?.config["export_as"] ?? .null
                config["schema"] = byId[id]?.config["schema"] ?? .null
                config["cache"] = ["enabled": .bool(byId[id]?.config["cache"]?["enabled"]?.boolValue ?? false)]
                o["refs"] = []
                o["metadata"] = .null
                o["tags"] = .array(n.config.tags.map { .string($0) })
            }
            o["config"] = .object(config)
            out[id] = .object(o)
        }
        return out
    }

    /// The simple metric dbt makes for a measure with `create_metric: true`.
    private static func createdMetricBody(_ n: CompiledNode) -> [String: JSONValue] {
        let measure: JSONValue = ["name": .string(n.name), "filter": .null, "alias": .null, "join_to_timespine": false, "fill_nulls_with": .null]
        return [
            "label": .string(n.name), "type": "simple", "filter": .null, "time_granularity": .null,
            "type_params": [
                "measure": measure, "input_measures": [], "numerator": .null, "denominator": .null, "expr": .null, "window": .null,
                "grain_to_date": .null, "metrics": [], "conversion_type_params": .null, "cumulative_type_params": .null,
                "metric_aggregation_params": .null, "fill_nulls_with": .null, "join_to_timespine": false, "is_private": .null,
            ],
        ]
    }

    private static func byNameMetrics(_ entries: [SemanticEntry]) -> [String: SemanticEntry] {
        var out: [String: SemanticEntry] = [:]
        for e in entries where e.kind == .metric { out[e.name] = e }
        return out
    }

    private static func metricNames(_ e: SemanticEntry?) -> [String] {
        var seen = Set<String>()
        return (e?.metricRefs ?? []).map(\.name).filter { seen.insert($0).inserted }
    }

    /// The measures a metric reads, through the metrics it is built from, as dbt lists them in
    /// `type_params.input_measures` (each once, in the order first met).
    static func inputMeasures(of name: String, compiled: CompiledProject, byName: [String: SemanticEntry]) -> [JSONValue] {
        var out: [String] = []
        var visiting = Set<String>()
        func visit(_ metric: String) {
            guard visiting.insert(metric).inserted else { return }
            guard let e = byName[metric] else {
                // A metric made by `create_metric: true` reads the measure of its own name.
                if !out.contains(metric) { out.append(metric) }
                return
            }
            for m in e.measureRefs where !out.contains(m.name) { out.append(m.name) }
            for m in e.metricRefs { visit(m.name) }
        }
        visit(name)
        return out.map { ["name": .string($0), "filter": .null, "alias": .null, "join_to_timespine": false, "fill_nulls_with": .null] }
    }

    /// The `groups` map (`group.<package>.<name>`).
    static func groupsJSON(_ compiled: CompiledProject) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        let pkg = compiled.project.name
        for g in compiled.project.properties.groups {
            let id = "group.\(pkg).\(g.name)"
            out[id] = [
                "name": .string(g.name), "resource_type": "group", "package_name": .string(pkg), "path": .string(g.file.path),
                "original_file_path": .string(g.file.path), "unique_id": .string(id), "owner": .object(g.owner),
                "description": g.description.map { .string($0) } ?? .null, "config": ["meta": .object(g.config["meta"]?.objectValue ?? [:])],
            ]
        }
        return out
    }

    /// `group_map`: each group's name to the ids of its members, sorted.
    static func groupMap(_ compiled: CompiledProject) -> [String: JSONValue] {
        var members: [String: [String]] = [:]
        for (id, n) in compiled.nodes { if let g = n.config.string("group") { members[g, default: []].append(id) } }
        return members.mapValues { .array($0.sorted().map { .string($0) }) }
    }
}
