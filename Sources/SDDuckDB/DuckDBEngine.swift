import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDProject

/// The local target: models, seeds and external sources built in a DuckDB file through one
/// long-lived `duckdb` CLI process.
///
/// DuckDB runs one statement at a time per process and parallelises each statement itself, so
/// the scheduler's threads queue here; every rebuild happens inside a transaction, so a failure
/// leaves the previous relation and its rows as they were.
public final class DuckDBEngine: Engine, @unchecked Sendable {
    public let kind: Target.Kind = .duckdb
    let process: DuckDBProcess
    let target: Target
    /// The project root: relative lake locations are resolved against it.
    let projectRoot: String
    private let lock = NSLock()
    private var createdSchemas = Set<String>()
    /// What each relation is, read once from the catalog and kept current as nodes build, so a
    /// model does not pay a catalog query before its build.
    private var catalog: [Relation: RelationKind]?

    /// Starts the CLI on the target's database file (`path`, default `target/local.duckdb`, relative
    /// to the project root).
    public init(target: Target, projectRoot: String, environment: [String: String], fileSystem: FileSystem) throws {
        self.target = target
        self.projectRoot = projectRoot
        let executable = try DuckDBExecutable.locate(explicitPath: target.string("duckdb_path"), environment: environment,
                                                     fileSystem: fileSystem)
        let path = DuckDBEngine.databasePath(target: target, projectRoot: projectRoot)
        if path != ":memory:" {
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty { try fileSystem.createDirectory(dir) }
        }
        self.process = try DuckDBProcess(executable: executable, database: path, environment: environment)
        var setup: [String] = []
        for ext in target.settings["extensions"].flatMap({ if case .array(let a) = $0 { a.compactMap(\.stringValue) } else { nil } }) ?? [] {
            setup.append("load \(ext)")
        }
        if case .object(let settings) = target.settings["settings"] ?? .null {
            for (k, v) in settings.sorted(by: { $0.key < $1.key }) {
                setup.append("set \(k) = \(DuckDBEngine.literal(v))")
            }
        }
        if let mem = target.string("memory_limit") { setup.append("set memory_limit = '\(mem)'") }
        if !setup.isEmpty { _ = try process.executeEach(setup) }
    }

    /// The database file as an absolute path (or `:memory:`).
    public static func databasePath(target: Target, projectRoot: String) -> String {
        let path = target.string("path") ?? "target/local.duckdb"
        if path == ":memory:" || path.hasPrefix("/") || path.hasPrefix("md:") { return path }
        return absolute(path, root: projectRoot)
    }

    static func absolute(_ path: String, root: String) -> String {
        if path.hasPrefix("/") || path.contains("://") { return path }
        let base = root.hasPrefix("/") ? root : FileManager.default.currentDirectoryPath + "/" + root
        return URL(fileURLWithPath: base).appendingPathComponent(path).standardizedFileURL.path
    }

