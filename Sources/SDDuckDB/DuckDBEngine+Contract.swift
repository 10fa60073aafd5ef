import SDEngine

extension DuckDBEngine {
    /// DuckDB types a query without running it: `DESCRIBE <query>` answers one row per result column
    /// with `column_name` and `column_type` (duckdb.org/docs/stable/guides/meta/describe), as
    /// dbt-duckdb's contract check reads them.
    public func columnTypes(of sql: String) async throws -> [QueryColumn] {
        let result = try await query("describe " + sql.trimmed, limit: nil)
        guard let name = result.columns.firstIndex(of: "column_name"), let type = result.columns.firstIndex(of: "column_type") else {
            throw EngineError(.internalError, "DESCRIBE returned no column_name/column_type: \(result.columns)")
        }
        return result.rows.map { QueryColumn(name: $0[name].stringValue ?? "", type: $0[type].stringValue ?? "") }
    }
}
