import Foundation
import SDBasics
import SDGraph
import SDProject

/// Writes `manifest.json` in dbt's manifest v12 shape (https://schemas.getdbt.com/dbt/manifest/v12.json),
/// for the fields swiftdbt has, and nothing the schema does not declare: its top level and every
/// resource forbid other keys, which dbt tools that parse it (dbt-artifacts-parser, dbterd) enforce
/// (`scripts/validate_artifacts.py`). What has no place there goes to its own file
/// (`artifacts(...)`). Byte-stable: sorted keys, no timestamps unless asked.
public enum Manifest {
    public static let schemaURL = "https://schemas.getdbt.com/dbt/manifest/v12.json"

    /// A UUID-shaped id that depends only on the project, the target and the nodes' ids.
    public static func stableId(_ compiled: CompiledProject) -> String {
        var text = compiled.project.name + "\n" + compiled.target.name + "\n"
        for id in compiled.nodes.keys.sorted() { text += id + "\n" }
        let h = Array(SHA256Digest.hex(Array(text.utf8)).prefix(32))
        return String(h[0..<8]) + "-" + String(h[8..<12]) + "-" + String(h[12..<16]) + "-" + String(h[16..<20]) + "-" + String(h[20..<32])
    }

    /// The manifest's resources by kind, one function each, so a new kind is one more case here.
    /// Streaming topics, streams, tables and connectors are `sources` (dbt allows only its own
    /// node types in `nodes`; see `streamingSourceJSON`) under their graph ids, so `parent_map` and
    /// `child_map` keep one graph from topic to exposure with the ids `ls`, run_results and the
    /// docs site use.
    public static func document(_ compiled: CompiledProject, version: String, invocationId: String, generatedAt: String?) -> JSONValue {
        parts(compiled, version: version, invocationId: invocationId, generatedAt: generatedAt).json
    }

    /// The manifest as `ManifestWriter` writes it: the maps with an entry per node (nodes, sources,
    /// unit tests, parent and child maps) are made one entry at a time by the writer, on every core,
    /// and each entry's tree is dropped once written; the whole tree of a 10k-model project never exists.
    static func parts(_ compiled: CompiledProject, version: String, invocationId: String, generatedAt: String?) -> ManifestDocument {
        var nodeIds: [String] = []
        var sourceIds: [String] = []
        var unitTestIds: [String] = []
        for (id, n) in compiled.nodes {
            switch n.resourceType {
            case .source: sourceIds.append(id)
            case .unitTest: unitTestIds.append(id)
            case _ where ResourceType.streaming.contains(n.resourceType): sourceIds.append(id)
            case _ where ResourceType.semanticLayer.contains(n.resourceType) || n.resourceType == .exposure: continue
            default: nodeIds.append(id)
            }
        }
        let nodes = compiled.nodes
        let entry: @Sendable (String) -> JSONValue = { id in
            guard let n = nodes[id] else { return .null }
            switch n.resourceType {
            case .source: return sourceJSON(n, compiled: compiled)
            case .seed: return seedJSON(n, compiled: compiled)
            case .test: return testJSON(n, compiled: compiled)
            case .analysis: return analysisJSON(n, compiled: compiled)
            case .snapshot: return snapshotJSON(n, compiled: compiled)
            case .unitTest: return unitTestJSON(n, compiled: compiled)
            case _ where ResourceType.streaming.contains(n.resourceType): return streamingSourceJSON(n)
            default: return modelJSON(n, compiled: compiled)
            }
        }
        let write: ManifestDocument.EntryWriter = { id, out, level in
            guard let n = nodes[id] else { return false }
            return writeNode(n, compiled: compiled, into: &out, level: level)
        }
        var macros: [String: JSONValue] = [:]
        for m in compiled.macros.macros + compiled.macros.tests {
            let package = compiled.project.package(ofFile: m.file.path) ?? compiled.project.name
            let id = "macro.\(package).\(m.isTest ? "test_" : "")\(m.name)"
            macros[id] = .object([
                "name": .string(m.isTest ? "test_\(m.name)" : m.name), "resource_type": "macro",
                "package_name": .string(package), "path": .string(m.file.path),
                "original_file_path": .string(m.file.path), "unique_id": .string(id),
                "macro_sql": .string(m.range.text), "depends_on": ["macros": []], "description": "",
                "meta": [:], "docs": ["show": true, "node_color": nil], "patch_path": nil,
                "arguments": .array(m.parameters.map { .object(["name": .string($0.name), "type": nil, "description": ""]) }),
                "supported_languages": nil,
            ])
        }
        let graph = compiled.graph
        let graphIds = graph.topologicalOrder
        var metadata: [String: JSONValue] = [
            "dbt_schema_version": .string(schemaURL), "dbt_version": .string(version),
            "invocation_id": .string(invocationId), "env": [:], "project_name": .string(compiled.project.name),
            "project_id": .string(SHA256Digest.hex(Array(compiled.project.name.utf8)).prefix(32).description),
            "user_id": nil, "send_anonymous_usage_stats": false, "adapter_type": .string(compiled.target.type),
            "quoting": ["database": true, "schema": true, "identifier": true, "column": nil],
        ]
        metadata["generated_at"] = generatedAt.map { .string($0) } ?? nil
        return ManifestDocument(members: [
            "metadata": .value(.object(metadata)), "nodes": .entries(nodeIds, entry, write: write), "sources": .entries(sourceIds, entry),
            "macros": .value(.object(macros)), "docs": .value([:]), "exposures": .value(.object(exposures(compiled))),
            "metrics": .value(.object(semanticLayerJSON(compiled, .metric))), "groups": .value(.object(groupsJSON(compiled))),
            "selectors": .value([:]), "disabled": .value([:]),
            "parent_map": .entries(graphIds) { .array(graph.parents(of: $0).map { .string($0) }) },
            "child_map": .entries(graphIds) { .array(graph.children(of: $0).map { .string($0) }) },
            "group_map": .value(.object(groupMap(compiled))),
            "saved_queries": .value(.object(semanticLayerJSON(compiled, .savedQuery))),
            "semantic_models": .value(.object(semanticLayerJSON(compiled, .semanticModel))),
            "unit_tests": .entries(unitTestIds, entry), "functions": .value([:]),
        ])
    }