    static func literal(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .bool(let b): b ? "true" : "false"
        default: "null"
        }
    }

    // MARK: - Engine

    public func existingRelations(schemas: [String]) async throws -> [Relation: RelationKind] {
        let r = try await run("select table_catalog, table_schema, table_name, table_type from information_schema.tables")
        var out: [Relation: RelationKind] = [:]
        for row in r.rows where row.count == 4 {
            guard let db = row[0].stringValue, let s = row[1].stringValue, let n = row[2].stringValue else { continue }
            out[Relation(database: db, schema: s, identifier: n)] = row[3].stringValue == "VIEW" ? .view : .table
        }
        let snapshot = out
        lock.withLock { catalog = snapshot }
        return out
    }

    public func build(_ node: CompiledNode, options: BuildOptions, log: StatementLog) async throws -> AdapterResponse {
        guard let relation = node.relation else { throw EngineError(.internalError, "node \(node.uniqueId) has no relation") }
        try await ensureSchema(relation, log: log)
        if node.resourceType == .source {
            return try await buildExternalSource(node, relation, log: log)
        }
        let existing = try await kindOf(relation)
        switch node.materialized {
        case "view":
            return try await replaceView(relation, existing: existing, select: "(\n\(node.compiledCode.trimmed)\n)", log: log)
        case "table":
            return try await replaceTable(relation, existing: existing, select: node.compiledCode, log: log)
        case "incremental":
            if existing != .table || !node.renderedIncremental {
                return try await replaceTable(relation, existing: existing, select: node.compiledCode, log: log)
            }
            return try await incremental(node, relation, log: log)
        case "ephemeral":
            return AdapterResponse(message: "OK", code: "EPHEMERAL")
        default:
            throw EngineError(.internalError, "unknown materialization '\(node.materialized)'")
        }
    }

    /// Builds `select` under a temporary name, then drops the old relation and renames the new one in,
    /// all in one transaction: a failing query leaves the old table and its rows untouched.
    func replaceTable(_ relation: Relation, existing: RelationKind?, select: String, log: StatementLog) async throws -> AdapterResponse {
        try await swapIn(relation, existing: existing, log: log) { temp in
            ["create table \(temp.quoted) as (\n\(select.trimmed)\n)"]
        }
        let count = try await run("select count(*) from \(relation.quoted)")
        let rows = count.rows.first?.first?.intValue.map(Int.init)
        return AdapterResponse(message: rows.map { "OK \($0)" } ?? "OK", rowsAffected: rows)
    }

    /// Fills a table under a temporary name with `fill`, then drops the old relation and renames the
    /// new table in, in one transaction: a failing statement leaves the old relation and its rows.
    func swapIn(_ relation: Relation, existing: RelationKind?, log: StatementLog, fill: (Relation) -> [String]) async throws {
        let temp = relation.renamed(relation.identifier + "__swiftdbt_tmp")
        var steps = ["begin transaction", "drop table if exists \(temp.quoted)"] + fill(temp)
        switch existing {
        case .table: steps.append("drop table \(relation.quoted)")
        case .view, .external: steps.append("drop view \(relation.quoted)")
        case nil: break
        }
        steps.append("alter table \(temp.quoted) rename to \(Relation.quote(relation.identifier))")
        steps.append("commit")
        try await transaction(steps, log: log)
        remember(relation, .table)
    }

    /// Appends or merges new rows by `unique_key` (strategies append, delete+insert, merge), with
    /// `on_schema_change` handled (ignore, fail, append_new_columns, sync_all_columns).
    func incremental(_ node: CompiledNode, _ relation: Relation, log: StatementLog) async throws -> AdapterResponse {
        let keys = DuckDBEngine.uniqueKey(node.config)
        let strategy = node.config.string("incremental_strategy") ?? (keys.isEmpty ? "append" : "delete+insert")
        let temp = Relation.quote(relation.identifier + "__swiftdbt_incr")
        var steps = ["begin transaction", "create or replace temp table \(temp) as (\n\(node.compiledCode.trimmed)\n)"]
        try await transaction(Array(steps.prefix(2)), log: log, commit: false)
        do {
            let newColumns = try await columns("temp.main.\(temp)")
            let oldColumns = try await columns(relation.quoted)
            let onChange = node.config.string("on_schema_change") ?? "ignore"
            let oldSet = Set(oldColumns.map { $0.name.lowercased() })
            let newSet = Set(newColumns.map { $0.name.lowercased() })
            let added = newColumns.filter { !oldSet.contains($0.name.lowercased()) }
            let removed = oldColumns.filter { !newSet.contains($0.name.lowercased()) }
            var insertColumns = newColumns.filter { oldSet.contains($0.name.lowercased()) }.map(\.name)
            steps = []
            if !added.isEmpty || !removed.isEmpty {
                switch onChange {
                case "fail":
                    throw EngineError(.database, """
                        the columns of incremental model '\(node.name)' changed (added: \(added.map(\.name).joined(separator: ", ")); \
                        removed: \(removed.map(\.name).joined(separator: ", "))) and on_schema_change is 'fail'; \
                        run with --full-refresh or set on_schema_change
                        """)
                case "append_new_columns", "sync_all_columns":
                    for c in added { steps.append("alter table \(relation.quoted) add column \(Relation.quote(c.name)) \(c.type)") }
                    insertColumns += added.map(\.name)
                    if onChange == "sync_all_columns" {
                        for c in removed { steps.append("alter table \(relation.quoted) drop column \(Relation.quote(c.name))") }
                    }
                default: break
                }
            }
            let cols = insertColumns.map(Relation.quote).joined(separator: ", ")
            let match = keys.map { "t.\(Relation.quote($0)) is not distinct from s.\(Relation.quote($0))" }.joined(separator: " and ")
            switch strategy {
            case "append":
                break
            case "delete+insert":
                guard !keys.isEmpty else { throw EngineError(.database, "incremental_strategy 'delete+insert' needs a unique_key") }
                steps.append("delete from \(relation.quoted) as t using \(temp) as s where \(match)")
            case "merge":
                guard !keys.isEmpty else { throw EngineError(.database, "incremental_strategy 'merge' needs a unique_key") }
                let sets = insertColumns.filter { c in !keys.contains { $0.lowercased() == c.lowercased() } }
                    .map { "\(Relation.quote($0)) = s.\(Relation.quote($0))" }.joined(separator: ", ")
                steps.append("""
                    merge into \(relation.quoted) as t using \(temp) as s on (\(match))
                    \(sets.isEmpty ? "" : "when matched then update set \(sets)\n")when not matched then insert (\(cols)) values (\(insertColumns.map { "s.\(Relation.quote($0))" }.joined(separator: ", ")))
                    """)
            default:
                throw EngineError(.database, "unknown incremental_strategy '\(strategy)' for DuckDB; use append, delete+insert or merge")
            }
            if strategy != "merge" {
                steps.append("insert into \(relation.quoted) (\(cols)) select \(cols) from \(temp)")
            }
            steps.append("drop table \(temp)")
            steps.append("commit")
            try await transaction(steps, log: log, begun: true)
        } catch {
            _ = try? await run("rollback")
            throw error
        }
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
    func buildExternalSource(_ node: CompiledNode, _ relation: Relation, log: StatementLog) async throws -> AdapterResponse {
        let sql = DuckDBEngine.externalSelect(node.external ?? [:], root: projectRoot)
        return try await replaceView(relation, existing: try await kindOf(relation), select: sql, log: log)
    }

    /// `create or replace view`, dropping a table of the same name first, in one transaction: if the
    /// new definition does not bind, the old relation stays as it was.
    func replaceView(_ relation: Relation, existing: RelationKind?, select: String, log: StatementLog) async throws -> AdapterResponse {
        var steps = ["begin transaction"]
        if existing == .table { steps.append("drop table \(relation.quoted)") }
        steps.append("create or replace view \(relation.quoted) as \(select)")
        steps.append("commit")
        try await transaction(steps, log: log)
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
        try await ensureSchema(relation, log: log)
        let existing = try await kindOf(relation)
        let columns = table.columns.map { "\(Relation.quote($0.name)) \($0.type.sqlName)" }.joined(separator: ", ")
        try await swapIn(relation, existing: existing, log: log) { temp in
            ["create table \(temp.quoted) (\(columns))"] + SeedLiteral.insertStatements(table, into: temp.quoted, rowsPerStatement: 2000)
        }
        return AdapterResponse(message: "INSERT \(table.rows.count)", code: "INSERT", rowsAffected: table.rows.count)
    }

    /// Counts failing rows with the test's `fail_calc` (default `count(*)`) over its query, `limit`
    /// applied; keeps the failing rows in `<schema>_test_failures.<test>` when `store_failures` is set.
    public func runTest(_ node: CompiledNode, sql: String, sampleLimit: Int, log: StatementLog) async throws -> TestOutcome {
        let failCalc = node.config.string("fail_calc") ?? "count(*)"
        let limit = node.config["limit"].flatMap { v -> Int? in if case .int(let i) = v { i } else { nil } }
        let inner = sql.trimmed + (limit.map { "\nlimit \($0)" } ?? "")
        if node.config.bool("store_failures") == true {
            let schema = (node.config.string("schema").map { "\(target.schema)_\($0)" } ?? target.schema) + "_test_failures"
            let rel = Relation(database: target.database, schema: schema, identifier: node.config.string("alias") ?? node.name)
            try await ensureSchema(rel, log: log)
            try await transaction(["create or replace table \(rel.quoted) as (\n\(inner)\n)"], log: log)
        }
        let countSQL = "select \(failCalc) as failures from (\n\(inner)\n) as dbt_internal_test"
        log.record(countSQL)
        let r = try await run(countSQL)
        let failures: Int
        switch r.rows.first?.first {
        case .int(let i): failures = Int(i)
        case .double(let d): failures = Int(d)
        case .string(let s): failures = Int(s) ?? 0
        default: failures = 0
        }
        var sample: QueryResult? = nil
        if failures > 0, sampleLimit > 0 {
            sample = try? await query(inner, limit: sampleLimit)
        }
        return TestOutcome(failures: failures, sample: sample, response: AdapterResponse(message: "OK"))
    }

    public func query(_ sql: String, limit: Int?) async throws -> QueryResult {
        let text = limit.map { "select * from (\n\(sql.trimmed)\n) as swiftdbt_show limit \($0)" } ?? sql
        let r = try await run(text)
        return QueryResult(columns: r.columns, rows: r.rows.map { $0.map(DuckDBEngine.json) })
    }

    public func interrupt() async { process.interrupt() }

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

    func run(_ sql: String) async throws -> DuckDBResult {
        do {
            return try await process.execute(sql)
        } catch {
            throw DuckDBEngine.engineError(error)
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

    /// Runs statements in order, stopping at the first failure and rolling back the open transaction.
    func transaction(_ steps: [String], log: StatementLog, commit: Bool = true, begun: Bool = false) async throws {
        for s in steps { log.record(s) }
        do {
            _ = try await process.executeEach(steps)
        } catch {
            if begun || steps.first == "begin transaction" {
                _ = try? await process.execute("rollback")
            }
            throw DuckDBEngine.engineError(error)
        }
    }

    func ensureSchema(_ relation: Relation, log: StatementLog) async throws {
        let key = relation.database + "." + relation.schema
        guard !lock.withLock({ createdSchemas.contains(key) }) else { return }
        let sql = "create schema if not exists \(Relation.quote(relation.database)).\(Relation.quote(relation.schema))"
        log.record(sql)
        _ = try await run(sql)
        _ = lock.withLock { createdSchemas.insert(key) }
    }

    func kindOf(_ relation: Relation) async throws -> RelationKind? {
        if let known = lock.withLock({ catalog }) { return known[relation] }
        let r = try await run("""
            select table_type from information_schema.tables where table_catalog = \(DuckDBEngine.literal(.string(relation.database))) \
            and table_schema = \(DuckDBEngine.literal(.string(relation.schema))) and table_name = \(DuckDBEngine.literal(.string(relation.identifier)))
            """)
        guard let t = r.rows.first?.first?.stringValue else { return nil }
        return t == "VIEW" ? .view : .table
    }

    private func remember(_ relation: Relation, _ kind: RelationKind) {
        lock.withLock { catalog?[relation] = kind }
    }

    func columns(_ relationSQL: String) async throws -> [DuckDBColumn] {
        do {
            return try await Task { try process.describe("select * from \(relationSQL)") }.value
        } catch let e as DuckDBError {
            throw DuckDBEngine.engineError(e)
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
