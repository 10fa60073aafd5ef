import Foundation
import SDAWS
import SDBasics
import SDCompiler
import SDEngine
import SDProject

/// The Athena target: models, seeds and external sources built through Athena SQL, the Glue
/// catalog and S3, with no window in which a rebuilt table or its data is missing.
///
/// Tables are written by CTAS under a temporary name at a fresh S3 location, then swapped in with
/// one Glue UpdateTable guarded by the table's VersionId; old data is deleted only afterwards and
/// only under folders swiftdbt created (marked in the table's `swiftdbt.root` parameter).
public final class AthenaEngine: Engine, @unchecked Sendable {
    public let settings: AthenaSettings
    public let client: AthenaClient
    let glue: GlueCatalog
    let s3: S3Store
    let makeID: @Sendable () -> String
    /// The run's invocation id: recorded on every table it swaps in (`swiftdbt.invocation_id`),
    /// so a run that loses a race can name the winner, and tagged on all it creates (`BuildOwnership`).
    public let runID: String
    let tag: String
    let now: @Sendable () -> Date
    let sleep: @Sendable (Double) async throws -> Void
    let lock = NSLock()
    var leaseTask: Task<Void, any Error>?
    var leaseRenewal: Task<Void, Never>?
    /// Leases of dead runs seen by this run's collections, deleted when it ends if all succeeded.
    var endedLeases = Set<String>()
    var collectionFailed = false
    private var cleaned: [String] = []
    private var knownSchemas = Set<String>()
    /// Names listed by `existingRelations`, by schema: a name missing from a listed schema needs
    /// no GetTable before its first build (if another writer creates it meanwhile, the CTAS fails
    /// with "already exists" and nothing is lost).
    private var listed: [String: Set<String>] = [:]

    /// Glue table parameter holding the folder swiftdbt created for the table's data.
    static let rootParameter = "swiftdbt.root"

