import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDProject

/// The local target: models, seeds and external sources built in a DuckDB file through one
/// long-lived `duckdb` CLI process.
///
/// DuckDB runs one statement at a time per process and parallelises each statement itself, so
/// the scheduler's threads queue here. Each node gets the process to itself for all it does (a
/// lease, see `leased` and `DuckDBLease`): strictly one transaction per node, rolled back and
/// checked clean after any failure before the next node may start, so one failing node cannot fail
/// its neighbours. Every rebuild happens inside that transaction, so a failure leaves the previous
/// relation and its rows as they were.
public final class DuckDBEngine: Engine, @unchecked Sendable {
    let process: DuckDBProcess
    let target: Target
    /// The project root: relative lake locations are resolved against it.
    let projectRoot: String
    let hooks: DuckDBTestHooks
    /// Guards the fields below; they are read and written inside leases and by `interrupt()`.
    let lock = NSLock()
    private var createdSchemas = Set<String>()
    /// What each relation is, read once from the catalog and kept current as nodes build, so a
    /// model does not pay a catalog query before its build.
    private var catalog: [Relation: RelationKind]?
    /// The relations `catalog` speaks for when it was read for a selection alone; nil when it holds everything.
    private var catalogScope: Set<Relation>?
    /// Set by `interrupt()`: leases not yet started are refused, so no new statement follows a Ctrl-C.
    var stopping = false
    /// Set when a failed node's session could not be proven clean; every later lease is refused.
    var unusable: String?

    /// Starts the CLI on the target's database file (`path`, default `target/local.duckdb`, relative
    /// to the project root).
    public init(target: Target, projectRoot: String, environment: [String: String], fileSystem: FileSystem) throws {
        self.target = target
        self.projectRoot = projectRoot
        let settings = DuckDBSettings(target: target)
        let executable = try DuckDBExecutable.locate(
            explicitPath: settings.duckdbPath, environment: environment,
            fileSystem: fileSystem)
        let path = DuckDBEngine.databasePath(target: target, projectRoot: projectRoot)
        if path != ":memory:" {
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty { try fileSystem.createDirectory(dir) }
        }
        if let temp = settings.tempDirectory { try fileSystem.createDirectory(DuckDBEngine.absolute(temp, root: projectRoot)) }
        hooks = DuckDBTestHooks(environment: environment)
        self.process = try DuckDBEngine.start(executable, database: path, environment: environment)
        let setup = settings.setupStatements(root: projectRoot)
        if !setup.isEmpty { _ = try process.executeEach(setup) }
    }

    /// Starts the CLI; a lock conflict, which names only a pid, is explained: who that is and what to do.
    static func start(_ executable: DuckDBExecutable, database: String, environment: [String: String]) throws(DuckDBError) -> DuckDBProcess {
        do {
            return try DuckDBProcess(executable: executable, database: database, environment: environment)
        } catch {
            guard case .openFailed(let database, let message) = error, let why = DuckDBLockHolder.explain(message) else { throw error }
            throw .openFailed(database: database, message: message + "\n" + why)
        }
    }

    /// The database file as an absolute path (or `:memory:`).
    public static func databasePath(target: Target, projectRoot: String) -> String {
        let path = DuckDBSettings(target: target).path
        if path == ":memory:" || path.hasPrefix("/") || path.hasPrefix("md:") { return path }
        return absolute(path, root: projectRoot)
    }

    static func absolute(_ path: String, root: String) -> String {
        if path.hasPrefix("/") || path.contains("://") { return path }
        let base = root.hasPrefix("/") ? root : FileManager.default.currentDirectoryPath + "/" + root
        return URL(fileURLWithPath: base).appendingPathComponent(path).standardizedFileURL.path
    }

    /// DuckDB's SQL spellings are its adapter's; the engine asks it rather than spell names, literals or
    /// seed column types itself, so `DuckDBAdapter` is the one place they are decided.
    static let adapter = DuckDBAdapter()
    static func literal(_ v: JSONValue) -> String { adapter.literal(v) }
    static func quote(_ identifier: String) -> String { adapter.quote(identifier) }

