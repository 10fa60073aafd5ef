/// Renders seed values as SQL literals and INSERT statements that DuckDB and Athena (Trino) both
/// accept.
public enum SeedLiteral {
    /// `value` as a literal of `type`: `NULL`, `TRUE`, `42`, `1.5E0` (an exponent makes it DOUBLE
    /// in Trino, where `1.5` would be DECIMAL), `DATE '2024-01-31'`, `TIMESTAMP '2024-01-31 10:00:00'`,
    /// `'text'` with single quotes doubled and all other characters kept, and for a `column_types`
    /// type `CAST('value' AS type)`.
    public static func sql(_ value: SeedValue, as type: SeedLogicalType) -> String {
        if case .sql(let name) = type {
            switch value {
            case .null: return "NULL"
            default: return "CAST(\(quoted(plainText(value))) AS \(name))"
            }
        }
        switch value {
        case .null: return "NULL"
        case .boolean(let b): return b ? "TRUE" : "FALSE"
        case .integer(let i): return String(i)
        case .double(let d): return double(d)
        case .date(let s): return "DATE " + quoted(s)
        case .timestamp(let s): return "TIMESTAMP " + quoted(s)
        case .text(let s): return quoted(s)
        }
    }

    /// A string literal: single quotes, with each `'` inside written twice.
    public static func quoted(_ text: String) -> String {
        "'" + (text.contains("'") ? text.replacing("'", with: "''") : text) + "'"
    }

    /// A quoted identifier: double quotes, with each `"` inside written twice.
    public static func identifier(_ name: String) -> String {
        "\"" + (name.contains("\"") ? name.replacing("\"", with: "\"\"") : name) + "\""
    }

    /// `INSERT INTO <relation> ("a", "b") VALUES (…), (…)` statements of at most `rowsPerStatement`
    /// rows each; `relation` is inserted as given (already quoted as the engine needs).
    public static func insertStatements(_ table: SeedTable, into relation: String, rowsPerStatement: Int = 1000) -> [String] {
        guard !table.rows.isEmpty else { return [] }
        let head = "INSERT INTO \(relation) (" + table.columns.map { identifier($0.name) }.joined(separator: ", ") + ") VALUES\n"
        var out: [String] = []
        var start = 0
        let step = max(1, rowsPerStatement)
        while start < table.rows.count {
            let end = min(table.rows.count, start + step)
            var sql = head
            for r in start..<end {
                sql += r == start ? "(" : ",\n("
                for (c, value) in table.rows[r].enumerated() {
                    if c > 0 { sql += ", " }
                    sql += self.sql(value, as: table.columns[c].type)
                }
                sql += ")"
            }
            out.append(sql)
            start = end
        }
        return out
    }

    private static func double(_ d: Double) -> String {
        let s = d.description
        return s.contains("e") ? s.uppercased() : s + "E0"
    }

    private static func plainText(_ value: SeedValue) -> String {
        switch value {
        case .null: ""
        case .boolean(let b): b ? "true" : "false"
        case .integer(let i): String(i)
        case .double(let d): d.description
        case .date(let s), .timestamp(let s), .text(let s): s
        }
    }
}
