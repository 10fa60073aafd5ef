import SDBasics
import SDProject

extension Manifest {
    /// A unit test in manifest v12's `unit_tests` shape (`UnitTestDefinition`): given and expect as
    /// written (rows, format, fixture), overrides, config (tags, meta, enabled) and the model as
    /// its only node dependency, as dbt writes them.
    static func unitTestJSON(_ n: CompiledNode, compiled: CompiledProject) -> JSONValue {
        guard let plan = n.unitTest else { return .null }
        let spec = plan.spec
        func fixture(_ rows: UnitTestRows, input: String?) -> JSONValue {
            var o: [String: JSONValue] = [
                "rows": rows.fixture == nil ? rows.written : .null, "format": .string(rows.format.rawValue),
                "fixture": rows.fixture.map { .string($0) } ?? .null,
            ]
            if let input { o["input"] = .string(input) }
            return .object(o)
        }
        let tags: [JSONValue] = n.config.tags.map { .string($0) }
        var overrides: JSONValue = .null
        if case .object = spec.overrides {
            overrides = .object([
                "macros": .object(spec.macroOverrides), "vars": .object(spec.varOverrides),
                "env_vars": .object(spec.envOverrides.mapValues { .string($0) }),
            ])
        }
        // `versions` as dbt's UnitTestNodeVersions (lists of versions or null); `version` is the one
        // this copy of the test runs on.
        var versions: JSONValue = .null
        if let v = spec.versions {
            func list(_ l: [(version: String, range: SourceRange)]?) -> JSONValue { l.map { .array($0.map { .string($0.version) }) } ?? .null }
            versions = .object(["include": list(v.include), "exclude": list(v.exclude)])
        }
        return .object([
            "model": .string(spec.model), "given": .array(spec.given.map { fixture($0.rows, input: $0.input) }),
            "expect": fixture(spec.expect, input: nil), "name": .string(n.name), "resource_type": "unit_test",
            "package_name": .string(n.packageName), "path": .string(n.path), "original_file_path": .string(n.originalFilePath),
            "unique_id": .string(n.uniqueId), "fqn": .array(n.fqn.map { .string($0) }), "description": .string(n.description),
            "overrides": overrides, "depends_on": .object(["macros": [], "nodes": .array(n.dependsOn.map { .string($0) })]),
            "config": .object(["tags": .array(tags), "meta": .object(n.meta), "enabled": true]),
            "schema": compiled.nodes[plan.modelId]?.relation.map { .string($0.schema) } ?? .null,
            "created_at": .int(0), "versions": versions, "version": plan.version.map { .string($0) } ?? .null,
        ])
    }
}