    // MARK: - Engine

    /// Every relation in the database. Fails closed: a failed query or a row that cannot be read is an
    /// error, never a shorter list, because a relation missing from this list would be rebuilt from
    /// scratch (an incremental model) or created over the existing one.
    public func existingRelations(schemas: [String]) async throws -> [Relation: RelationKind] {
        let out = try await leased(log: nil) { lease in
            let r = try lease.run("select table_catalog, table_schema, table_name, table_type from information_schema.tables")
            return try DuckDBEngine.relations(in: r)
        }
        lock.withLock { (catalog, catalogScope) = (out, nil) }
        return out
    }

    /// Which of `relations` exist: one query on `information_schema.tables` filtered to their names, so
    /// `run --select` reads the rows of what it builds, not the whole catalog. Fails closed the same way.
    public func existingRelations(among relations: Set<Relation>) async throws -> [Relation: RelationKind] {
        guard !relations.isEmpty else { return [:] }
        var bySchema: [String: (Relation, [String])] = [:]
        for r in relations { bySchema[r.database + "\u{0}" + r.schema, default: (r, [])].1.append(r.identifier) }
        let filter = bySchema.keys.sorted().compactMap { key -> String? in
            guard let (r, names) = bySchema[key] else { return nil }
            return "(table_catalog = \(DuckDBEngine.literal(.string(r.database)))"
                + " and table_schema = \(DuckDBEngine.literal(.string(r.schema)))"
                + " and table_name in (\(names.sorted().map { DuckDBEngine.literal(.string($0)) }.joined(separator: ", "))))"
        }.joined(separator: " or ")
        let out = try await leased(log: nil) { lease in
            let r = try lease.run("select table_catalog, table_schema, table_name, table_type from information_schema.tables where " + filter)
            return try DuckDBEngine.relations(in: r)
        }
        lock.withLock { (catalog, catalogScope) = (out, relations) }
        return out
    }

    static func relations(in r: DuckDBResult) throws -> [Relation: RelationKind] {
        var out: [Relation: RelationKind] = [:]
        for (i, row) in r.rows.enumerated() {
            guard row.count == 4, let db = row[0].stringValue, let s = row[1].stringValue, let n = row[2].stringValue,
                let type = row[3].stringValue
            else {
                throw EngineError(.database, "cannot read the list of existing relations: row \(i + 1) of information_schema.tables is \(row)")
            }
            out[Relation(database: db, schema: s, identifier: n)] = type == "VIEW" ? .view : .table
        }
        return out
    }

    public func build(_ node: CompiledNode, options: BuildOptions, log: StatementLog) async throws -> AdapterResponse {
        guard let relation = node.relation else { throw EngineError(.internalError, "node \(node.uniqueId) has no relation") }
        return try await leased(log: log) { lease in
            try self.ensureSchema(relation, lease, log: log)
            if node.resourceType == .source {
                return try self.buildExternalSource(node, relation, lease, log: log)
            }
            let existing = try self.kindOf(relation, lease)
            if node.resourceType == .snapshot { return try self.snapshot(node, relation, existing: existing, lease, log: log) }
            switch node.config.materialization {
            case .view:
                return try self.replaceView(relation, existing: existing, select: "(\n\(node.compiledCode.trimmed)\n)", lease, log: log)
            case .table:
                return try self.rebuildTable(node, relation, existing: existing, lease, log: log)
            case .incremental:
                if existing != .table || !node.renderedIncremental {
                    return try self.rebuildTable(node, relation, existing: existing, lease, log: log)
                }
                return try self.incremental(node, relation, lease, log: log)
            case .ephemeral:
                return AdapterResponse(message: "OK", code: "EPHEMERAL")
            case nil:
                // The compile refuses an unknown materialization, so this is a bug, not a user mistake.
                throw EngineError(.internalError, "unknown materialization '\(node.materialized)'")
            }
        }
    }

