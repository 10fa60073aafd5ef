/// ksqlDB column types: the names the parser accepts and their canonical spelling
/// (ksqlDB docs, developer-guide/syntax-reference.md "Data types"; DESCRIBE reports STRING for VARCHAR).
enum KsqlType {
    /// Base type names ksqlDB accepts, in the spelling users write them.
    static let baseNames = [
        "ARRAY", "BIGINT", "BOOLEAN", "BYTES", "DATE", "DECIMAL", "DOUBLE", "INT", "INTEGER", "MAP", "STRING",
        "STRUCT", "TIME", "TIMESTAMP", "VARCHAR",
    ]

    /// The base name of a type (`DECIMAL(10,2)` → `DECIMAL`, `ARRAY<INT>` → `ARRAY`).
    static func base(_ type: String) -> String {
        let upper = type.uppercased()
        let end = upper.firstIndex { $0 == "(" || $0 == "<" || $0 == " " } ?? upper.endIndex
        return String(upper[..<end])
    }

    /// The type as DESCRIBE reports it, for comparing desired and live columns: upper case, no
    /// spaces, VARCHAR as STRING and INT as INTEGER.
    static func canonical(_ type: String) -> String {
        var out = ""
        var word = ""
        func flush() {
            switch word {
            case "VARCHAR": out += "STRING"
            case "INT": out += "INTEGER"
            default: out += word
            }
            word = ""
        }
        for ch in type.uppercased() {
            if ch.isLetter || ch.isNumber || ch == "_" {
                word.append(ch)
            } else {
                flush()
                if ch != " " { out.append(ch) }
            }
        }
        flush()
        return out
    }
}