    /// Exposures in dbt's manifest shape (`exposure.<package>.<name>`), with the type, owner,
    /// maturity and url read from the property file.
    static func exposures(_ compiled: CompiledProject) -> [String: JSONValue] {
        var byName: [String: Exposure] = [:]
        for e in compiled.project.properties.exposures { byName[e.name] = e }
        var out: [String: JSONValue] = [:]
        for n in compiled.exposureNodes() {
            guard let e = byName[n.name] else { continue }
            let calls = e.dependsOn.compactMap { Compiler.dependencyCall($0.text) }
            let refs: [JSONValue] =
                calls.filter { $0.function == "ref" }.map { call in
                    JSONValue.object(["name": .string(call.arguments.last ?? ""), "package": .null, "version": .null])
                }
                + e.dependsOn.compactMap { Compiler.versionedRefCall($0.text) }.map { r in
                    JSONValue.object(["name": .string(r.name), "package": .null, "version": versionJSON(r.version)])
                }
            let sources: [JSONValue] = calls.filter { $0.function == "source" }.map { call in
                JSONValue.array(call.arguments.map { JSONValue.string($0) })
            }
            let tags: JSONValue = .array(e.tags.map { JSONValue.string($0) })
            var o: [String: JSONValue] = [:]
            o["name"] = .string(n.name)
            o["resource_type"] = .string("exposure")
            o["package_name"] = .string(n.packageName)
            o["path"] = .string(n.path)
            o["original_file_path"] = .string(n.originalFilePath)
            o["unique_id"] = .string(n.uniqueId)
            o["fqn"] = .array(n.fqn.map { JSONValue.string($0) })
            o["type"] = .string(e.type)
            o["owner"] = .object(e.owner)
            o["description"] = .string(e.description)
            o["label"] = e.label.map { JSONValue.string($0) } ?? .null
            o["maturity"] = e.maturity.map { JSONValue.string($0) } ?? .null
            o["url"] = e.url.map { JSONValue.string($0) } ?? .null
            o["meta"] = .object(e.meta)
            o["tags"] = tags
            o["config"] = .object(["enabled": .bool(true), "tags": tags, "meta": .object(e.meta)])
            o["depends_on"] = .object(["macros": .array([]), "nodes": .array(n.dependsOn.map { JSONValue.string($0) })])
            o["refs"] = .array(refs)
            o["sources"] = .array(sources)
            o["metrics"] = .array([])
            o["created_at"] = .int(0)
            o["unrendered_config"] = .object([:])
            out[n.uniqueId] = .object(o)
        }
        return out
    }

    static func columnsJSON(_ columns: [ColumnProperties]) -> JSONValue {
        var o: [String: JSONValue] = [:]
        for c in columns {
            o[c.name] = .object([
                "name": .string(c.name), "description": .string(c.description), "meta": .object(c.meta),
                "data_type": c.dataType.map { .string($0) } ?? .null, "quote": nil,
                "constraints": .array(c.constraints.map { $0.manifestJSON(modelLevel: false) }),
                "tags": .array(c.tags.map { .string($0) }),
            ])
        }
        return .object(o)
    }
}
