import SDProject

/// The statements of a snapshot, for any target: a pure function of the spec, the source's and the
/// history's columns, and the target's SQL spelling. Engines run them inside their own atomicity
/// (DuckDB: one transaction; Athena: one MERGE on an Iceberg table, which commits as one snapshot).
///
/// The history follows dbt's snapshot materialization (docs.getdbt.com "Snapshots", "Snapshot
/// meta-fields"; dbt-adapters' `snapshot_staging_table`): a new or changed source row is inserted
/// as current with `dbt_valid_from` = its `updated_at` (timestamp strategy) or the snapshot's time
/// (check strategy); the row it replaces gets that time as `dbt_valid_to`; a key that left the source
/// is left alone (`hard_deletes: ignore`), closed at the snapshot's time (`invalidate`), or closed and
/// followed by a row with `dbt_is_deleted = 'True'` (`new_record`). `dbt_scd_id` is the md5 of the
/// key and the row's `dbt_updated_at`, joined by `|`.
///
/// One place differs from dbt 1.9, on purpose: a key that left the source and comes back (dbt-core
/// issue 10235's "comes back to life but updated_at has not changed"). dbt-adapters'
/// `snapshot_staging_table` gives its new row the key's old `dbt_scd_id`, so `snapshot_merge_sql`
/// matches the closed row and inserts nothing, and under `new_record` closes the deletion record at
/// an `updated_at` before the deletion record's own start. Here a row never starts before the end of
/// the key's recorded history (`returnedFrom`), a returning row that starts later than its
/// `updated_at` gets an id of its own (`scdID`), and the MERGE only ever changes current rows, so
/// closed history is never reopened.
public struct SnapshotSQL: Sendable {
    /// How a target spells what the statements need.
    public struct Dialect: Sendable {
        public var quote: @Sendable (String) -> String
        /// The snapshot's time, one value for the whole statement.
        public var now: String
        /// The timestamp type the history's time columns have.
        public var timestamp: String
        /// A lower-case hex md5 of a varchar expression.
        public var md5: @Sendable (String) -> String

        public init(quote: @escaping @Sendable (String) -> String, now: String, timestamp: String, md5: @escaping @Sendable (String) -> String) {
            self.quote = quote
            self.now = now
            self.timestamp = timestamp
            self.md5 = md5
        }
    }

    public var spec: SnapshotSpec
    public var dialect: Dialect

    public init(spec: SnapshotSpec, dialect: Dialect) {
        self.spec = spec
        self.dialect = dialect
    }

    var q: @Sendable (String) -> String { dialect.quote }
    var c: SnapshotSpec.Columns { spec.columns }
    var keyAliases: [String] { spec.uniqueKey.indices.map { "dbt_unique_key_\($0 + 1)" } }
    var newRecord: Bool { spec.hardDeletes == .newRecord }

    /// The history columns, in the order they follow the source's columns.
    public var metaColumns: [String] {
        [c.scdId, c.updatedAt, c.validFrom, c.validTo] + (newRecord ? [c.isDeleted] : [])
    }

    /// The source's rows with each key expression as `dbt_unique_key_N` (dbt computes keys the same
    /// way, so a key may be an expression as well as a column).
    public func keyed(_ sql: String) -> String {
        let keys = zip(spec.uniqueKey, keyAliases).map { "\($0) as \($1)" }.joined(separator: ", ")
        return "select *, \(keys) from (\n\(sql)\n) as dbt_snapshot_source"
    }

    func updated(_ alias: String) -> String {
        switch spec.strategy {
        case .timestamp(let column): "cast(\(alias).\(column) as \(dialect.timestamp))"
        case .check: nowTS
        }
    }

    var nowTS: String { "cast(\(dialect.now) as \(dialect.timestamp))" }
    var currentValidTo: String { "cast(\(spec.validToCurrent ?? "null") as \(dialect.timestamp))" }

    func scd(_ alias: String, at time: String) -> String {
        let parts = keyAliases.map { "coalesce(cast(\(alias).\($0) as varchar), '')" } + ["coalesce(cast(\(time) as varchar), '')"]
        return dialect.md5(parts.joined(separator: " || '|' || "))
    }

