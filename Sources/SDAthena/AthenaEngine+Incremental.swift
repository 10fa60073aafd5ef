import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDProject

extension AthenaEngine {
    /// Incremental runs over an existing table. Hive: `append` (INSERT from a temporary table) or
    /// `insert_overwrite` (the new rows' partitions repointed at freshly written folders, one Glue
    /// batch call per 100 partitions, old partition data deleted afterwards). Iceberg: `append` or
    /// `merge` on `unique_key`.
    func incremental(
        _ node: CompiledNode, _ relation: Relation, config: AthenaTableConfig, existing: JSONValue,
        log: StatementLog, stats: inout QueryStats
    ) async throws {
        let keys = AthenaTableConfig.list(node.config["unique_key"])
        let iceberg = existing["Parameters"]?["table_type"]?.stringValue?.uppercased() == "ICEBERG"
        let written = node.config.string("incremental_strategy")
        let fallback = written == nil ? AthenaEngine.defaultStrategy(iceberg: iceberg, keys: keys, config) : nil
        guard let strategy = node.config.incrementalStrategy ?? fallback else {
            // AthenaAdapter.validate refuses it at compile; reaching here is a bug.
            throw EngineError(.internalError, "unknown incremental_strategy '\(written ?? "")' for Athena")
        }
        switch strategy {
        case .append:
            try await viaTemporary(node, relation, existing: existing, log: log, stats: &stats) { temp, tempTable, columns, stats in
                try await self.appendBatchable(
                    node, relation, columns: columns, from: temp, tempTable: tempTable, existing: existing,
                    partitionedBy: config.partitionedBy, log: log, stats: &stats)
            }
        case .merge:
            guard iceberg else {
                throw EngineError(
                    .database,
                    "incremental_strategy 'merge' needs an Iceberg table (table_type='iceberg'); \(relation) is a Hive table — use append or insert_overwrite, or --full-refresh"
                )
            }
            guard !keys.isEmpty else { throw EngineError(.database, "incremental_strategy 'merge' needs a unique_key") }
            try await viaTemporary(node, relation, existing: existing, log: log, stats: &stats) { temp, tempTable, columns, stats in
                try await self.mergeBatchable(
                    node, relation, from: temp, tempTable: tempTable, keys: keys, columns: columns,
                    partitionedBy: config.partitionedBy, log: log, stats: &stats)
            }
        case .insertOverwrite:
            guard !iceberg else { throw EngineError(.database, "insert_overwrite is for Hive tables; use merge or append for Iceberg") }
            if config.partitionedBy.isEmpty {
                // Without partitions the whole table is overwritten: a full rebuild and swap.
                try await buildTable(node, relation, select: node.compiledCode, config: config, existing: existing, log: log, stats: &stats)
            } else {
                try await overwritePartitions(node, relation, config: config, existing: existing, log: log, stats: &stats)
            }
        case .deleteInsert:
            throw EngineError(.internalError, "incremental_strategy 'delete+insert' is not one of Athena's (refused at compile)")
        }
    }

    /// dbt-athena's default: merge on an Iceberg table with a unique_key, insert_overwrite on a
    /// partitioned Hive table, append otherwise.
    static func defaultStrategy(iceberg: Bool, keys: [String], _ config: AthenaTableConfig) -> IncrementalStrategy {
        iceberg ? (keys.isEmpty ? .append : .merge) : (config.partitionedBy.isEmpty ? .append : .insertOverwrite)
    }

    /// CTAS the new rows into a temporary table, `write(temp, its Glue table, columns, &stats)`,
    /// then drop the temporary table and its folder. The columns are the target's that the new rows have.
    func viaTemporary(
        _ node: CompiledNode, _ relation: Relation, existing: JSONValue, log: StatementLog, stats: inout QueryStats,
        write: (Relation, JSONValue?, [String], inout QueryStats) async throws -> Void
    ) async throws {
        var plain = AthenaTableConfig(node.config)
        plain.tableType = "hive"
        plain.partitionedBy = []
        plain.bucketedBy = []
        let build = freshBuild(relation, config: plain)
        do {
            try await run(
                AthenaSQL.createTableAs(build.temp, node.compiledCode, config: plain, location: build.location),
                node: node, log: log, stats: &stats)
            let temp = try await glue.table(build.temp.schema, build.temp.identifier)
            let target = try await applySchemaChange(node, relation, existing: existing, newTable: temp, log: log)
            let have = Set(AthenaEngine.columnNames(temp).map { $0.lowercased() })
            let columns = AthenaEngine.columnNames(target).filter { have.contains($0.lowercased()) }
            try await write(build.temp, temp, columns, &stats)
        } catch {
            await discard(temp: build.temp, location: build.location)
            throw error
        }
        await discard(temp: build.temp, location: build.location)
    }