    public init(
        settings: AthenaSettings, aws: AWSClient, now: @escaping @Sendable () -> Date,
        sleep: @escaping @Sendable (Double) async throws -> Void,
        makeID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() },
        runID: String = UUID().uuidString.lowercased()
    ) {
        self.settings = settings
        self.makeID = makeID
        self.runID = runID
        tag = BuildOwnership.tag(ofRun: runID)
        self.now = now
        self.sleep = sleep
        client = AthenaClient(aws: aws, settings: settings, now: now, sleep: sleep)
        glue = GlueCatalog(aws: aws)
        s3 = S3Store(aws: aws)
    }

    /// The AWS client options a target asks for: region, profile, endpoint overrides, attempts.
    public static func clientOptions(_ settings: AthenaSettings) -> AWSClientOptions {
        AWSClientOptions(
            region: settings.region, profileName: settings.profileName, endpointOverrides: settings.endpoints,
            retryPolicy: AWSRetryPolicy(maxAttempts: max(1, settings.retries)))
    }

    // MARK: - Engine

    /// Glue parameter naming the run that last swapped the table in.
    static let invocationParameter = "swiftdbt.invocation_id"

    /// What this run removed that dead runs had left (one line each), for logs and tests.
    public var housekeeping: [String] { lock.withLock { cleaned } }

    /// Lists the schemas' tables (every GetTables page; any failure stops the run, since a name
    /// missing from a partial list would be taken for absent). Before that, the run's lease is
    /// written; after, what dead runs left in these schemas is removed (a failure there is noted,
    /// not fatal: nothing is unsafe about leftovers that stay).
    public func existingRelations(schemas: [String]) async throws -> [Relation: RelationKind] {
        try await holdLease()
        var out: [Relation: RelationKind] = [:]
        for schema in Set(schemas + [settings.schema]).sorted() {
            var tables = try await glue.tables(schema)
            do {
                let done = try await collectOrphans(schema: schema, tables: tables)
                if !done.isEmpty {
                    lock.withLock { cleaned += done }
                    tables = try await glue.tables(schema)
                }
            } catch {
                lock.withLock {
                    collectionFailed = true
                    cleaned.append("leftovers of ended runs in \(schema) not removed: \(error)")
                }
            }
            let names = Set(tables.compactMap { $0["Name"]?.stringValue?.lowercased() })
            lock.withLock { listed[schema.lowercased()] = names }
            for t in tables {
                guard let name = t["Name"]?.stringValue else { continue }
                out[Relation(database: settings.catalog, schema: schema, identifier: name)] =
                    t["TableType"]?.stringValue == "VIRTUAL_VIEW" ? .view : .table
            }
        }
        return out
    }

    public func build(_ node: CompiledNode, options: BuildOptions, log: StatementLog) async throws -> AdapterResponse {
        guard let relation = node.relation.map(AthenaEngine.lowercased) else {
            throw EngineError(.internalError, "node \(node.uniqueId) has no relation")
        }
        var stats = QueryStats()
        try await holdLease()
        try await ensureSchema(relation.schema)
        if node.resourceType == .source {
            try await buildExternalSource(node, relation, log: log, stats: &stats)
            return stats.response()
        }
        let existing = try await currentTable(relation)
        if node.resourceType == .snapshot {
            try await snapshot(node, relation, existing: existing, log: log, stats: &stats)
            return stats.response()
        }
        let config = AthenaTableConfig(node.config)
        switch node.config.materialization {
        case .view:
            try await buildView(node, relation, existing: existing, log: log, stats: &stats)
        case .table:
            try await buildTable(node, relation, select: node.compiledCode, config: config, existing: existing, log: log, stats: &stats)
        case .incremental:
            let isTable = existing.map { $0["TableType"]?.stringValue != "VIRTUAL_VIEW" } ?? false
            let refresh = node.config.bool("full_refresh") ?? options.fullRefresh
            try AthenaEngine.checkIncrementalPlan(node, relation, isTable: isTable, refresh: refresh)
            if !isTable || refresh {
                try await buildTable(node, relation, select: node.compiledCode, config: config, existing: existing, log: log, stats: &stats)
            } else if let existing {
                try await incremental(node, relation, config: config, existing: existing, log: log, stats: &stats)
            }
        case .ephemeral:
            return AdapterResponse(message: "OK", code: "EPHEMERAL")
        case nil:
            // AthenaAdapter's compile checks refuse it first; reaching here is a bug.
            throw EngineError(.internalError, "unknown materialization '\(node.materialized)' for Athena; use view, table, incremental or ephemeral")
        }
        return stats.response()
    }

    /// `is_incremental()` was answered from the catalog read at the start of the run; the build
    /// must agree with it. A table Glue shows now that was not in that listing (a schema the
    /// listing did not cover, a table created meanwhile) would get SQL written for a full build
    /// appended or merged into it; a table that vanished would get SQL that reads it. Either way
    /// the node stops: unknown is never treated as absent, and nothing is rebuilt in full behind
    /// the user's back (the class of dbt-core#16331 and #15953, dbt-athena#1821).
    static func checkIncrementalPlan(_ node: CompiledNode, _ relation: Relation, isTable: Bool, refresh: Bool) throws {
        guard !refresh, isTable != node.renderedIncremental else { return }
        if isTable {
            throw EngineError(
                .database,
                """
                incremental model '\(node.name)': \(relation) exists in Glue but was not in the catalog read at the start of the run, \
                so it was compiled as a first build; nothing was changed. Run again (the catalog is read anew), or use --full-refresh to rebuild it
                """)
        }
        throw EngineError(
            .database,
            """
            incremental model '\(node.name)': \(relation) was in the catalog read at the start of the run but is gone now, \
            so its incremental SQL cannot run; nothing was changed. Run again to build it from scratch
            """)
    }

    public func runTest(_ node: CompiledNode, sql: String, sampleLimit: Int, log: StatementLog) async throws -> TestOutcome {
        let failCalc = node.config.string("fail_calc") ?? "count(*)"
        let limit = node.config["limit"].flatMap { v -> Int? in if case .int(let i) = v { i } else { nil } }
        let inner = sql.trimmedSQL + (limit.map { "\nlimit \($0)" } ?? "")
        let countSQL = "select \(failCalc) as failures from (\n\(inner)\n) as dbt_internal_test"
        var stats = QueryStats()
        let execution = try await run(countSQL, node: node, log: log, stats: &stats)
        let result = try await client.results(execution)
        let failures: Int
        switch result.rows.first?.first {
        case .string(let s): failures = Int(s) ?? Int(Double(s) ?? 0)
        case .int(let i): failures = i
        default: failures = 0
        }
        var sample: QueryResult?
        if failures > 0, sampleLimit > 0 { sample = try? await query(inner, limit: sampleLimit) }
        return TestOutcome(failures: failures, sample: sample, response: stats.response())
    }

    public func query(_ sql: String, limit: Int?) async throws -> QueryResult {
        let text = limit.map { "select * from (\n\(sql.trimmedSQL)\n) as swiftdbt_show limit \($0)" } ?? sql
        do {
            let execution = try await client.execute(text, database: settings.schema)
            return try await client.results(execution, limit: limit)
        } catch let e as AthenaQueryError {
            throw EngineError(.database, e.description, statement: text, position: AthenaErrorPosition.parse(message: e.message, statement: text))
        }
    }

    public func interrupt() async { await client.stopAll() }

    public func close() async { await releaseLease() }

    // MARK: - Shared steps

    static func lowercased(_ r: Relation) -> Relation {
        // Glue folds database and table names to lower case ("TableInput.Name", Glue API reference).
        Relation(database: r.database.lowercased(), schema: r.schema.lowercased(), identifier: r.identifier.lowercased())
    }

    /// Runs one statement, recording it, its query id and bytes scanned; a failure names Athena's
    /// error category and type and the node's compiled file.
    @discardableResult
    func run(_ sql: String, node: CompiledNode?, log: StatementLog, stats: inout QueryStats) async throws -> AthenaQueryExecution {
        log.record(sql)
        var attempt = 1
        while true {
            do {
                let e = try await client.execute(sql, database: settings.schema)
                stats.add(e)
                return e
            } catch var e as AthenaQueryError {
                stats.queryIDs.append(e.queryID)
                if attempt < AthenaEngine.queryAttempts, AthenaEngine.mayRetry(e, sql: sql) {
                    attempt += 1
                    continue
                }
                e.path = node.map { $0.compiledPath ?? $0.originalFilePath }
                throw EngineError(
                    e.state == "CANCELLED" ? .interrupted : .database, e.description, statement: sql,
                    position: AthenaErrorPosition.parse(message: e.message, statement: sql))
            }
        }
    }

    static let queryAttempts = 3

    /// A FAILED query runs again only when Athena marks it retryable or it lost an Iceberg commit
    /// race (ICEBERG_COMMIT_ERROR), and only if running it twice cannot duplicate or leave data:
    /// SELECTs, views and MERGE (atomic on Iceberg). A CTAS or INSERT may have written part of its
    /// output, so it is never repeated; user errors (category 2) never are.
    static func mayRetry(_ e: AthenaQueryError, sql: String) -> Bool {
        guard e.state == "FAILED", e.category != 2 || e.message.contains("ICEBERG_COMMIT_ERROR") else { return false }
        guard e.retryable || e.message.contains("ICEBERG_COMMIT_ERROR") else { return false }
        let head = sql.prefix(40).lowercased()
        return head.hasPrefix("select") || head.hasPrefix("with") || head.hasPrefix("merge") || head.hasPrefix("create or replace view")
    }

    /// GetTable, unless the run's listing shows the name is free; remembers that it is taken now.
    func currentTable(_ relation: Relation) async throws -> JSONValue? {
        let free = lock.withLock { () -> Bool in
            guard let names = listed[relation.schema] else { return false }
            listed[relation.schema]?.insert(relation.identifier)
            return !names.contains(relation.identifier)
        }
        return free ? nil : try await glue.table(relation.schema, relation.identifier)
    }

    /// The Glue database exists (GetDatabase, else CreateDatabase), checked once per run.
    func ensureSchema(_ schema: String) async throws {
        if lock.withLock({ knownSchemas.contains(schema) }) { return }
        if !(try await glue.databaseExists(schema)) { try await glue.createDatabase(schema) }
        _ = lock.withLock { knownSchemas.insert(schema) }
    }

    /// The folder a model's data folders go under: `external_location`, else `s3_data_dir` with
    /// `s3_data_naming` (without its `unique` part: every build gets a fresh folder below).
    func root(for relation: Relation, config: AthenaTableConfig) -> String {
        if let e = config.externalLocation { return e + "/" }
        switch settings.dataNaming {
        case "unique": return settings.dataDir
        case "table", "table_unique": return settings.dataDir + relation.identifier + "/"
        default: return settings.dataDir + relation.schema + "/" + relation.identifier + "/"
        }
    }

    /// A fresh build: a temporary name no other run uses and an empty folder under `root`.
    func freshBuild(_ relation: Relation, config: AthenaTableConfig) -> (temp: Relation, root: String, location: String) {
        let id = newBuildID()
        let root = root(for: relation, config: config)
        return (relation.renamed(BuildOwnership.temporaryName(relation.identifier, buildID: id)), root, root + id)
    }

    /// A build id carrying this run's tag (`BuildOwnership`).
    func newBuildID() -> String { BuildOwnership.buildID(fresh: makeID(), tag: tag) }

    /// A temporary name for a build that writes no data (a view or external table swapped in).
    func temporary(_ relation: Relation) -> Relation {
        relation.renamed(BuildOwnership.temporaryName(relation.identifier, buildID: newBuildID()))
    }

    /// Removes what a failed build left: its Glue entry and anything under its own fresh folder.
    func discard(temp: Relation, location: String?) async {
        try? await glue.deleteTable(temp.schema, temp.identifier)
        if let location { _ = try? await s3.deleteFolder(location) }
    }
}

