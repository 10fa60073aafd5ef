import SDBasics
import SDCompiler
import SDEngine
import SDProject

/// Nodes as the compiler makes them, small enough to write inline.
enum Nodes {
    static func model(_ name: String, _ sql: String = "select 1 as x", dependsOn: [String] = [], materialized: String = "table") -> CompiledNode {
        CompiledNode(
            uniqueId: "model.p.\(name)", name: name, resourceType: .model, packageName: "p", fqn: ["p", name],
            originalFilePath: "models/\(name).sql", path: "\(name).sql", config: NodeConfig(["materialized": .string(materialized)]),
            relation: Relation(database: "memory", schema: "main", identifier: name), compiledCode: sql,
            dependsOn: dependsOn.map { "model.p.\($0)" }, compiledPath: "target/compiled/p/models/\(name).sql")
    }

    static func seed(_ name: String, columnTypes: [String: String] = [:]) -> CompiledNode {
        var config: [String: JSONValue] = ["materialized": "seed"]
        if !columnTypes.isEmpty { config["column_types"] = .object(columnTypes.mapValues { .string($0) }) }
        return CompiledNode(
            uniqueId: "seed.p.\(name)", name: name, resourceType: .seed, packageName: "p", fqn: ["p", name],
            originalFilePath: "seeds/\(name).csv", path: "\(name).csv", config: NodeConfig(config),
            relation: Relation(database: "memory", schema: "main", identifier: name))
    }

    /// A generic test on `model`, defined in models/_p.yml.
    static func test(_ name: String, on model: String, config: [String: JSONValue] = [:]) -> CompiledNode {
        var values: [String: JSONValue] = ["materialized": "test", "severity": "ERROR"]
        for (k, v) in config { values[k] = v }
        var node = CompiledNode(
            uniqueId: "test.p.\(name)", name: name, resourceType: .test, packageName: "p", fqn: ["p", name],
            originalFilePath: "models/_p.yml", path: "\(name).sql", config: NodeConfig(values),
            compiledCode: "select * from \(model) where id is null", dependsOn: ["model.p.\(model)"],
            compiledPath: "target/compiled/p/models/\(name).sql")
        node.testName = "not_null"
        node.attachedNode = "model.p.\(model)"
        return node
    }

    /// The database error a failing model's build throws in these tests.
    static func binderError(_ name: String) -> EngineError {
        EngineError(.database, "Binder Error: no column bad in \(name)")
    }

    static func byId(_ nodes: [CompiledNode]) -> [String: CompiledNode] {
        Dictionary(uniqueKeysWithValues: nodes.map { ($0.uniqueId, $0) })
    }
}