    /// Writes the new rows partitioned like the target into a fresh folder, then repoints each
    /// touched partition there (BatchUpdatePartition) or adds it (BatchCreatePartition); a failure
    /// before that leaves every partition as it was. Old partition folders are deleted afterwards.
    func overwritePartitions(
        _ node: CompiledNode, _ relation: Relation, config: AthenaTableConfig, existing: JSONValue,
        log: StatementLog, stats: inout QueryStats
    ) async throws {
        let build = freshBuild(relation, config: config)
        var newParts: [[String]: JSONValue] = [:]
        do {
            try await createTableAs(
                build.temp, node.compiledCode, config: config, location: build.location, node: node, log: log,
                stats: &stats)
            for p in try await glue.partitions(build.temp.schema, build.temp.identifier) { newParts[AthenaEngine.values(p)] = p }
            let temp = try await glue.table(build.temp.schema, build.temp.identifier)
            _ = try await applySchemaChange(node, relation, existing: existing, newTable: temp, log: log)
        } catch {
            await discard(temp: build.temp, location: build.location)
            throw error
        }
        var oldParts: [[String]: JSONValue] = [:]
        for p in try await glue.partitions(relation.schema, relation.identifier) { oldParts[AthenaEngine.values(p)] = p }
        let changed = newParts.keys.filter { oldParts[$0] != nil }.sorted { $0.lexicographicallyPrecedes($1) }
        let added = newParts.keys.filter { oldParts[$0] == nil }.sorted { $0.lexicographicallyPrecedes($1) }
        log.record("-- glue: \(changed.count) partition(s) of \(relation) repointed, \(added.count) added, from \(build.location)")
        do {
            if !changed.isEmpty {
                try await glue.updatePartitions(
                    relation.schema, relation.identifier,
                    changed.map { ($0, AthenaEngine.partitionInput(newParts[$0] ?? .null)) })
            }
            if !added.isEmpty {
                try await glue.createPartitions(relation.schema, relation.identifier, added.map { AthenaEngine.partitionInput(newParts[$0] ?? .null) })
            }
        } catch {
            // Partitions already repointed keep the new folder, so only the unused rest could go;
            // keep everything rather than risk deleting data a partition now uses.
            try? await glue.deleteTable(build.temp.schema, build.temp.identifier)
            throw error
        }
        try await glue.deleteTable(build.temp.schema, build.temp.identifier)
        let oldLocations = changed.compactMap { oldParts[$0]?["StorageDescriptor"]?["Location"]?.stringValue }
        // In use: the new partition folders and the untouched partitions' folders (siblings of the
        // replaced ones under the table's folder, so the table folder itself is not listed).
        var inUse = newParts.values.compactMap { $0["StorageDescriptor"]?["Location"]?.stringValue }
        inUse += oldParts.filter { newParts[$0.key] == nil }.compactMap { $0.value["StorageDescriptor"]?["Location"]?.stringValue }
        await deleteOldData(oldLocations, table: existing, fallbackRoot: build.root, inUse: inUse, log: log, stats: &stats)
    }

    /// `on_schema_change` (dbt's values) when the new rows' columns differ from the table's:
    /// `ignore` (default) keeps the table's; `fail` stops before anything changed;
    /// `append_new_columns` and `sync_all_columns` change the table's columns with one Glue
    /// UpdateTable (VersionId checked), so no data is rewritten. Returns the table as it now is.
    func applySchemaChange(
        _ node: CompiledNode, _ relation: Relation, existing: JSONValue, newTable: JSONValue?,
        log: StatementLog
    ) async throws -> JSONValue {
        let mode = node.config.string("on_schema_change") ?? "ignore"
        let keys = Set((existing["PartitionKeys"]?.arrayValue ?? []).compactMap { $0["Name"]?.stringValue?.lowercased() })
        let old = existing["StorageDescriptor"]?["Columns"]?.arrayValue ?? []
        let new = (newTable?["StorageDescriptor"]?["Columns"]?.arrayValue ?? [])
            .filter { !keys.contains($0["Name"]?.stringValue?.lowercased() ?? "") }
        func names(_ cs: [JSONValue]) -> [String] { cs.compactMap { $0["Name"]?.stringValue?.lowercased() } }
        let added = new.filter { !names(old).contains($0["Name"]?.stringValue?.lowercased() ?? "") }
        let removed = old.filter { !names(new).contains($0["Name"]?.stringValue?.lowercased() ?? "") }
        guard !added.isEmpty || !removed.isEmpty, mode != "ignore" else { return existing }
        switch mode {
        case "fail":
            throw EngineError(
                .database,
                """
                the columns of incremental model '\(node.name)' changed (added: \(names(added).joined(separator: ", ")); \
                removed: \(names(removed).joined(separator: ", "))) and on_schema_change is 'fail'; \
                run with --full-refresh or set on_schema_change
                """)
        case "append_new_columns", "sync_all_columns":
            var columns = old + added
            if mode == "sync_all_columns" { columns = columns.filter { !names(removed).contains($0["Name"]?.stringValue?.lowercased() ?? "") } }
            guard case .object(var input) = GlueCatalog.tableInput(from: existing, name: relation.identifier),
                case .object(var sd) = input["StorageDescriptor"] ?? .null
            else { return existing }
            sd["Columns"] = .array(columns)
            input["StorageDescriptor"] = .object(sd)
            log.record("-- glue UpdateTable \(relation): columns \(names(columns).joined(separator: ", ")) (on_schema_change \(mode))")
            try await glue.updateTable(relation.schema, input: .object(input), versionID: existing["VersionId"]?.stringValue)
            return try await glue.table(relation.schema, relation.identifier) ?? existing
        default:
            throw EngineError(.database, "unknown on_schema_change '\(mode)'; use ignore, fail, append_new_columns or sync_all_columns")
        }
    }

    /// Data columns then partition keys, as Glue lists them.
    static func columnNames(_ table: JSONValue?) -> [String] {
        ((table?["StorageDescriptor"]?["Columns"]?.arrayValue ?? []) + (table?["PartitionKeys"]?.arrayValue ?? []))
            .compactMap { $0["Name"]?.stringValue }
    }
}
