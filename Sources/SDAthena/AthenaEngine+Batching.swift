import Foundation
import SDBasics
import SDCompiler
import SDEngine

extension AthenaEngine {
    /// Athena writes at most 100 partition × bucket combinations in one CTAS or INSERT
    /// (considerations-ctas.html; "Using CTAS and INSERT INTO to work around the 100 partition limit").
    static let partitionLimit = 100

    /// CTAS of `select` into `target` at `location`; when Athena refuses it with
    /// TOO_MANY_OPEN_PARTITIONS (or `force_batch` is set), the rows are staged unpartitioned and
    /// written in groups of at most 100 partitions: a CTAS for the first group, INSERTs for the rest.
    /// Hive and Iceberg tables alike (ctas-insert-into.html; dbt-athena's create_table_as_with_partitions); an
    /// Iceberg table is grouped by the columns behind its `partitioned_by` specs, so `day(ts)` or
    /// `bucket(16, id)` is grouped by `ts` or `id` values (100 values open at most 100 partitions).
    func createTableAs(
        _ target: Relation, _ select: String, config: AthenaTableConfig, location: String, node: CompiledNode?,
        log: StatementLog, stats: inout QueryStats
    ) async throws {
        let partitioned = !config.partitionedBy.isEmpty
        if !(partitioned && AthenaEngine.forcesBatch(node)) {
            do {
                try await run(AthenaSQL.createTableAs(target, select, config: config, location: location), node: node, log: log, stats: &stats)
                return
            } catch let e as EngineError where partitioned && AthenaEngine.isTooManyPartitions(e) {
                // The failed attempt may have left files (and, rarely, an entry) at our fresh folder.
                if let t = try? await glue.table(target.schema, target.identifier),
                    t["StorageDescriptor"]?["Location"]?.stringValue == location
                {
                    try await glue.deleteTable(target.schema, target.identifier)
                }
                try await s3.deleteFolder(location)
                log.record("-- more than \(AthenaEngine.partitionLimit) partitions: writing \(target) in batches")
            }
        }
        let id = makeID()
        let stage = target.renamed("\(target.identifier)__np_\(String(id.filter { $0 != "-" }.suffix(12)))")
        // A sibling fresh folder under the same root.
        let stageLocation = String(location[..<(location.lastIndex(of: "/") ?? location.endIndex)]) + "/" + id
        var plain = config
        plain.partitionedBy = []
        plain.bucketedBy = []
        plain.tableType = "hive"
        do {
            try await run(AthenaSQL.createTableAs(stage, select, config: plain, location: stageLocation), node: node, log: log, stats: &stats)
            let staged = try await glue.table(stage.schema, stage.identifier)
            let keys =
                config.isIceberg
                ? AthenaEngine.partitionSourceColumns(config.partitionedBy)
                : config.partitionedBy.map { $0.lowercased() }
            let all = AthenaEngine.columnNames(staged).map { $0.lowercased() }
            // Hive CTAS needs the partition columns last; Iceberg keeps the model's column order.
            let columns = config.isIceberg ? all : all.filter { !keys.contains($0) } + keys
            let list = columns.map(AthenaSQL.quote).joined(separator: ", ")
            let perBatch = AthenaEngine.partitionsPerBatch(buckets: config.isIceberg || config.bucketedBy.isEmpty ? nil : config.bucketCount)
            let groups = try await partitionGroups(
                of: stage, table: staged, keys: keys, perBatch: perBatch, node: node, log: log,
                stats: &stats)
            for (i, predicate) in groups.enumerated() {
                let batch = "select \(list) from \(stage.quoted)\nwhere \(predicate)"
                do {
                    if i == 0 {
                        try await run(
                            AthenaSQL.createTableAs(target, batch, config: config, location: location), node: node, log: log,
                            stats: &stats)
                    } else {
                        try await run("insert into \(target.quoted) (\(list))\n\(batch)", node: node, log: log, stats: &stats)
                    }
                } catch let e as EngineError {
                    // Every caller removes the half-written table and its fresh folder.
                    throw AthenaEngine.batchFailure(
                        e, verb: "writing \(target)", batch: i, of: groups.count,
                        aftermath: """
                            batches 1-\(i) went to a fresh folder that is removed with the half-written table, \
                            so no table that existed before was changed
                            """)
                }
            }
        } catch {
            await discard(temp: stage, location: stageLocation)
            throw error
        }
        await discard(temp: stage, location: stageLocation)
    }

    /// Whether Athena refused a write for opening too many partition writers
    /// (HIVE_TOO_MANY_OPEN_PARTITIONS or ICEBERG_TOO_MANY_OPEN_PARTITIONS, considerations-ctas.html).
    static func isTooManyPartitions(_ error: EngineError) -> Bool { error.message.contains("TOO_MANY_OPEN_PARTITIONS") }

    /// Partitions one statement may write: 100 partition × bucket combinations (considerations-ctas.html).
    static func partitionsPerBatch(buckets: Int?) -> Int { max(1, partitionLimit / max(1, buckets ?? 1)) }

    /// Whether the node asks to skip the single-statement attempt (dbt-athena's `force_batch`).
    static func forcesBatch(_ node: CompiledNode?) -> Bool { node?.config.bool("force_batch") == true }

    /// The partition values present in `source` (`select distinct … order by …`, so batches are
    /// deterministic), grouped `perBatch` at a time; each group is one predicate, an OR of
    /// per-partition conjunctions typed by `table`'s Glue column types.
    func partitionGroups(
        of source: Relation, table: JSONValue?, keys: [String], perBatch: Int, node: CompiledNode?,
        log: StatementLog, stats: inout QueryStats
    ) async throws -> [String] {
        var types: [String: String] = [:]
        for c in (table?["StorageDescriptor"]?["Columns"]?.arrayValue ?? []) + (table?["PartitionKeys"]?.arrayValue ?? []) {
            if let n = c["Name"]?.stringValue { types[n.lowercased()] = c["Type"]?.stringValue?.lowercased() ?? "string" }
        }
        let keyList = keys.map(AthenaSQL.quote).joined(separator: ", ")
        let distinct = try await run("select distinct \(keyList) from \(source.quoted) order by \(keyList)", node: node, log: log, stats: &stats)
        let values = try await client.results(distinct).rows
        return values.chunked(perBatch).map { group in
            group.map { row in
                "(" + zip(keys, row).map { k, v in AthenaEngine.equals(k, v, type: types[k] ?? "string") }.joined(separator: " and ") + ")"
            }.joined(separator: "\n   or ")
        }
    }

    /// `"col" = <literal>` typed by the column's Glue type, or `"col" is null`.
    static func equals(_ column: String, _ value: JSONValue, type: String) -> String {
        guard case .string(let v) = value else { return "\(AthenaSQL.quote(column)) is null" }
        let literal: String
        switch type {
        case "date": literal = "DATE " + AthenaSQL.literal(v)
        case let t where t.hasPrefix("timestamp"): literal = "TIMESTAMP " + AthenaSQL.literal(v)
        case "tinyint", "smallint", "int", "integer", "bigint", "double", "float", "real", "boolean":
            literal = v
        case let t where t.hasPrefix("decimal"): literal = v
        default: literal = AthenaSQL.literal(v)
        }
        return "\(AthenaSQL.quote(column)) = \(literal)"
    }
}