    /// Builds `select` under a temporary name, then drops the old relation and renames the new one in,
    /// all in one transaction: a failing query leaves the old table and its rows untouched.
    func replaceTable(
        _ relation: Relation, existing: RelationKind?, select: String, _ lease: DuckDBLease,
        log: StatementLog
    ) throws -> AdapterResponse {
        try swapIn(relation, existing: existing, lease, log: log) { temp in
            ["create table \(temp.quoted) as (\n\(select.trimmed)\n)"]
        }
        let count = try lease.run("select count(*) from \(relation.quoted)")
        let rows = count.rows.first?.first?.intValue.map(Int.init)
        return AdapterResponse(message: rows.map { "OK \($0)" } ?? "OK", rowsAffected: rows)
    }

    /// Fills a table under a temporary name with `fill`, then drops the old relation and renames the
    /// new table in, in one transaction: a failing statement leaves the old relation and its rows.
    func swapIn(
        _ relation: Relation, existing: RelationKind?, _ lease: DuckDBLease, log: StatementLog,
        fill: (Relation) -> [String]
    ) throws {
        let temp = relation.renamed(relation.identifier + "__swiftdbt_tmp")
        var steps = ["begin transaction", "drop table if exists \(temp.quoted)"] + fill(temp)
        switch existing {
        case .table: steps.append("drop table \(relation.quoted)")
        case .view, .external: steps.append("drop view \(relation.quoted)")
        case nil: break
        }
        steps.append("alter table \(temp.quoted) rename to \(DuckDBEngine.quote(relation.identifier))")
        steps.append("commit")
        try lease.transaction(steps, log: log)
        remember(relation, .table)
    }

    /// Appends or merges new rows by `unique_key` (strategies append, delete+insert, merge), with
    /// `on_schema_change` handled (ignore, fail, append_new_columns, sync_all_columns). The new rows,
    /// the column comparison and the change all happen in one transaction inside the node's lease.
    func incremental(_ node: CompiledNode, _ relation: Relation, _ lease: DuckDBLease, log: StatementLog) throws -> AdapterResponse {
        let keys = DuckDBEngine.uniqueKey(node.config)
        let fallback: IncrementalStrategy? = node.config["incremental_strategy"] == nil ? (keys.isEmpty ? .append : .deleteInsert) : nil
        guard let strategy = node.config.incrementalStrategy ?? fallback else {
            // DuckDBAdapter.validate refuses it at compile.
            throw EngineError(.internalError, "unknown incremental_strategy '\(node.config.string("incremental_strategy") ?? "")' for DuckDB")
        }
        let temp = DuckDBEngine.quote(relation.identifier + "__swiftdbt_incr")
        try lease.transaction(["begin transaction", "create or replace temp table \(temp) as (\n\(node.compiledCode.trimmed)\n)"], log: log)
        let newColumns = try lease.columns("temp.main.\(temp)")
        let oldColumns = try lease.columns(relation.quoted)
        let onChange = node.config.string("on_schema_change") ?? "ignore"
        let oldSet = Set(oldColumns.map { $0.name.lowercased() })
        let newSet = Set(newColumns.map { $0.name.lowercased() })
        let added = newColumns.filter { !oldSet.contains($0.name.lowercased()) }
        let removed = oldColumns.filter { !newSet.contains($0.name.lowercased()) }
        var insertColumns = newColumns.filter { oldSet.contains($0.name.lowercased()) }.map(\.name)
        var steps: [String] = []
        if !added.isEmpty || !removed.isEmpty {
            switch onChange {
            case "fail":
                throw EngineError(
                    .database,
                    """
                    the columns of incremental model '\(node.name)' changed (added: \(added.map(\.name).joined(separator: ", ")); \
                    removed: \(removed.map(\.name).joined(separator: ", "))) and on_schema_change is 'fail'; \
                    run with --full-refresh or set on_schema_change
                    """)
            case "append_new_columns", "sync_all_columns":
                for c in added { steps.append("alter table \(relation.quoted) add column \(DuckDBEngine.quote(c.name)) \(c.type)") }
                insertColumns += added.map(\.name)
                if onChange == "sync_all_columns" {
                    for c in removed { steps.append("alter table \(relation.quoted) drop column \(DuckDBEngine.quote(c.name))") }
                }
            default: break
            }
        }
        let cols = insertColumns.map(DuckDBEngine.quote).joined(separator: ", ")
        let match = keys.map { "t.\(DuckDBEngine.quote($0)) is not distinct from s.\(DuckDBEngine.quote($0))" }.joined(separator: " and ")
        switch strategy {
        case .append:
            break
        case .deleteInsert:
            guard !keys.isEmpty else { throw EngineError(.database, "incremental_strategy 'delete+insert' needs a unique_key") }
            steps.append("delete from \(relation.quoted) as t using \(temp) as s where \(match)")
        case .merge:
            guard !keys.isEmpty else { throw EngineError(.database, "incremental_strategy 'merge' needs a unique_key") }
            let sets = insertColumns.filter { c in !keys.contains { $0.lowercased() == c.lowercased() } }
                .map { "\(DuckDBEngine.quote($0)) = s.\(DuckDBEngine.quote($0))" }.joined(separator: ", ")
            let values = insertColumns.map { "s.\(DuckDBEngine.quote($0))" }.joined(separator: ", ")
            steps.append(
                """
                merge into \(relation.quoted) as t using \(temp) as s on (\(match))
                \(sets.isEmpty ? "" : "when matched then update set \(sets)\n")when not matched then insert (\(cols)) values (\(values))
                """)
        case .insertOverwrite:
            throw EngineError(.internalError, "incremental_strategy 'insert_overwrite' is not one of DuckDB's (refused at compile)")
        }
        if strategy != .merge {
            steps.append("insert into \(relation.quoted) (\(cols)) select \(cols) from \(temp)")
        }
        steps.append("drop table \(temp)")
        steps.append("commit")
        try lease.transaction(steps, log: log)
        return AdapterResponse(message: "OK")
    }

