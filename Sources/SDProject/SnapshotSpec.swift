import SDBasics

/// A snapshot's configuration, checked: how rows are identified, how a change is detected, what a
/// deleted row becomes and what the history columns are called (docs.getdbt.com "Snapshot
/// configurations": unique_key, strategy, updated_at, check_cols, hard_deletes,
/// snapshot_meta_column_names, dbt_valid_to_current).
public struct SnapshotSpec: Sendable, Hashable {
    public enum Strategy: Sendable, Hashable {
        /// A row changed when its `updated_at` column is newer than the snapshot's `dbt_updated_at`.
        case timestamp(updatedAt: String)
        /// A row changed when any of these columns differs; nil means every column (`check_cols: all`).
        case check(columns: [String]?)
    }

    /// What happens to a current row whose key left the source (`hard_deletes`, dbt 1.9).
    public enum HardDeletes: String, Sendable, Hashable, CaseIterable {
        /// Nothing: the row stays current (dbt's default).
        case ignore
        /// Its `dbt_valid_to` is set to the snapshot's time.
        case invalidate
        /// It is closed and a new row with `dbt_is_deleted = 'True'` records the deletion.
        case newRecord = "new_record"
    }

    /// The history columns' names, dbt's by default.
    public struct Columns: Sendable, Hashable {
        public var scdId = "dbt_scd_id"
        public var updatedAt = "dbt_updated_at"
        public var validFrom = "dbt_valid_from"
        public var validTo = "dbt_valid_to"
        public var isDeleted = "dbt_is_deleted"
        public init() {}
    }

    public var uniqueKey: [String]
    public var strategy: Strategy
    public var hardDeletes: HardDeletes
    public var columns: Columns
    /// `dbt_valid_to_current`: the SQL expression current rows carry in `dbt_valid_to` instead of null.
    public var validToCurrent: String?

    public init(uniqueKey: [String], strategy: Strategy, hardDeletes: HardDeletes = .ignore, columns: Columns = Columns(), validToCurrent: String? = nil) {
        self.uniqueKey = uniqueKey
        self.strategy = strategy
        self.hardDeletes = hardDeletes
        self.columns = columns
        self.validToCurrent = validToCurrent
    }

    /// Reads and checks `config`. Each finding sits where the key was written (`ranges`), else at
    /// `fallback` (the snapshot's name); nil when any is an error.
    public static func read(
        _ config: NodeConfig, name: String, ranges: [String: SourceRange], fallback: SourceRange?, diagnostics: inout DiagnosticBag
    ) -> SnapshotSpec? {
        var ok = true
        func fail(_ key: String?, _ message: String, hint: String) {
            diagnostics.append(.error(message, at: key.flatMap { ranges[$0] } ?? fallback, hint: hint))
            ok = false
        }
        let keys = stringList(config["unique_key"])
        if keys == nil || keys?.isEmpty == true {
            fail(
                config["unique_key"] == nil ? nil : "unique_key", "snapshot '\(name)' needs a unique_key",
                hint: "set unique_key to the column (or list of columns) that identifies a row, e.g. unique_key: id")
        }
        var strategy: Strategy?
        switch config.string("strategy") {
        case "timestamp":
            if let u = config.string("updated_at"), !u.isEmpty {
                strategy = .timestamp(updatedAt: u)
            } else {
                fail(
                    "strategy", "snapshot '\(name)' uses the timestamp strategy but sets no updated_at",
                    hint: "set updated_at to the column that holds when the row last changed")
            }
        case "check":
            let raw = config["check_cols"]
            if raw?.stringValue?.lowercased() == "all" {
                strategy = .check(columns: nil)
            } else if let cols = stringList(raw), !cols.isEmpty {
                strategy = .check(columns: cols)
            } else {
                fail(
                    raw == nil ? "strategy" : "check_cols", "snapshot '\(name)' uses the check strategy but sets no check_cols",
                    hint: "set check_cols to a list of columns, or 'all'")
            }
        case nil:
            fail(nil, "snapshot '\(name)' needs a strategy", hint: "set strategy: timestamp (with updated_at) or strategy: check (with check_cols)")
        case let other?:
            let d = Diagnostic.error(
                "unknown snapshot strategy '\(other)'", at: ranges["strategy"] ?? fallback,
                hint: "snapshots take strategy: timestamp (with updated_at) or strategy: check (with check_cols)")
            diagnostics.append(d.suggesting(other, from: ["timestamp", "check"]))
            ok = false
        }
        var hard = HardDeletes.ignore
        if let raw = config.string("hard_deletes") {
            if let h = HardDeletes(rawValue: raw) {
                hard = h
            } else {
                let d = Diagnostic.error(
                    "unknown hard_deletes '\(raw)'", at: ranges["hard_deletes"] ?? fallback,
                    hint: "hard_deletes takes ignore, invalidate or new_record")
                diagnostics.append(d.suggesting(raw, from: HardDeletes.allCases.map(\.rawValue)))
                ok = false
            }
        } else if config.bool("invalidate_hard_deletes") == true {
            // dbt's legacy flag means what hard_deletes: invalidate means.
            hard = .invalidate
        }
        var columns = Columns()
        if let raw = config["snapshot_meta_column_names"], raw != .null {
            if case .object(let o) = raw {
                for (k, v) in o {
                    guard let s = v.stringValue, !s.isEmpty else {
                        fail("snapshot_meta_column_names", "snapshot_meta_column_names.\(k) must be a column name", hint: "write a string")
                        continue
                    }
                    switch k {
                    case "dbt_scd_id": columns.scdId = s
                    case "dbt_updated_at": columns.updatedAt = s
                    case "dbt_valid_from": columns.validFrom = s
                    case "dbt_valid_to": columns.validTo = s
                    case "dbt_is_deleted": columns.isDeleted = s
                    default:
                        let known = ["dbt_scd_id", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to", "dbt_is_deleted"]
                        let d = Diagnostic.error(
                            "snapshot_meta_column_names has no column '\(k)'", at: ranges["snapshot_meta_column_names"] ?? fallback,
                            hint: "it renames \(known.joined(separator: ", "))")
                        diagnostics.append(d.suggesting(k, from: known))
                        ok = false
                    }
                }
            } else {
                fail("snapshot_meta_column_names", "snapshot_meta_column_names must be a mapping", hint: "write {dbt_valid_from: valid_from, …}")
            }
        }
        let current = config.string("dbt_valid_to_current").flatMap { $0.isEmpty ? nil : $0 }
        guard ok, let keys, let strategy else { return nil }
        return SnapshotSpec(uniqueKey: keys, strategy: strategy, hardDeletes: hard, columns: columns, validToCurrent: current)
    }

    /// One column (or SQL expression, as dbt allows for unique_key) or a list of them.
    static func stringList(_ v: JSONValue?) -> [String]? {
        switch v {
        case .string(let s)?: s.trimmingCharacters(in: .whitespaces).isEmpty ? [] : [s.trimmingCharacters(in: .whitespaces)]
        case .array(let a)?: a.compactMap(\.stringValue)
        default: nil
        }
    }
}
