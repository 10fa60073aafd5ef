import SDBasics
import SDEngine

extension AthenaEngine {
    /// Athena types a query with `LIMIT 0`: the query reads no data and GetQueryResults'
    /// `ResultSetMetadata.ColumnInfo` names each column's type (Athena API reference, ColumnInfo),
    /// which is what dbt-athena's contract check compares.
    public func columnTypes(of sql: String) async throws -> [QueryColumn] {
        let text = "select * from (\n\(sql.trimmedSQL)\n) as swiftdbt_contract limit 0"
        do {
            let execution = try await client.execute(text, database: settings.schema)
            let page = try await client.call("GetQueryResults", ["QueryExecutionId": .string(execution.id), "MaxResults": 1])
            let info = page["ResultSet"]?["ResultSetMetadata"]?["ColumnInfo"]?.arrayValue ?? []
            return info.map { QueryColumn(name: $0["Name"]?.stringValue ?? "", type: $0["Type"]?.stringValue ?? "") }
        } catch let e as AthenaQueryError {
            throw EngineError(.database, e.description, statement: text, position: AthenaErrorPosition.parse(message: e.message, statement: text))
        }
    }
}