    static func uniqueKey(_ config: NodeConfig) -> [String] {
        switch config["unique_key"] {
        case .string(let s): s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        case .array(let a): a.compactMap(\.stringValue)
        default: []
        }
    }

    /// A view over the local lake for a source with an `external:` location (dbt-external-tables' shape):
    /// Parquet, CSV or JSON files, with hive-style partitions typed from `partitions`.
    func buildExternalSource(_ node: CompiledNode, _ relation: Relation, _ lease: DuckDBLease, log: StatementLog) throws -> AdapterResponse {
        let sql = DuckDBEngine.externalSelect(node.external ?? [:], root: projectRoot)
        return try replaceView(relation, existing: try kindOf(relation, lease), select: sql, lease, log: log)
    }

    /// `create or replace view`, dropping a table of the same name first, in one transaction: if the
    /// new definition does not bind, the old relation stays as it was.
    func replaceView(
        _ relation: Relation, existing: RelationKind?, select: String, _ lease: DuckDBLease,
        log: StatementLog
    ) throws -> AdapterResponse {
        var steps = ["begin transaction"]
        if existing == .table { steps.append("drop table \(relation.quoted)") }
        steps.append("create or replace view \(relation.quoted) as \(select)")
        steps.append("commit")
        try lease.transaction(steps, log: log)
        remember(relation, .view)
        return AdapterResponse(message: "OK")
    }