    /// The new current row's `dbt_valid_from` for a source row `alias` of `dbt_source`. Where a key
    /// can have left and come back (hard_deletes other than `ignore`), `dbt_source` carries it as
    /// `returnedColumn`: the source's time, unless the key's closed history already reaches that
    /// time (it was seen gone then), when it is the snapshot's time, the first time it was seen back.
    func validFrom(_ alias: String) -> String {
        spec.hardDeletes == .ignore ? updated(alias) : "\(alias).\(returnedColumn)"
    }

    static let returnedColumn = "dbt_swiftdbt_valid_from"
    var returnedColumn: String { Self.returnedColumn }

    /// `dbt_source` for hard_deletes other than `ignore`: the source rows with `validFrom`'s time,
    /// from the latest `dbt_valid_to` of each key's closed rows (Trino groups by expressions, not
    /// aliases, hence the inner select).
    func returnedFrom(history: String, sourceRelation: String) -> String {
        let keys = zip(spec.uniqueKey, keyAliases).map { "\($0) as \($1)" }.joined(separator: ", ")
        let aliases = keyAliases.joined(separator: ", ")
        let ended = """
            select \(aliases), max(dbt_ended_at) as dbt_ended_at from (select \(keys), h.\(q(c.validTo)) as dbt_ended_at
            from \(history) as h where not \(isCurrent("h"))) as ended group by \(aliases)
            """
        let time = "case when e.dbt_ended_at is null or \(updated("s")) > e.dbt_ended_at then \(updated("s")) else \(nowTS) end"
        return "select s.*, \(time) as \(returnedColumn) from \(sourceRelation) as s left join (\(ended)) as e on \(keysMatch("s", "e"))"
    }

    /// The id of a new row: dbt's md5(key | dbt_updated_at), and the start time joined on when the row
    /// starts later than its `dbt_updated_at` (a returning key), so it never repeats an older row's id.
    func scdID(_ alias: String, updated: String, validFrom: String) -> String {
        guard validFrom != updated else { return scd(alias, at: updated) }
        let parts = keyAliases.map { "coalesce(cast(\(alias).\($0) as varchar), '')" } + ["coalesce(cast(\(updated) as varchar), '')"]
        let later = "(case when \(validFrom) = \(updated) then '' else '|' || cast(\(validFrom) as varchar) end)"
        return dialect.md5(parts.joined(separator: " || '|' || ") + " || " + later)
    }

    /// A history row is current when its `dbt_valid_to` is null (or `dbt_valid_to_current`).
    func isCurrent(_ alias: String) -> String {
        let vt = "\(alias).\(q(c.validTo))"
        guard let current = spec.validToCurrent else { return "\(vt) is null" }
        return "(\(vt) is null or \(vt) = cast(\(current) as \(dialect.timestamp)))"
    }

    func keysMatch(_ a: String, _ b: String) -> String {
        keyAliases.map { "\(a).\($0) = \(b).\($0)" }.joined(separator: " and ")
    }

    /// When a current row and its source row differ. `checkAll` are the columns `check_cols: all` compares.
    func changed(checkAll: [String]) -> String {
        var conditions: [String]
        switch spec.strategy {
        case .timestamp:
            conditions = ["t.\(q(c.validFrom)) < \(updated("s"))"]
        case .check(let columns):
            let cols = columns ?? checkAll.map(q)
            conditions = cols.map { "s.\($0) is distinct from t.\($0)" }
        }
        if newRecord { conditions.append("t.\(q(c.isDeleted)) = 'True'") }
        return "(" + conditions.joined(separator: " or ") + ")"
    }

    /// The history's first contents: every source row, current.
    public func initialSelect(sourceRelation: String, sourceColumns: [String]) -> String {
        let cols = sourceColumns.map { "s.\(q($0))" }.joined(separator: ", ")
        var meta = [
            "\(scd("s", at: updated("s"))) as \(q(c.scdId))", "\(updated("s")) as \(q(c.updatedAt))",
            "\(updated("s")) as \(q(c.validFrom))", "\(currentValidTo) as \(q(c.validTo))",
        ]
        if newRecord { meta.append("cast('False' as varchar) as \(q(c.isDeleted))") }
        return "select \(cols), \(meta.joined(separator: ", ")) from \(sourceRelation) as s"
    }

