import Foundation
import SDBasics
import SDCompiler
import SDEngine

extension AthenaEngine {
    /// Incremental runs over an existing table. Hive: `append` (INSERT from a temporary table) or
    /// `insert_overwrite` (the new rows' partitions repointed at freshly written folders, one Glue
    /// batch call per 100 partitions, old partition data deleted afterwards). Iceberg: `append` or
    /// `merge` on `unique_key`.
    func incremental(_ node: CompiledNode, _ relation: Relation, config: AthenaTableConfig, existing: JSONValue,
                     log: StatementLog, stats: inout QueryStats) async throws
    {
        let keys = AthenaTableConfig.list(node.config["unique_key"])
        let iceberg = existing["Parameters"]?["table_type"]?.stringValue?.uppercased() == "ICEBERG"
        let strategy = node.config.string("incremental_strategy")
            ?? (iceberg ? (keys.isEmpty ? "append" : "merge") : (config.partitionedBy.isEmpty ? "append" : "insert_overwrite"))
        switch strategy {
        case "append":
            try await viaTemporary(node, relation, existing: existing, log: log, stats: &stats) { temp, columns in
                AthenaSQL.insert(relation, columns: columns, from: temp)
            }
        case "merge":
            guard iceberg else {
                throw EngineError(.database, "incremental_strategy 'merge' needs an Iceberg table (table_type='iceberg'); \(relation) is a Hive table — use append or insert_overwrite, or --full-refresh")
            }
            guard !keys.isEmpty else { throw EngineError(.database, "incremental_strategy 'merge' needs a unique_key") }
            try await viaTemporary(node, relation, existing: existing, log: log, stats: &stats) { temp, columns in
                AthenaSQL.merge(relation, from: temp, keys: keys, columns: columns)
            }
        case "insert_overwrite":
            guard !iceberg else { throw EngineError(.database, "insert_overwrite is for Hive tables; use merge or append for Iceberg") }
            if config.partitionedBy.isEmpty {
                // Without partitions the whole table is overwritten: a full rebuild and swap.
                try await buildTable(node, relation, select: node.compiledCode, config: config, existing: existing, log: log, stats: &stats)
            } else {
                try await overwritePartitions(node, relation, config: config, existing: existing, log: log, stats: &stats)
            }
        default:
            throw EngineError(.database, "unknown incremental_strategy '\(strategy)' for Athena; use append, insert_overwrite (Hive) or merge (Iceberg)")
        }
    }

    /// CTAS the new rows into a temporary table, run `statement(temp, columns)`, then drop the
    /// temporary table and its folder. The columns are the target's that the new rows have.
    func viaTemporary(_ node: CompiledNode, _ relation: Relation, existing: JSONValue, log: StatementLog, stats: inout QueryStats,
                      statement: (Relation, [String]) -> String) async throws
    {
        var plain = AthenaTableConfig(node.config)
        plain.tableType = "hive"
        plain.partitionedBy = []
        plain.bucketedBy = []
        let build = freshBuild(relation, config: plain)
        do {
            try await run(AthenaSQL.createTableAs(build.temp, node.compiledCode, config: plain, location: build.location),
                          node: node, log: log, stats: &stats)
            let temp = try await glue.table(build.temp.schema, build.temp.identifier)
            let have = Set(AthenaEngine.columnNames(temp).map { $0.lowercased() })
            let columns = AthenaEngine.columnNames(existing).filter { have.contains($0.lowercased()) }
            try await run(statement(build.temp, columns), node: node, log: log, stats: &stats)
        } catch {
            await discard(temp: build.temp, location: build.location)
            throw error
        }
        await discard(temp: build.temp, location: build.location)
    }

    /// Writes the new rows partitioned like the target into a fresh folder, then repoints each
    /// touched partition there (BatchUpdatePartition) or adds it (BatchCreatePartition); a failure
    /// before that leaves every partition as it was. Old partition folders are deleted afterwards.
    func overwritePartitions(_ node: CompiledNode, _ relation: Relation, config: AthenaTableConfig, existing: JSONValue,
                             log: StatementLog, stats: inout QueryStats) async throws
    {
        let build = freshBuild(relation, config: config)
        var newParts: [[String]: JSONValue] = [:]
        do {
            try await createTableAs(build.temp, node.compiledCode, config: config, location: build.location, node: node, log: log,
                                    stats: &stats)
            for p in try await glue.partitions(build.temp.schema, build.temp.identifier) { newParts[AthenaEngine.values(p)] = p }
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
                try await glue.updatePartitions(relation.schema, relation.identifier,
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

    /// Data columns then partition keys, as Glue lists them.
    static func columnNames(_ table: JSONValue?) -> [String] {
        ((table?["StorageDescriptor"]?["Columns"]?.arrayValue ?? []) + (table?["PartitionKeys"]?.arrayValue ?? []))
            .compactMap { $0["Name"]?.stringValue }
    }
}
