import Foundation
import SDBasics
import SDGraph

/// The manifest of a previous run, read from `--state DIR` (dbt's "state" artifacts): what
/// `state:` compares with and what `--defer` reads relations from. swiftdbt's own manifest is the
/// format; dbt's v12 manifest has the same shape and is read too, but its templates are Jinja, so
/// against it every SQL node compares as modified in body.
public struct StateManifest: Sendable {
    /// `DIR/manifest.json` as given.
    public let path: String
    public let document: JSONValue

    public init(path: String, document: JSONValue) {
        self.path = path
        self.document = document
    }

    /// Reads `dir/manifest.json`. A missing folder or file is an error at `argument` (the flag's
    /// value on the command line, or nil for an environment variable); text that is not JSON or not a
    /// manifest is an error at its byte in the file.
    public static func load(dir: String, argument: SourceRange?, fileSystem: FileSystem) throws(DiagnosticError) -> StateManifest {
        let trimmed = dir.hasSuffix("/") && dir.count > 1 ? String(dir.dropLast()) : dir
        let path = trimmed + "/manifest.json"
        let hint = "--state names the target folder of the run to compare with, e.g. copy production's target/ to prod-artifacts/"
        guard fileSystem.isDirectory(trimmed) else {
            throw DiagnosticError(.error("the --state folder '\(dir)' does not exist", at: argument, path: argument == nil ? dir : nil, hint: hint))
        }
        guard fileSystem.fileExists(path) else {
            throw DiagnosticError(.error("the --state folder '\(dir)' has no manifest.json", at: argument, path: argument == nil ? path : nil, hint: hint))
        }
        let text: String
        do { text = try fileSystem.readFile(path) } catch {
            throw DiagnosticError(.error("cannot read the state manifest: \(error)", at: argument, path: argument == nil ? path : nil))
        }
        let file = SourceFile(path: path, text: text)
        let document: JSONValue
        do {
            document = try JSONValue.parse(text)
        } catch let e as JSONParseError {
            let at = min(e.offset, max(0, text.utf8.count - 1))
            throw DiagnosticError(
                .error(
                    "the state manifest is not valid JSON: \(e.reason)", at: SourceRange(file: file, bytes: at..<min(at + 1, text.utf8.count)),
                    hint: "write it with `swiftdbt compile` (or run/build) and copy target/ as it is"))
        } catch {
            throw DiagnosticError(.error("the state manifest is not valid JSON: \(error)", path: path))
        }
        guard document["nodes"]?.objectValue != nil, document["metadata"]?["dbt_schema_version"]?.stringValue != nil else {
            throw DiagnosticError(
                .error(
                    "'\(path)' is not a manifest (no 'metadata.dbt_schema_version' and 'nodes')",
                    at: SourceRange(file: file, bytes: 0..<min(1, text.utf8.count)),
                    hint: "--state wants the folder holding target/manifest.json of the run to compare with"))
        }
        return StateManifest(path: path, document: document)
    }

    /// This compile's nodes compared with the state (StateComparison.swift).
    public func states(of compiled: CompiledProject, version: String) -> NodeStates {
        let current = Manifest.document(compiled, version: version, invocationId: "", generatedAt: nil)
        return StateComparison.compare(current: current, previous: document)
    }

    /// The relation the state manifest records for a model or seed, with dbt's `defer_relation` fields.
    public func deferredRelation(_ id: String) -> DeferredRelation? {
        guard let n = document["nodes"]?[id], let type = n["resource_type"]?.stringValue, type == "model" || type == "seed",
            n["config"]?["materialized"]?.stringValue != "ephemeral",
            let schema = n["schema"]?.stringValue, let alias = n["alias"]?.stringValue
        else { return nil }
        let database = n["database"]?.stringValue ?? ""
        var json: [String: JSONValue] = [
            "database": n["database"] ?? .null, "schema": .string(schema), "alias": .string(alias),
            "relation_name": n["relation_name"] ?? .null, "resource_type": .string(type), "name": n["name"] ?? .string(alias),
            "description": n["description"] ?? "", "compiled_code": n["compiled_code"] ?? .null, "meta": n["meta"] ?? [:],
            "tags": n["tags"] ?? [],
        ]
        if let config = n["config"] { json["config"] = config }
        return DeferredRelation(relation: Relation(database: database, schema: schema, identifier: alias), manifestJSON: json, used: false)
    }
}

/// `--defer`: which unselected nodes' refs read the state's relations instead of their own.
public enum Deferral {
    /// The unselected models and seeds that selected nodes read directly, whose relation must exist
    /// in the target for them not to be deferred (the selective catalog read asks about these only).
    public static func parentsToCheck(_ compiled: CompiledProject, selected: Set<String>) -> Set<Relation> {
        var out = Set<Relation>()
        for id in selected {
            for p in compiled.nodes[id]?.dependsOn ?? [] where !selected.contains(p) {
                if let n = compiled.nodes[p], n.resourceType == .model || n.resourceType == .seed, let r = n.relation { out.insert(r) }
            }
        }
        return out
    }

    /// dbt's rule: every model and seed the state knows carries its `defer_relation`; refs to one
    /// that is not selected read that relation when its own does not exist in the target
    /// (`existing`), or always with `--favor-state`. Selected nodes always read their own.
    public static func apply(
        _ compiled: inout CompiledProject, state: StateManifest, selected: Set<String>, existing: Set<Relation>, favorState: Bool
    ) {
        for (id, n) in compiled.nodes where n.resourceType == .model || n.resourceType == .seed {
            guard n.config.materialized != "ephemeral", var deferred = state.deferredRelation(id) else { continue }
            let own = n.relation.map { existing.contains($0) } ?? false
            deferred.used = !selected.contains(id) && (favorState || !own)
            compiled.nodes[id]?.deferRelation = deferred
        }
    }
}
