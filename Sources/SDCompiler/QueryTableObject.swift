import SDBasics
import SDTemplate

/// What `run_query(...)` and `load_result(...).table` return: the parts of an agate `Table` dbt
/// projects use (docs.getdbt.com, "run_query": "returns an agate table"; agate's Table API):
/// `.rows` (a list of rows, each a list, so `rows[0][1]` and `for r in rows` work), `.columns`
/// (each with `.name` and `.values()`), `.column_names`, and `.print_table()`.
final class QueryTableObject: TemplateObject {
    let result: LiveQueryResult
    init(_ result: LiveQueryResult) { self.result = result }

    var typeName: String { "table" }
    /// Written into SQL only by mistake; the shape is shown so the mistake is visible in compiled SQL.
    var renderedText: String { "<table of \(result.rows.count) rows: \(result.columns.joined(separator: ", "))>" }
    var attributeNames: [String] { ["columns", "column_names", "print_table", "rows"] }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "rows": return .list(result.rows.map { row in .list(row.map { Value(json: $0) }) })
        case "column_names": return .list(result.columns.map { .string($0) })
        case "columns":
            return .list(
                result.columns.enumerated().map { i, name in
                    .object(QueryColumnObject(name: name, values: result.rows.map { i < $0.count ? $0[i] : .null }))
                })
        // agate prints to stdout; a render has no console, so the call writes nothing (as `log` does here).
        case "print_table": return .function("print_table") { _ in .string("") }
        default: return nil
        }
    }
}

/// One column of a `QueryTableObject`: agate's `Column` with `name` and `values()`.
final class QueryColumnObject: TemplateObject {
    let name: String
    let values: [JSONValue]
    init(name: String, values: [JSONValue]) {
        self.name = name
        self.values = values
    }
    var typeName: String { "column" }
    var renderedText: String { name }
    var attributeNames: [String] { ["name", "values"] }
    func attribute(_ attr: String) -> Value? {
        switch attr {
        case "name": .string(name)
        case "values": .function("values") { [values] _ in .list(values.map { Value(json: $0) }) }
        default: nil
        }
    }
}
