/// The type of a seed column: inferred from its values, or given by the seed's `column_types`.
public enum SeedLogicalType: Sendable, Hashable, CustomStringConvertible {
    case boolean
    /// A 64-bit integer.
    case integer
    case double
    /// `YYYY-MM-DD`.
    case date
    /// `YYYY-MM-DD hh:mm:ss[.fraction]`, with a space or `T`, without a time zone.
    case timestamp
    case text
    /// A type named in `column_types`, passed to the engine as written; values stay text and are
    /// cast by the engine.
    case sql(String)

    /// A type name both DuckDB and Athena (Trino) accept in DDL and CAST.
    public var sqlName: String {
        switch self {
        case .boolean: "BOOLEAN"
        case .integer: "BIGINT"
        case .double: "DOUBLE"
        case .date: "DATE"
        case .timestamp: "TIMESTAMP"
        case .text: "VARCHAR"
        case .sql(let name): name
        }
    }

    public var description: String { sqlName }
}
