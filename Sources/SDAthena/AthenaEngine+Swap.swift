import Foundation
import SDAWS
import SDBasics
import SDCompiler
import SDEngine

extension AthenaEngine {
    /// CTAS into a temporary table at a fresh folder, then swap it in; on failure the fresh
    /// folder and temporary entry are removed and the old table is untouched.
    func buildTable(
        _ node: CompiledNode?, _ relation: Relation, select: String, config: AthenaTableConfig, existing: JSONValue?,
        log: StatementLog, stats: inout QueryStats
    ) async throws {
        let build = freshBuild(relation, config: config)
        if existing == nil {
            // Nothing to protect: CTAS straight into the target (two calls fewer than a swap).
            do {
                try await createTableAs(relation, select, config: config, location: build.location, node: node, log: log, stats: &stats)
            } catch {
                // Remove the entry only if it is ours: the CTAS may have failed because another run created the table.
                let now = try? await glue.table(relation.schema, relation.identifier)
                if let t = now, t["StorageDescriptor"]?["Location"]?.stringValue == build.location {
                    try? await glue.deleteTable(relation.schema, relation.identifier)
                }
                _ = try? await s3.deleteFolder(build.location)
                if let t = now, t["StorageDescriptor"]?["Location"]?.stringValue != build.location,
                    let raced = AthenaEngine.lostRace(
                        AWSServiceError(
                            service: "glue", operation: "CreateTable", statusCode: 400,
                            code: "AlreadyExistsException", message: "\(error)"),
                        relation: relation, current: t, runID: runID)
                {
                    throw raced
                }
                throw error
            }
            return
        }
        do {
            try await createTableAs(build.temp, select, config: config, location: build.location, node: node, log: log, stats: &stats)
        } catch {
            // Athena can leave partial files behind a failed CTAS (ctas-considerations-limitations).
            await discard(temp: build.temp, location: build.location)
            throw error
        }
        try await swap(build.temp, into: relation, existing: existing, root: build.root, log: log, stats: &stats)
    }

    static let viewVersionsToKeep = 4

    /// Views: `create or replace view` in place when nothing or a view has the name; over a table,
    /// built under a temporary name and swapped in like a table.
    func buildView(_ node: CompiledNode, _ relation: Relation, existing: JSONValue?, log: StatementLog, stats: inout QueryStats) async throws {
        if existing == nil || existing?["TableType"]?.stringValue == "VIRTUAL_VIEW" {
            try await run(AthenaSQL.createView(relation, node.compiledCode), node: node, log: log, stats: &stats)
            if existing != nil {
                // Each replace archives a Glue version; keep the newest few, as dbt-athena does.
                do {
                    let n = try await glue.expireVersions(relation.schema, relation.identifier, keep: AthenaEngine.viewVersionsToKeep)
                    if n > 0 { log.record("-- glue: \(n) old version(s) of \(relation) expired") }
                } catch {
                    stats.notes.append("old versions of \(relation) not expired: \(error)")
                }
            }
            return
        }
        let temp = temporary(relation)
        do {
            try await run(AthenaSQL.createView(temp, node.compiledCode), node: node, log: log, stats: &stats)
        } catch {
            await discard(temp: temp, location: nil)
            throw error
        }
        try await swap(
            temp, into: relation, existing: existing, root: nil, log: log, stats: &stats,
            fallbackRoot: root(for: relation, config: AthenaTableConfig(node.config)))
    }