/// Query ids, bytes scanned and cost of one node's statements.
struct QueryStats: Sendable {
    var queryIDs: [String] = []
    var bytes = 0
    /// Dollars at $5 per TB scanned, each scanning query billed at least 10 MB (Athena pricing).
    var cost = 0.0
    var notes: [String] = []

    mutating func add(_ e: AthenaQueryExecution) {
        queryIDs.append(e.id)
        bytes += e.bytesScanned
        if e.bytesScanned > 0 {
            let mb = 1_048_576.0
            let billed = max(10 * mb, (Double(e.bytesScanned) / mb).rounded(.up) * mb)
            cost += billed / 1e12 * 5
        }
    }

    func response() -> AdapterResponse {
        var message = "OK"
        if bytes > 0 { message += " \(QueryStats.size(bytes)) scanned, $\(String(format: "%.6f", cost))" }
        if !notes.isEmpty { message += "; " + notes.joined(separator: "; ") }
        return AdapterResponse(message: message, code: "OK", queryIds: queryIDs, bytesScanned: bytes)
    }

    static func size(_ bytes: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var v = Double(bytes)
        var u = 0
        while v >= 1024, u < units.count - 1 { v /= 1024; u += 1 }
        return u == 0 ? "\(bytes) B" : String(format: "%.1f", v) + " " + units[u]
    }
}
