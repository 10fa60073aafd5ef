/// Renders seed values as SQL literals and INSERT statements that DuckDB and Athena (Trino) both
/// accept.
public enum SeedLiteral {
    /// `value` as a literal of `type`: `NULL`, `TRUE`, `42`, `1.5E0` (an exponent makes it DOUBLE
    /// in Trino, where `1.5` would be DECIMAL), `DATE '2024-01-31'`, `TIMESTAMP '2024-01-31 10:00:00'`,
    /// `'text'` with single quotes doubled and all other characters kept, and for a `column_types`
    /// type `CAST('value' AS type)`.
    public static func sql(_ value: SeedValue, as type: SeedLogicalType) -> String {
        var out: [UInt8] = []
        append(value, as: type, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func append(_ value: SeedValue, as type: SeedLogicalType, to out: inout [UInt8]) {
        if case .sql(let name) = type {
            if case .null = value {
                out.append(contentsOf: "NULL".utf8)
                return
            }
            out.append(contentsOf: "CAST(".utf8)
            appendEnclosed(plainText(value), UInt8(ascii: "'"), to: &out)
            out.append(contentsOf: " AS \(name))".utf8)
            return
        }
        switch value {
        case .null: out.append(contentsOf: "NULL".utf8)
        case .boolean(let b): out.append(contentsOf: (b ? "TRUE" : "FALSE").utf8)
        case .integer(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d): out.append(contentsOf: double(d).utf8)
        case .date(let s):
            out.append(contentsOf: "DATE ".utf8)
            appendEnclosed(s, UInt8(ascii: "'"), to: &out)
        case .timestamp(let s):
            out.append(contentsOf: "TIMESTAMP ".utf8)
            appendEnclosed(s, UInt8(ascii: "'"), to: &out)
        case .text(let s): appendEnclosed(s, UInt8(ascii: "'"), to: &out)
        }
    }

    /// A string literal: single quotes, with each `'` inside written twice.
    public static func quoted(_ text: String) -> String {
        enclosed(text, in: UInt8(ascii: "'"))
    }

    /// A quoted identifier: double quotes, with each `"` inside written twice.
    public static func identifier(_ name: String) -> String {
        enclosed(name, in: UInt8(ascii: "\""))
    }

    private static func enclosed(_ text: String, in quote: UInt8) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 2)
        appendEnclosed(text, quote, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Works on UTF-8 bytes: a seed can hold a million values, and String's generic search and
    /// replace cost microseconds each.
    private static func appendEnclosed(_ text: String, _ quote: UInt8, to out: inout [UInt8]) {
        out.append(quote)
        for c in text.utf8 {
            out.append(c)
            if c == quote { out.append(quote) }
        }
        out.append(quote)
    }

    /// `INSERT INTO <relation> ("a", "b") VALUES (…), (…)` statements of at most `rowsPerStatement`
    /// rows each; `relation` is inserted as given (already quoted as the engine needs).
    public static func insertStatements(_ table: SeedTable, into relation: String, rowsPerStatement: Int = 1000) -> [String] {
        guard !table.rows.isEmpty else { return [] }
        let head = Array(("INSERT INTO \(relation) (" + table.columns.map { identifier($0.name) }.joined(separator: ", ") + ") VALUES\n").utf8)
        var out: [String] = []
        var start = 0
        let step = max(1, rowsPerStatement)
        while start < table.rows.count {
            let end = min(table.rows.count, start + step)
            var sql = head
            for r in start..<end {
                sql.append(contentsOf: (r == start ? "(" : ",\n(").utf8)
                for (c, value) in table.rows[r].enumerated() {
                    if c > 0 { sql.append(contentsOf: ", ".utf8) }
                    append(value, as: table.columns[c].type, to: &sql)
                }
                sql.append(UInt8(ascii: ")"))
            }
            out.append(String(decoding: sql, as: UTF8.self))
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