    /// Points `relation` at what `temp` describes: CreateTable, or UpdateTable with the old
    /// VersionId; partitions moved in batches; the temporary entry removed; then the old data
    /// deleted where swiftdbt created it and nothing uses it any more.
    func swap(
        _ temp: Relation, into relation: Relation, existing: JSONValue?, root: String?, log: StatementLog,
        stats: inout QueryStats, fallbackRoot: String? = nil
    ) async throws {
        let db = relation.schema
        guard let built = try await glue.table(temp.schema, temp.identifier) else {
            throw EngineError(.internalError, "the table \(temp) that was just built is missing from Glue")
        }
        var input = GlueCatalog.tableInput(from: built, name: relation.identifier)
        if case .object(var o) = input {
            var params: [String: JSONValue] = { if case .object(let p) = o["Parameters"] ?? .null { p } else { [:] } }()
            if let root { params[AthenaEngine.rootParameter] = .string(root) }
            params[AthenaEngine.invocationParameter] = .string(runID)
            o["Parameters"] = .object(params)
            input = .object(o)
        }
        let newLocation = built["StorageDescriptor"]?["Location"]?.stringValue
        do {
            if let existing {
                log.record("-- glue UpdateTable \(relation) (VersionId \(existing["VersionId"]?.stringValue ?? "?"))")
                try await glue.updateTable(db, input: input, versionID: existing["VersionId"]?.stringValue)
            } else {
                log.record("-- glue CreateTable \(relation)")
                try await glue.createTable(db, input: input)
            }
        } catch {
            // A response lost after Glue applied the change makes the retry fail (version moved on,
            // or the table exists): check whether the table is now ours before cleaning up.
            let now = try? await glue.table(db, relation.identifier)
            let applied =
                now.map { t in
                    t["StorageDescriptor"]?["Location"]?.stringValue == newLocation
                        && t["ViewOriginalText"]?.stringValue == built["ViewOriginalText"]?.stringValue
                        && t["TableType"]?.stringValue == built["TableType"]?.stringValue
                } ?? false
            if !applied {
                await discard(temp: temp, location: newLocation.flatMap { loc in root.map { loc.hasPrefix($0) } == true ? loc : nil })
                throw AthenaEngine.lostRace(error, relation: relation, current: now, runID: runID) ?? error
            }
        }
        // Partitions: the new table's replace the old table's values (BatchCreate 100 / BatchDelete 25 per call).
        let newKeys = built["PartitionKeys"]?.arrayValue ?? []
        let oldKeys = existing?["PartitionKeys"]?.arrayValue ?? []
        var newParts: [[String]: JSONValue] = [:]
        var oldParts: [[String]: JSONValue] = [:]
        if !newKeys.isEmpty { for p in try await glue.partitions(temp.schema, temp.identifier) { newParts[AthenaEngine.values(p)] = p } }
        if !oldKeys.isEmpty { for p in try await glue.partitions(db, relation.identifier) { oldParts[AthenaEngine.values(p)] = p } }
        let stale = oldParts.keys.filter { newParts[$0] == nil }.sorted { $0.lexicographicallyPrecedes($1) }
        if !stale.isEmpty { try await glue.deletePartitions(db, relation.identifier, stale) }
        let changed = newParts.keys.filter { oldParts[$0] != nil }.sorted { $0.lexicographicallyPrecedes($1) }
        if !changed.isEmpty {
            try await glue.updatePartitions(db, relation.identifier, changed.map { ($0, AthenaEngine.partitionInput(newParts[$0] ?? .null)) })
        }
        let added = newParts.keys.filter { oldParts[$0] == nil }.sorted { $0.lexicographicallyPrecedes($1) }
        if !added.isEmpty { try await glue.createPartitions(db, relation.identifier, added.map { AthenaEngine.partitionInput(newParts[$0] ?? .null) }) }
        log.record("-- glue DeleteTable \(temp) (catalog entry only; its data now belongs to \(relation))")
        try await glue.deleteTable(temp.schema, temp.identifier)

        guard let existing else { return }
        var oldLocations = [existing["StorageDescriptor"]?["Location"]?.stringValue].compactMap { $0 }
        oldLocations += oldParts.values.compactMap { $0["StorageDescriptor"]?["Location"]?.stringValue }
        let inUse = [newLocation].compactMap { $0 } + newParts.values.compactMap { $0["StorageDescriptor"]?["Location"]?.stringValue }
        await deleteOldData(oldLocations, table: existing, fallbackRoot: root ?? fallbackRoot, inUse: inUse, log: log, stats: &stats)
    }

    /// Glue refused the swap because another writer changed the table since this run read it
    /// (UpdateTable with a stale VersionId: ConcurrentModificationException) or created it first
    /// (CreateTable: AlreadyExistsException). The table is the other writer's version, whole; this
    /// run's build was discarded. The message names the other run when it was a swiftdbt run.
    static func lostRace(_ error: any Error, relation: Relation, current: JSONValue?, runID: String) -> EngineError? {
        guard let code = (error as? AWSServiceError)?.code, code == "ConcurrentModificationException" || code == "AlreadyExistsException"
        else { return nil }
        let other = current?["Parameters"]?[invocationParameter]?.stringValue
        let who = other.map { $0 == runID ? "this run (\($0))" : "swiftdbt run \($0)" } ?? "another writer (not a swiftdbt run, or one that predates run ids)"
        return EngineError(
            .database,
            """
            \(relation) was changed by \(who) while this run (\(runID)) was rebuilding it (Glue \(code)); \
            it now holds that version, complete, and this run's build was discarded. Run again to rebuild it from the current state
            """)
    }

    /// Deletes old data folders, but only build folders swiftdbt creates — `<root>/<uuid>/…`, the
    /// root being the one recorded on the table (`swiftdbt.root`), else the model's current root —
    /// and none holding, or held by, a location now in use.
    func deleteOldData(
        _ locations: [String], table: JSONValue, fallbackRoot: String?, inUse: [String], log: StatementLog,
        stats: inout QueryStats
    ) async {
        guard let root = table["Parameters"]?[AthenaEngine.rootParameter]?.stringValue ?? fallbackRoot, root.hasPrefix("s3://"),
            root.hasSuffix("/"), root.split(separator: "/").count >= 3
        else { return }
        func folder(_ s: String) -> String { s.hasSuffix("/") ? s : s + "/" }
        let busy = inUse.map(folder)
        for location in Set(locations.map(folder)).sorted() {
            guard location.hasPrefix(root),
                let first = location.dropFirst(root.count).split(separator: "/").first, AthenaEngineNames.isUUIDShaped(first)
            else { continue }
            if busy.contains(where: { $0.hasPrefix(location) || location.hasPrefix($0) }) { continue }
            do {
                let n = try await s3.deleteFolder(location)
                log.record("-- s3 deleted \(n) old object(s) under \(location)")
            } catch {
                stats.notes.append("old data under \(location) not deleted: \(error)")
            }
        }
    }

    static func values(_ partition: JSONValue) -> [String] {
        (partition["Values"]?.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// A `PartitionInput` from a GetPartitions entry.
    static func partitionInput(_ p: JSONValue) -> JSONValue {
        var o: [String: JSONValue] = ["Values": p["Values"] ?? .array([])]
        if let sd = p["StorageDescriptor"] { o["StorageDescriptor"] = sd }
        if let params = p["Parameters"] { o["Parameters"] = params }
        return .object(o)
    }
}
