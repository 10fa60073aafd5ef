import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDProject

/// A minimal in-test `Engine` that records every statement it is given, in order, and fails or waits
/// where a test asks it to. (A shared recording engine for all test targets is planned in a
/// test-support module; this one stays small and local until then.)
final class RecordingEngine: Engine, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [String] = []
    private var interruptedFlag = false
    /// Nodes (by name) whose build fails with a database error.
    let failing: Set<String>
    /// Nodes (by name) whose build waits until `interrupt()` is called, then fails as interrupted.
    let blocking: Set<String>
    /// Failing rows each test (by name) returns; absent means 0.
    let testFailures: [String: Int]
    /// When set, `existingRelations` fails with this error.
    let catalogError: EngineError?
    /// Where a failing build says the database error is, if anywhere.
    let errorPosition: StatementPosition?

    init(failing: Set<String> = [], blocking: Set<String> = [], testFailures: [String: Int] = [:], catalogError: EngineError? = nil,
         errorPosition: StatementPosition? = nil)
    {
        self.failing = failing
        self.blocking = blocking
        self.testFailures = testFailures
        self.catalogError = catalogError
        self.errorPosition = errorPosition
    }

    var statements: [String] { lock.withLock { recorded } }
    var wasInterrupted: Bool { lock.withLock { interruptedFlag } }

    private func send(_ sql: String, _ log: StatementLog?) {
        lock.withLock { recorded.append(sql) }
        log?.record(sql)
    }

    func existingRelations(schemas: [String]) async throws -> [Relation: RelationKind] {
        send("list relations in [\(schemas.joined(separator: ","))]", nil)
        if let catalogError { throw catalogError }
        return [:]
    }

    func build(_ node: CompiledNode, options: BuildOptions, log: StatementLog) async throws -> AdapterResponse {
        let sql = "create or replace table \(node.name) as (\(node.compiledCode))"
        send(sql, log)
        if failing.contains(node.name) {
            throw EngineError(.database, "Binder Error: no column bad in \(node.name)", statement: sql, position: errorPosition)
        }
        if blocking.contains(node.name) {
            while !wasInterrupted { try await Task.sleep(nanoseconds: 5_000_000) }
            throw EngineError(.interrupted, "INTERRUPT Error: Interrupted!", statement: sql)
        }
        return AdapterResponse(message: "OK")
    }

    func loadSeed(_ node: CompiledNode, table: SeedTable, options: BuildOptions, log: StatementLog) async throws -> AdapterResponse {
        let columns = table.columns.map { "\($0.name) \($0.type)" }.joined(separator: ", ")
        send("create table \(node.name) (\(columns)); insert \(table.rows.count) rows", log)
        return AdapterResponse(message: "INSERT \(table.rows.count)", rowsAffected: table.rows.count)
    }

    func runTest(_ node: CompiledNode, sql: String, sampleLimit: Int, log: StatementLog) async throws -> TestOutcome {
        send("select count(*) from (\(sql))", log)
        let n = testFailures[node.name] ?? 0
        let sample = n == 0 ? nil : QueryResult(columns: ["id"], rows: (0..<min(n, sampleLimit)).map { [.int($0)] })
        return TestOutcome(failures: n, sample: sample, response: AdapterResponse())
    }

    func query(_ sql: String, limit: Int?) async throws -> QueryResult {
        send(sql, nil)
        return QueryResult(columns: [], rows: [])
    }

    func interrupt() async { lock.withLock { interruptedFlag = true } }
    func close() async {}
}

/// An in-memory `FileSystem`, enough for run files, seeds and run_results.json.
final class MemoryFileSystem: FileSystem, @unchecked Sendable {
    private let lock = NSLock()
    private var files: [String: String]

    init(_ files: [String: String] = [:]) { self.files = files }

    var paths: [String] { lock.withLock { files.keys.sorted() } }

    func readFile(_ path: String) throws -> String {
        guard let text = lock.withLock({ files[path] }) else { throw FileSystemError(path: path, reason: "no such file") }
        return text
    }
    func fileExists(_ path: String) -> Bool { lock.withLock { files[path] != nil } }
    func isDirectory(_ path: String) -> Bool { lock.withLock { files.keys.contains { $0.hasPrefix(path + "/") } } }
    func listFiles(under directory: String) throws -> [String] {
        lock.withLock { files.keys.filter { $0.hasPrefix(directory + "/") }.map { String($0.dropFirst(directory.count + 1)) }.sorted() }
    }
    func writeFile(_ path: String, _ contents: String) throws { lock.withLock { files[path] = contents } }
    func createDirectory(_ path: String) throws {}
    func removeItem(_ path: String) throws { lock.withLock { files = files.filter { !$0.key.hasPrefix(path) } } }
}

/// Nodes as the compiler makes them, small enough to write inline.
enum Nodes {
    static func model(_ name: String, _ sql: String = "select 1 as x", dependsOn: [String] = [], materialized: String = "table") -> CompiledNode {
        CompiledNode(uniqueId: "model.p.\(name)", name: name, resourceType: .model, packageName: "p", fqn: ["p", name],
                     originalFilePath: "models/\(name).sql", path: "\(name).sql", config: NodeConfig(["materialized": .string(materialized)]),
                     relation: Relation(database: "memory", schema: "main", identifier: name), compiledCode: sql,
                     dependsOn: dependsOn.map { "model.p.\($0)" }, compiledPath: "target/compiled/p/models/\(name).sql")
    }

    static func seed(_ name: String, columnTypes: [String: String] = [:]) -> CompiledNode {
        var config: [String: JSONValue] = ["materialized": "seed"]
        if !columnTypes.isEmpty { config["column_types"] = .object(columnTypes.mapValues { .string($0) }) }
        return CompiledNode(uniqueId: "seed.p.\(name)", name: name, resourceType: .seed, packageName: "p", fqn: ["p", name],
                            originalFilePath: "seeds/\(name).csv", path: "\(name).csv", config: NodeConfig(config),
                            relation: Relation(database: "memory", schema: "main", identifier: name))
    }

    /// A generic test on `model`, defined in models/_p.yml.
    static func test(_ name: String, on model: String, config: [String: JSONValue] = [:]) -> CompiledNode {
        var values: [String: JSONValue] = ["materialized": "test", "severity": "ERROR"]
        for (k, v) in config { values[k] = v }
        var node = CompiledNode(uniqueId: "test.p.\(name)", name: name, resourceType: .test, packageName: "p", fqn: ["p", name],
                                originalFilePath: "models/_p.yml", path: "\(name).sql", config: NodeConfig(values),
                                compiledCode: "select * from \(model) where id is null", dependsOn: ["model.p.\(model)"],
                                compiledPath: "target/compiled/p/models/\(name).sql")
        node.testName = "not_null"
        node.attachedNode = "model.p.\(model)"
        return node
    }

    static func byId(_ nodes: [CompiledNode]) -> [String: CompiledNode] {
        Dictionary(uniqueKeysWithValues: nodes.map { ($0.uniqueId, $0) })
    }
}