    /// The rows to write, keyed by `dbt_scd_id`, each with every column of the history
    /// (`historyColumns`, which hold the source's columns and the history's own): new current rows
    /// (a new key, a changed row, a deletion record) and the current rows being closed, with their
    /// new `dbt_valid_to`. `sourceRelation` holds `keyed(…)`'s rows; `sourceColumns` are its
    /// columns without the keys. A history column the source lacks is null in new rows.
    public func staging(history: String, sourceRelation: String, sourceColumns: [String], historyColumns: [String]) -> String {
        let fromSource = Set(sourceColumns.map { $0.lowercased() })
        let current =
            "select *, \(zip(spec.uniqueKey, keyAliases).map { "\($0) as \($1)" }.joined(separator: ", ")) from \(history) as h where \(isCurrent("h"))"
        let changedRow = changed(checkAll: sourceColumns)
        /// Every history column, from `alias`'s row except where `meta` says otherwise.
        func row(_ alias: String, nullUnlessSourced: Bool, _ meta: [String: String]) -> String {
            historyColumns.map { col in
                if let m = meta[col.lowercased()] { return "\(m) as \(q(col))" }
                if nullUnlessSourced && !fromSource.contains(col.lowercased()) { return "null as \(q(col))" }
                return "\(alias).\(q(col))"
            }.joined(separator: ", ")
        }
        func fresh(_ alias: String, at time: String, from start: String? = nil, deleted: Bool) -> [String: String] {
            let start = start ?? time
            var m = [
                c.scdId.lowercased(): scdID(alias, updated: time, validFrom: start), c.updatedAt.lowercased(): time, c.validFrom.lowercased(): start,
                c.validTo.lowercased(): currentValidTo,
            ]
            if newRecord { m[c.isDeleted.lowercased()] = "cast('\(deleted ? "True" : "False")' as varchar)" }
            return m
        }
        func closed(at time: String) -> [String: String] { [c.validTo.lowercased(): time] }
        let firstKey = keyAliases[0]
        var parts = [
            // New keys and changed rows: a new current version.
            """
            select \(row("s", nullUnlessSourced: true, fresh("s", at: updated("s"), from: validFrom("s"), deleted: false)))
            from dbt_source as s left join dbt_current as t on \(keysMatch("s", "t"))
            where t.\(firstKey) is null or \(changedRow)
            """,
            // The versions they replace, closed.
            """
            select \(row("t", nullUnlessSourced: false, closed(at: validFrom("s"))))
            from dbt_source as s join dbt_current as t on \(keysMatch("s", "t"))
            where \(changedRow)
            """,
        ]
        if spec.hardDeletes != .ignore {
            let gone = "s.\(firstKey) is null" + (newRecord ? " and coalesce(t.\(q(c.isDeleted)), 'False') <> 'True'" : "")
            parts.append(
                """
                select \(row("t", nullUnlessSourced: false, closed(at: nowTS)))
                from dbt_current as t left join dbt_source as s on \(keysMatch("s", "t"))
                where \(gone)
                """)
            if newRecord {
                parts.append(
                    """
                    select \(row("t", nullUnlessSourced: false, fresh("t", at: nowTS, deleted: true)))
                    from dbt_current as t left join dbt_source as s on \(keysMatch("s", "t"))
                    where \(gone)
                    """)
            }
        }
        let source = spec.hardDeletes == .ignore ? "select * from \(sourceRelation)" : returnedFrom(history: history, sourceRelation: sourceRelation)
        return """
            with dbt_source as (\(source)),
            dbt_current as (\(current))
            \(parts.joined(separator: "\nunion all\n"))
            """
    }

    /// Writes `staging`'s rows (a relation or a parenthesised query) into the history in one
    /// statement: a row whose `dbt_scd_id` is a current row's replaces it (a version being closed), any
    /// other is inserted; a closed row is never changed (dbt-adapters' `snapshot_merge_sql` has the same
    /// guard). Athena's MERGE takes the same statement (Athena docs, "MERGE INTO": Iceberg tables).
    public func merge(history: String, staging: String, historyColumns: [String]) -> String {
        let on = "target.\(q(c.scdId)) = src.\(q(c.scdId))"
        let sets = historyColumns.filter { $0.lowercased() != c.scdId.lowercased() }.map { "\(q($0)) = src.\(q($0))" }.joined(separator: ", ")
        let names = historyColumns.map(q).joined(separator: ", ")
        let values = historyColumns.map { "src.\(q($0))" }.joined(separator: ", ")
        return """
            merge into \(history) as target using \(staging) as src
            on (\(on))
            when matched and \(isCurrent("target")) then update set \(sets)
            when not matched then insert (\(names)) values (\(values))
            """
    }
}
