import SDEngine

/// Type names for Athena's two languages, in one place: DML (CTAS, CAST, INSERT, views) is Trino
/// and has no `string`, DDL (CREATE EXTERNAL TABLE) is Hive and has no unbounded `varchar`
/// (data-types.html: "In DDL … Athena uses STRING; in DML … VARCHAR"; the same for INT/INTEGER).
/// dbt-athena maps `string` to `varchar` in DML for the same reason; a CAST to `string` fails on
/// Athena with "Unknown type: string". Seeds, sources, casts and the docs catalog all go through here.
public enum AthenaType {
    /// The Trino name for CAST and CTAS: `string`/`text` → `varchar`, `int` → `integer`,
    /// `float` → `real`, `timestamp(p)` kept (Athena v3 supports precision 3 and 6), `decimal(p,s)`,
    /// `date`, `boolean`, `bigint`, `double` as written.
    public static func dml(_ name: String) -> String {
        let t = normalized(name)
        switch t {
        case "string", "text": return "varchar"
        case "int": return "integer"
        case "float": return "real"
        case "datetime": return "timestamp"
        case "bool": return "boolean"
        default: return t
        }
    }

    /// The Hive name for DDL and Glue columns: `varchar`/`text` (no length) → `string`,
    /// `integer` → `int`, `real` → `float`, `timestamp(p)` → `timestamp` (Hive has no precision).
    public static func hive(_ name: String) -> String {
        let t = normalized(name)
        switch t {
        case "varchar", "text", "string": return "string"
        case "integer": return "int"
        case "real": return "float"
        case "bool": return "boolean"
        case "datetime": return "timestamp"
        default:
            if t.hasPrefix("timestamp(") { return "timestamp" }
            return t
        }
    }

    /// The Trino name for a seed column's type (inferred or from `column_types`).
    public static func dml(_ t: SeedLogicalType) -> String {
        switch t {
        case .sql(let name): dml(name)
        default: t.sqlName.lowercased()
        }
    }

    /// Lower case, no space after commas: `DECIMAL(18, 6)` → `decimal(18,6)`.
    static func normalized(_ name: String) -> String {
        String(name.lowercased().filter { $0 != " " }).trimmingCharacters(in: .whitespaces)
    }
}
