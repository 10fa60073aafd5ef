import SDBasics
import SDEngine

extension AthenaEngine {
    /// Reads the catalog from Glue (GetTables, paged): every table's columns, then its partition
    /// keys, with Glue's types. Glue is the source of truth for Athena's tables and, unlike a query on
    /// `information_schema`, costs no query and scans nothing.
    public func catalogRows(schemas: [String]) async throws -> QueryResult? {
        var rows: [[JSONValue]] = []
        for schema in schemas.sorted() {
            for table in try await glue.tables(schema) {
                guard let name = table["Name"]?.stringValue else { continue }
                let kind = table["TableType"]?.stringValue == "VIRTUAL_VIEW" ? "VIEW" : "BASE TABLE"
                let columns = (table["StorageDescriptor"]?["Columns"]?.arrayValue ?? []) + (table["PartitionKeys"]?.arrayValue ?? [])
                for (i, column) in columns.enumerated() {
                    guard let columnName = column["Name"]?.stringValue else { continue }
                    rows.append([
                        .string(settings.catalog), .string(schema), .string(name), .string(kind), .string(columnName), .int(i + 1),
                        .string(column["Type"]?.stringValue ?? ""),
                    ])
                }
            }
        }
        return QueryResult(
            columns: ["table_catalog", "table_schema", "table_name", "table_type", "column_name", "ordinal_position", "data_type"],
            rows: rows)
    }
}