    /// `select * from read_parquet('<root>/topics/t/**/*.parquet', hive_partitioning = true, hive_types = {...})`.
    public static func externalSelect(_ external: [String: JSONValue], root: String) -> String {
        var location = external["location"]?.stringValue ?? ""
        let format = (external["file_format"]?.stringValue ?? external["format"]?.stringValue ?? "parquet").lowercased()
        location = absolute(location, root: root)
        let ext: String
        let reader: String
        switch format {
        case "csv", "textfile": ext = "csv"; reader = "read_csv"
        case "json", "jsonl", "ndjson": ext = "json"; reader = "read_json"
        default: ext = "parquet"; reader = "read_parquet"
        }
        let hasGlob = location.contains("*") || location.hasSuffix("." + ext)
        let pattern = hasGlob ? location : (location.hasSuffix("/") ? location : location + "/") + "**/*.\(ext)"
        var args = ["'\(pattern.replacingOccurrences(of: "'", with: "''"))'"]
        var types: [String] = []
        if case .array(let parts) = external["partitions"] ?? .null {
            for p in parts {
                guard let name = p["name"]?.stringValue else { continue }
                let t = p["data_type"]?.stringValue ?? p["type"]?.stringValue ?? "varchar"
                types.append("'\(name)': \(duckType(t))")
            }
        }
        if !types.isEmpty || external["hive_partitioning"] == .bool(true) {
            args.append("hive_partitioning = true")
        }
        if !types.isEmpty { args.append("hive_types = {\(types.joined(separator: ", "))}") }
        if reader == "read_parquet" { args.append("union_by_name = true") }
        return "select * from \(reader)(\(args.joined(separator: ", ")))"
    }

    /// Maps Athena/Hive type names used in property files to DuckDB's.
    static func duckType(_ t: String) -> String {
        switch t.lowercased() {
        case "string": "varchar"
        case "int": "integer"
        default: t
        }
    }

    public func loadSeed(_ node: CompiledNode, table: SeedTable, options: BuildOptions, log: StatementLog) async throws -> AdapterResponse {
        guard let relation = node.relation else { throw EngineError(.internalError, "seed \(node.name) has no relation") }
        let columns = table.columns.map { "\(Self.quote($0.name)) \(Self.adapter.sqlType($0.type))" }.joined(separator: ", ")
        return try await leased(log: log) { lease in
            try self.ensureSchema(relation, lease, log: log)
            let existing = try self.kindOf(relation, lease)
            try self.swapIn(relation, existing: existing, lease, log: log) { temp in
                ["create table \(temp.quoted) (\(columns))"] + SeedLiteral.insertStatements(table, into: temp.quoted, rowsPerStatement: 2000)
            }
            return AdapterResponse(message: "INSERT \(table.rows.count)", code: "INSERT", rowsAffected: table.rows.count)
        }
    }

    /// Counts failing rows with the test's `fail_calc` (default `count(*)`) over its query, `limit`
    /// applied; keeps the failing rows in `<schema>_test_failures.<test>` when `store_failures` is set.
    public func runTest(_ node: CompiledNode, sql: String, sampleLimit: Int, log: StatementLog) async throws -> TestOutcome {
        let failCalc = node.config.string("fail_calc") ?? "count(*)"
        let limit = node.config["limit"].flatMap { v -> Int? in if case .int(let i) = v { i } else { nil } }
        let inner = sql.trimmed + (limit.map { "\nlimit \($0)" } ?? "")
        let stored: Relation? =
            node.config.bool("store_failures") == true
            ? Relation(
                database: target.database,
                schema: (node.config.string("schema").map { "\(target.schema)_\($0)" } ?? target.schema) + "_test_failures",
                identifier: node.config.string("alias") ?? node.name)
            : nil
        return try await leased(log: log) { lease in
            if let stored {
                try self.ensureSchema(stored, lease, log: log)
                try lease.transaction(["create or replace table \(stored.quoted) as (\n\(inner)\n)"], log: log)
            }
            let countSQL = "select \(failCalc) as failures from (\n\(inner)\n) as dbt_internal_test"
            log.record(countSQL)
            let r = try lease.run(countSQL)
            let failures: Int
            switch r.rows.first?.first {
            case .int(let i): failures = Int(i)
            case .double(let d): failures = Int(d)
            case .string(let s): failures = Int(s) ?? 0
            default: failures = 0
            }
            var sample: QueryResult? = nil
            if failures > 0, sampleLimit > 0 {
                // The sample is a convenience; the verdict stands without it.
                sample = try? DuckDBEngine.queryResult(lease.run(DuckDBEngine.limited(inner, sampleLimit)))
            }
            return TestOutcome(failures: failures, sample: sample, response: AdapterResponse(message: "OK"))
        }
    }

    public func query(_ sql: String, limit: Int?) async throws -> QueryResult {
        let text = limit.map { DuckDBEngine.limited(sql, $0) } ?? sql
        return try await leased(log: nil) { lease in DuckDBEngine.queryResult(try lease.run(text)) }
    }

    static func limited(_ sql: String, _ limit: Int) -> String {
        "select * from (\n\(sql.trimmed)\n) as swiftdbt_show limit \(limit)"
    }

    static func queryResult(_ r: DuckDBResult) -> QueryResult {
        QueryResult(columns: r.columns, rows: r.rows.map { $0.map(DuckDBEngine.json) })
    }

    /// Ctrl-C: cancels the statement running now and refuses leases not yet started.
    public func interrupt() async {
        lock.withLock { stopping = true }
        process.interrupt()
    }

    public func close() async { process.close() }

    // MARK: - Helpers

    static func json(_ v: DuckDBValue) -> JSONValue {
        switch v {
        case .null: .null
        case .bool(let b): .bool(b)
        case .int(let i): .int(Int(i))
        case .bigInteger(let s): .string(s)
        case .double(let d): .double(d)
        case .string(let s): .string(s)
        case .list(let l): .array(l.map(json))
        case .object(let fields): .object(Dictionary(fields.map { ($0.name, json($0.value)) }, uniquingKeysWith: { a, _ in a }))
        }
    }

    static func engineError(_ e: DuckDBError) -> EngineError {
        switch e {
        case .statementFailed(let message, let statement, _):
            EngineError(.database, message, statement: statement, position: DuckDBErrorPosition.parse(message: message, statement: statement))
        case .interrupted(let statement): EngineError(.interrupted, "interrupted", statement: statement)
        case .processExited, .closed: EngineError(.connection, e.description)
        default: EngineError(.internalError, e.description)
        }
    }

    func ensureSchema(_ relation: Relation, _ lease: DuckDBLease, log: StatementLog) throws {
        let key = relation.database + "." + relation.schema
        guard !lock.withLock({ createdSchemas.contains(key) }) else { return }
        let sql = "create schema if not exists \(DuckDBEngine.quote(relation.database)).\(DuckDBEngine.quote(relation.schema))"
        log.record(sql)
        _ = try lease.run(sql)
        _ = lock.withLock { createdSchemas.insert(key) }
    }

    /// What `relation` is now: from the catalog read at the start of the run (kept current as nodes
    /// build), else asked directly. A failed lookup throws; it never answers "absent".
    func kindOf(_ relation: Relation, _ lease: DuckDBLease) throws -> RelationKind? {
        let known = lock.withLock { catalogScope?.contains(relation) == false ? nil : catalog }
        if let known { return known[relation] }
        let r = try lease.run(
            """
            select table_catalog, table_schema, table_name, table_type from information_schema.tables \
            where table_catalog = \(DuckDBEngine.literal(.string(relation.database))) \
            and table_schema = \(DuckDBEngine.literal(.string(relation.schema))) \
            and table_name = \(DuckDBEngine.literal(.string(relation.identifier)))
            """)
        return try DuckDBEngine.relations(in: r)[relation]
    }

    func remember(_ relation: Relation, _ kind: RelationKind) {
        lock.withLock {
            catalog?[relation] = kind
            catalogScope?.insert(relation)
        }
    }
}

extension String {
    /// Without surrounding whitespace or a trailing semicolon, so it can be wrapped in another statement.
    var trimmed: String {
        var s = trimmingCharacters(in: .whitespacesAndNewlines)
        while s.hasSuffix(";") { s = String(s.dropLast()).trimmingCharacters(in: .whitespacesAndNewlines) }
        return s
    }
}
