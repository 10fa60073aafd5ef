import SDBasics

/// Draws query results as a terminal table (for `show` and failing-test samples).
public enum TableFormatter {
    /// A table with a header rule, right-aligned numbers, `NULL` for nulls, cells cut to `maxWidth`/columns.
    public static func render(_ result: QueryResult, maxWidth: Int = 160) -> String {
        let cells: [[String]] = result.rows.map { $0.map(text) }
        let perColumn = max(12, min(48, maxWidth / max(1, min(result.columns.count, 4))))
        var widths = result.columns.map { $0.count }
        for row in cells {
            for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) }
        }
        widths = widths.map { min($0, perColumn) }
        func cut(_ s: String, _ w: Int) -> String { s.count <= w ? s : String(s.prefix(max(1, w - 1))) + "…" }
        func pad(_ s: String, _ w: Int, right: Bool) -> String {
            let c = cut(s, w)
            let fill = String(repeating: " ", count: max(0, w - c.count))
            return right ? fill + c : c + fill
        }
        var out = "| " + result.columns.enumerated().map { pad($1, widths[$0], right: false) }.joined(separator: " | ") + " |\n"
        out += "| " + widths.map { String(repeating: "-", count: $0) }.joined(separator: " | ") + " |\n"
        for (r, row) in cells.enumerated() {
            out +=
                "| "
                + row.enumerated().map { i, c in
                    let numeric: Bool
                    switch result.rows[r][i] {
                    case .int, .double: numeric = true
                    default: numeric = false
                    }
                    return pad(c, i < widths.count ? widths[i] : c.count, right: numeric)
                }.joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// A value as plain text (no NULL marker, newlines kept), for CSV output.
    public static func plain(_ v: JSONValue) -> String {
        switch v {
        case .null: ""
        case .string(let s): s
        default: text(v)
        }
    }

    static func text(_ v: JSONValue) -> String {
        switch v {
        case .null: return "NULL"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return d == d.rounded() && abs(d) < 1e15 ? String(format: "%.1f", d) : String(d)
        case .string(let s): return s.replacingOccurrences(of: "\n", with: "↵")
        case .array, .object: return v.serialized(indent: 0)
        }
    }
}
