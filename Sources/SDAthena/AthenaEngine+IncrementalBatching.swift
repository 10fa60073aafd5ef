import Foundation
import SDBasics
import SDCompiler
import SDEngine

extension AthenaEngine {
    /// `append`: one INSERT from the temporary table; into a partitioned Hive table whose new rows
    /// open more than 100 partitions (TOO_MANY_OPEN_PARTITIONS, or `force_batch`), one INSERT per
    /// group of at most 100 partitions instead, as dbt-athena's `batch_incremental_insert` and AWS's
    /// ctas-insert-into.html do. Hive tables are grouped by their Glue partition keys; Iceberg
    /// tables keep their partitioning out of Glue, so by the columns behind `partitioned_by`.
    func appendBatchable(
        _ node: CompiledNode, _ target: Relation, columns: [String], from temp: Relation, tempTable: JSONValue?,
        existing: JSONValue, partitionedBy: [String], log: StatementLog, stats: inout QueryStats
    ) async throws {
        let iceberg = existing["Parameters"]?["table_type"]?.stringValue?.uppercased() == "ICEBERG"
        let keys =
            iceberg
            ? AthenaEngine.partitionSourceColumns(partitionedBy)
            : (existing["PartitionKeys"]?.arrayValue ?? []).compactMap { $0["Name"]?.stringValue?.lowercased() }
        let whole = AthenaSQL.insert(target, columns: columns, from: temp)
        if !(!keys.isEmpty && AthenaEngine.forcesBatch(node)) {
            do {
                try await run(whole, node: node, log: log, stats: &stats)
                return
            } catch let e as EngineError where !keys.isEmpty && AthenaEngine.isTooManyPartitions(e) {
                log.record("-- more than \(AthenaEngine.partitionLimit) partitions: inserting into \(target) in batches")
            }
        }
        let buckets = existing["StorageDescriptor"]?["NumberOfBuckets"].flatMap { v -> Int? in if case .int(let i) = v { i } else { nil } }
        let groups = try await partitionGroups(
            of: temp, table: tempTable, keys: keys,
            perBatch: AthenaEngine.partitionsPerBatch(buckets: (buckets ?? 0) > 0 ? buckets : nil),
            node: node, log: log, stats: &stats)
        for (i, predicate) in groups.enumerated() {
            do {
                try await run(whole + "\nwhere \(predicate)", node: node, log: log, stats: &stats)
            } catch let e as EngineError {
                throw AthenaEngine.batchFailure(
                    e, verb: "append into \(target)", batch: i, of: groups.count,
                    aftermath: """
                        the rows of batches 1-\(i) are in the table and the rest are not; its earlier data was not touched; \
                        rerunning append would insert batches 1-\(i) again: remove them or rebuild with --full-refresh
                        """)
            }
        }
    }

    /// `merge` on an Iceberg table: one MERGE from the temporary table; when Athena refuses it
    /// with TOO_MANY_OPEN_PARTITIONS (or `force_batch` is set), one MERGE per group of at most 100
    /// partitions, the group's predicate in the USING subquery (dbt-athena's `batch_iceberg_merge`).
    /// A partition transform such as `day(ts)` or `bucket(16, id)` is grouped by its column's
    /// values: 100 values of the column map to at most 100 partitions.
    func mergeBatchable(
        _ node: CompiledNode, _ target: Relation, from temp: Relation, tempTable: JSONValue?, keys: [String],
        columns: [String], partitionedBy: [String], log: StatementLog, stats: inout QueryStats
    ) async throws {
        let partitionColumns = AthenaEngine.partitionSourceColumns(partitionedBy)
        if !(!partitionColumns.isEmpty && AthenaEngine.forcesBatch(node)) {
            do {
                try await run(AthenaSQL.merge(target, from: temp, keys: keys, columns: columns), node: node, log: log, stats: &stats)
                return
            } catch let e as EngineError where AthenaEngine.isTooManyPartitions(e) {
                guard !partitionColumns.isEmpty else {
                    throw EngineError(
                        e.kind,
                        e.message + "\n  hint: set partitioned_by on the model so swiftdbt can merge in batches of "
                            + "\(AthenaEngine.partitionLimit) partitions", statement: e.statement)
                }
                log.record("-- more than \(AthenaEngine.partitionLimit) partitions: merging into \(target) in batches")
            }
        }
        let groups = try await partitionGroups(
            of: temp, table: tempTable, keys: partitionColumns,
            perBatch: AthenaEngine.partitionsPerBatch(buckets: nil), node: node, log: log, stats: &stats)
        let list = columns.map(AthenaSQL.quote).joined(separator: ", ")
        for (i, predicate) in groups.enumerated() {
            let source = "(select \(list) from \(temp.quoted)\nwhere \(predicate))"
            do {
                try await run(AthenaSQL.merge(target, source: source, keys: keys, columns: columns), node: node, log: log, stats: &stats)
            } catch let e as EngineError {
                throw AthenaEngine.batchFailure(
                    e, verb: "merge into \(target)", batch: i, of: groups.count,
                    aftermath: """
                        each MERGE commits atomically, so batches 1-\(i) are merged and the rest are not; \
                        rerunning the model is safe (rows match on unique_key)
                        """)
            }
        }
    }

    /// The columns behind Iceberg partition specs: `dt` stays `dt`; `day(ts)` → `ts`;
    /// `bucket(16, id)` and `truncate(10, s)` → the last argument.
    static func partitionSourceColumns(_ specs: [String]) -> [String] {
        var out: [String] = []
        for spec in specs {
            var s = spec.trimmingCharacters(in: .whitespaces)
            if let open = s.firstIndex(of: "("), let close = s.lastIndex(of: ")"), open < close {
                s = String(s[s.index(after: open)..<close]).split(separator: ",").last.map(String.init) ?? ""
            }
            let name = s.trimmingCharacters(in: CharacterSet(charactersIn: " \"`")).lowercased()
            if !name.isEmpty, !out.contains(name) { out.append(name) }
        }
        return out
    }

    /// A batch's failure, saying which batch stopped and what the table now holds.
    static func batchFailure(_ e: EngineError, verb: String, batch i: Int, of n: Int, aftermath: String) -> EngineError {
        return EngineError(
            e.kind,
            "\(verb) stopped at batch \(i + 1) of \(n) (at most \(partitionLimit) partitions each): "
                + (i == 0 ? "no batch completed, nothing existing was changed; " : aftermath + "; ") + e.message, statement: e.statement)
    }
}
