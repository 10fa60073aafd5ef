import SDBasics
import SDCompiler
import SDEngine
import SDProject

extension AthenaEngine {
    /// Athena engine v3's spelling of the snapshot statements (Trino functions: `md5` takes
    /// varbinary, hence `to_utf8`/`to_hex`); Iceberg stores timestamps with microseconds.
    static let snapshotDialect = SnapshotSQL.Dialect(
        quote: { AthenaSQL.quote($0) }, now: "current_timestamp", timestamp: "timestamp(6)",
        md5: { "lower(to_hex(md5(to_utf8(\($0)))))" })

    /// A snapshot's history is an Iceberg table: the first run creates it with a CTAS; each later
    /// run writes the source rows to a temporary table, then changes the history with one MERGE
    /// INTO, which Athena commits atomically as one Iceberg snapshot (Athena docs, "MERGE INTO";
    /// MERGE works on Iceberg tables only). A failure before or in the MERGE leaves the history as it
    /// was; the temporary table and its folder are removed either way.
    func snapshot(_ node: CompiledNode, _ relation: Relation, existing: JSONValue?, log: StatementLog, stats: inout QueryStats) async throws {
        var findings = DiagnosticBag()
        guard let spec = SnapshotSpec.read(node.config, name: node.name, ranges: [:], fallback: nil, diagnostics: &findings) else {
            throw EngineError(.internalError, "snapshot '\(node.name)' has an invalid config (refused at compile)")
        }
        if let existing, existing["Parameters"]?["table_type"]?.stringValue?.uppercased() != "ICEBERG" {
            throw EngineError(
                .database,
                "\(relation) is not an Iceberg table, and a snapshot's history must be one (Athena's MERGE INTO changes Iceberg tables only); "
                    + "drop it or give the snapshot another name")
        }
        let sql = SnapshotSQL(spec: spec, dialect: AthenaEngine.snapshotDialect)
        var history = AthenaTableConfig(node.config)
        history.tableType = "iceberg"
        var plain = AthenaTableConfig(node.config)
        plain.tableType = "hive"
        plain.partitionedBy = []
        plain.bucketedBy = []
        let build = freshBuild(relation, config: plain)
        do {
            try await run(
                AthenaSQL.createTableAs(build.temp, sql.keyed(node.compiledCode.trimmedSQL), config: plain, location: build.location),
                node: node, log: log, stats: &stats)
            let temp = try await glue.table(build.temp.schema, build.temp.identifier)
            let keyAliases = Set(spec.uniqueKey.indices.map { "dbt_unique_key_\($0 + 1)" })
            let sourceColumns = AthenaEngine.columnNames(temp).filter { !keyAliases.contains($0.lowercased()) }
            if let existing {
                let historyColumns = AthenaEngine.columnNames(existing)
                let have = Set(historyColumns.map { $0.lowercased() })
                let missing = sql.metaColumns.filter { !have.contains($0.lowercased()) }
                if !missing.isEmpty {
                    throw EngineError(
                        .database, "\(relation) has no column \(missing.joined(separator: ", ")), so it is not this snapshot's history")
                }
                // New source columns join the history as dbt adds them (older rows hold null): Athena's
                // ALTER TABLE ADD COLUMNS, a schema change of the Iceberg table that rewrites no data.
                var columns = historyColumns
                let added = sourceColumns.filter { !have.contains($0.lowercased()) }
                if !added.isEmpty {
                    let types = Dictionary(
                        (temp?["StorageDescriptor"]?["Columns"]?.arrayValue ?? []).compactMap { c in
                            c["Name"]?.stringValue.map { ($0.lowercased(), c["Type"]?.stringValue ?? "string") }
                        }, uniquingKeysWith: { a, _ in a })
                    let list = added.map { "`\($0)` \(types[$0.lowercased()] ?? "string")" }.joined(separator: ", ")
                    try await run(
                        "alter table \(AthenaSQL.hive(relation.schema, relation.identifier)) add columns (\(list))", node: node, log: log,
                        stats: &stats)
                    columns += added
                }
                let staging = sql.staging(
                    history: relation.quoted, sourceRelation: build.temp.quoted, sourceColumns: sourceColumns, historyColumns: columns)
                try await run(
                    sql.merge(history: relation.quoted, staging: "(\n\(staging)\n)", historyColumns: columns), node: node, log: log,
                    stats: &stats)
            } else {
                try await buildTable(
                    node, relation, select: sql.initialSelect(sourceRelation: build.temp.quoted, sourceColumns: sourceColumns), config: history,
                    existing: nil, log: log, stats: &stats)
            }
        } catch {
            await discard(temp: build.temp, location: build.location)
            throw error
        }
        await discard(temp: build.temp, location: build.location)
    }
}
