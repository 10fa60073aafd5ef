import Foundation
import SDAWS
import SDAthena
import SDBasics
import SDCompiler
import SDEngine
import SDFakeAWS
import SDProject
import SDTestSupport

/// Ids 00000000-0000-0000-0000-000000000001, …002, … so statement goldens are stable.
final class IDSequence: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func next() -> String {
        lock.withLock {
            n += 1
            let s = String(n)
            return "00000000-0000-0000-0000-" + String(repeating: "0", count: 12 - s.count) + s
        }
    }
}

/// A fake AWS server and an AthenaEngine pointed at it with dummy keys.
final class FakeWorld: @unchecked Sendable {
    let server: FakeAWSServer
    let engine: AthenaEngine
    var state: FakeAWSState { server.state }
    static let schema = "analytics"

    static func target(_ extra: [String: JSONValue] = [:]) -> Target {
        var settings: [String: JSONValue] = [
            "type": "athena", "region": "eu-west-1", "work_group": "primary", "s3_staging_dir": "s3://results/athena/",
            "s3_data_dir": "s3://lake/dbt/", "schema": .string(schema), "poll_interval": "0.05",
        ]
        for (k, v) in extra { settings[k] = v }
        return Target(name: "dev", adapter: AthenaAdapter(), schema: schema, database: "awsdatacatalog", threads: 4, settings: settings)
    }

    static let runID = "00000000-0000-4000-8000-000000000000"

    /// `strict` (the default): the fake checks and computes SQL with its sidecar (sqlglot + DuckDB) as
    /// Athena would; one sidecar process serves every world of the run, each with its own mirror.
    init(latency: Double = 0, attempts: Int = 4, settings: [String: JSONValue] = [:], strict: Bool = true) async throws {
        let sql = strict ? try FakeSQLSidecar.shared(environment: ProcessInfo.processInfo.environment) : nil
        server = try FakeAWSServer(state: FakeAWSState(queryLatency: latency, now: { Date() }, sql: sql))
        let endpoint = try await server.start()
        engine = try FakeWorld.engine(endpoint: endpoint, attempts: attempts, settings: settings)
    }

    /// An engine on `endpoint` as one run sees it: its own invocation id, keys and clock.
    static func engine(
        endpoint: String, attempts: Int = 4, settings: [String: JSONValue] = [:], runID: String = FakeWorld.runID,
        accessKey: String = "AKIDFAKE", now: @escaping @Sendable () -> Date = { Date() },
        ids: IDSequence = IDSequence()
    ) throws -> AthenaEngine {
        let runtime = AWSRuntime(
            environment: [:], fileSystem: MemoryFileSystem(), transport: URLSessionTransport(),
            processRunner: SystemProcessRunner(), now: now, sleep: { _ in })
        var athena = AthenaSettings(target: FakeWorld.target(settings))
        athena.endpoints = ["athena": endpoint, "glue": endpoint, "s3": endpoint, "sts": endpoint]
        var options = AthenaEngine.clientOptions(athena)
        options.credentials = AWSCredentials(accessKeyID: accessKey, secretAccessKey: "fake-secret")
        options.retryPolicy = AWSRetryPolicy(maxAttempts: attempts, maxBackoff: 0.01, baseDelay: 0.001)
        options.timeout = 10
        let aws = try AWSClient(runtime: runtime, options: options)
        return AthenaEngine(
            settings: athena, aws: aws, now: now,
            sleep: { try await Task.sleep(nanoseconds: UInt64($0 * 1_000_000_000)) }, makeID: { ids.next() }, runID: runID)
    }

    func stop() async { await server.stop() }

    static func model(
        _ name: String, _ sql: String, _ materialized: String = "table", config: [String: JSONValue] = [:],
        dependsOn: [String] = []
    ) -> CompiledNode {
        var values: [String: JSONValue] = ["materialized": .string(materialized)]
        for (k, v) in config { values[k] = v }
        return CompiledNode(
            uniqueId: "model.p.\(name)", name: name, resourceType: .model, packageName: "p", fqn: ["p", name],
            originalFilePath: "models/\(name).sql", path: "\(name).sql", config: NodeConfig(values),
            relation: Relation(database: "awsdatacatalog", schema: schema, identifier: name), compiledCode: sql,
            dependsOn: dependsOn, compiledPath: "target/compiled/p/models/\(name).sql")
    }

    /// Builds as a run would, with `is_incremental()` answered as the compiler answers it: an
    /// incremental model whose table exists and no full refresh.
    @discardableResult
    func build(_ node: CompiledNode, fullRefresh: Bool = false) async throws -> (AdapterResponse, [String]) {
        let log = StatementLog()
        var node = node
        if node.materialized == "incremental", let r = node.relation {
            let t = state.table(r.schema, r.identifier)
            node.renderedIncremental = !(node.config.bool("full_refresh") ?? fullRefresh) && t != nil && t?["TableType"] != "VIRTUAL_VIEW"
        }
        let r = try await engine.build(node, options: BuildOptions(fullRefresh: fullRefresh), log: log)
        return (r, log.all)
    }

    /// Everything a failure must leave alone, for before/after comparison.
    struct Snapshot: Equatable {
        var table: JSONValue?
        var partitions: [[String]]
        var objects: [String: Data]
        var rows: FakeRows?
    }

    func snapshot(_ table: String) -> Snapshot {
        Snapshot(
            table: state.table(FakeWorld.schema, table), partitions: state.partitions(FakeWorld.schema, table),
            objects: state.allObjects, rows: state.rows(FakeWorld.schema, table))
    }

    /// The Glue tables of the schema whose names mark them as swiftdbt's temporaries.
    func leftoverTemporaries() async throws -> [Relation] {
        try await engine.existingRelations(schemas: []).keys.filter { $0.identifier.contains("__swiftdbt_") }
    }
}

extension FakeRows {
    static func of(_ columns: [String], _ rows: [[String?]]) -> FakeRows { FakeRows(columns: columns, rows: rows) }
}
