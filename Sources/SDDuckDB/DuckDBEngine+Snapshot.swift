import SDBasics
import SDCompiler
import SDEngine
import SDProject

extension DuckDBEngine {
    /// DuckDB's spelling of the snapshot statements: `current_timestamp` is the transaction's start
    /// time (DuckDB docs, "Timestamp Functions"), so every row of one snapshot gets the same time.
    static let snapshotDialect = SnapshotSQL.Dialect(
        quote: { DuckDBEngine.quote($0) }, now: "current_timestamp", timestamp: "timestamp", md5: { "md5(\($0))" })

    /// Builds or updates a snapshot's history table, all in one transaction inside the node's lease:
    /// the source rows into a temporary table, new source columns added to the history (dbt adds
    /// them, never drops), the changes staged, then one MERGE. A failure at any step rolls everything
    /// back, so the history keeps exactly the rows it had.
    func snapshot(_ node: CompiledNode, _ relation: Relation, existing: RelationKind?, _ lease: DuckDBLease, log: StatementLog) throws -> AdapterResponse {
        var findings = DiagnosticBag()
        guard let spec = SnapshotSpec.read(node.config, name: node.name, ranges: [:], fallback: nil, diagnostics: &findings) else {
            throw EngineError(.internalError, "snapshot '\(node.name)' has an invalid config (refused at compile)")
        }
        if let existing, existing != .table {
            throw EngineError(
                .database, "\(relation) is a \(existing.rawValue), not a snapshot table; drop it or give the snapshot another name")
        }
        let sql = SnapshotSQL(spec: spec, dialect: DuckDBEngine.snapshotDialect)
        let source = DuckDBEngine.quote(relation.identifier + "__swiftdbt_snap_src")
        let staging = DuckDBEngine.quote(relation.identifier + "__swiftdbt_snap_stg")
        try lease.transaction(
            ["begin transaction", "create or replace temp table \(source) as (\n\(sql.keyed(node.compiledCode.trimmed))\n)"], log: log)
        let keyAliases = Set(spec.uniqueKey.indices.map { "dbt_unique_key_\($0 + 1)" })
        let sourceColumns = try lease.columns("temp.main.\(source)").filter { !keyAliases.contains($0.name) }
        let names = sourceColumns.map(\.name)
        guard existing == .table else {
            try lease.transaction(
                [
                    "create table \(relation.quoted) as (\n\(sql.initialSelect(sourceRelation: source, sourceColumns: names))\n)",
                    "drop table \(source)", "commit",
                ], log: log)
            remember(relation, .table)
            let count = try lease.run("select count(*) from \(relation.quoted)").rows.first?.first?.intValue.map(Int.init) ?? 0
            return AdapterResponse(message: "SUCCESS \(count)", code: "SUCCESS", rowsAffected: count)
        }
        let history = try lease.columns(relation.quoted)
        let have = Set(history.map { $0.name.lowercased() })
        let missing = sql.metaColumns.filter { !have.contains($0.lowercased()) }
        if !missing.isEmpty {
            throw EngineError(
                .database,
                """
                \(relation) has no column \(missing.joined(separator: ", ")), so it is not this snapshot's history \
                (a changed hard_deletes or snapshot_meta_column_names?); rename the snapshot or move the old table away
                """)
        }
        var steps: [String] = []
        var historyColumns = history.map(\.name)
        for c in sourceColumns where !have.contains(c.name.lowercased()) {
            steps.append("alter table \(relation.quoted) add column \(DuckDBEngine.quote(c.name)) \(c.type)")
            historyColumns.append(c.name)
        }
        let stagingSQL = sql.staging(history: relation.quoted, sourceRelation: source, sourceColumns: names, historyColumns: historyColumns)
        steps.append("create or replace temp table \(staging) as (\n\(stagingSQL)\n)")
        try lease.transaction(steps, log: log)
        let countSQL = "select count(*) from \(staging)"
        log.record(countSQL)
        let changes = try lease.run(countSQL).rows.first?.first?.intValue.map(Int.init) ?? 0
        try lease.transaction(
            [
                sql.merge(history: relation.quoted, staging: staging, historyColumns: historyColumns), "drop table \(staging)",
                "drop table \(source)", "commit",
            ], log: log)
        return AdapterResponse(message: "SUCCESS \(changes)", code: "SUCCESS", rowsAffected: changes)
    }
}
