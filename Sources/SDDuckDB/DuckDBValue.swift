/// One value of a DuckDB result, typed as the CLI's JSON output types it.
///
/// DuckDB prints integers up to 64 bits and doubles as JSON numbers, booleans as booleans, and
/// everything else (DECIMAL, HUGEINT, DATE, TIMESTAMP, INTERVAL, BLOB, UUID, VARCHAR) as strings;
/// LIST and STRUCT/MAP as arrays and objects. NULL is `.null`, never the text "NULL".
public enum DuckDBValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int64)
    /// An integer literal outside Int64 (UBIGINT above Int64.max), kept as its digits.
    case bigInteger(String)
    case double(Double)
    case string(String)
    case list([DuckDBValue])
    /// A STRUCT or MAP, fields in the order DuckDB printed them.
    case object([DuckDBField])

    public var description: String {
        switch self {
        case .null: "NULL"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .bigInteger(let s): s
        case .double(let d): String(d)
        case .string(let s): s
        case .list(let l): "[" + l.map(\.description).joined(separator: ", ") + "]"
        case .object(let o): "{" + o.map { "\($0.name): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }

    /// The string payload, or nil for any other case.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The integer payload, or nil for any other case.
    public var intValue: Int64? {
        if case .int(let i) = self { return i }
        return nil
    }
}

/// A named field of a STRUCT or MAP value.
public struct DuckDBField: Sendable, Hashable {
    public var name: String
    public var value: DuckDBValue
    public init(_ name: String, _ value: DuckDBValue) {
        self.name = name
        self.value = value
    }
}
