import SDCompiler
import SDEngine

extension AthenaEngine {
    /// A relation's columns from Glue's GetTable (data columns, then partition keys, the order Athena
    /// reads them in), with Glue's Hive type names turned into the Trino names CAST takes
    /// (`AthenaType.dml`: `string` → `varchar`); empty when Glue has no such table. Unit tests type
    /// their given rows with these.
    public func columns(of relation: Relation) async throws -> [(name: String, type: String)] {
        let r = AthenaEngine.lowercased(relation)
        guard let table = try await glue.table(r.schema, r.identifier) else { return [] }
        let all = (table["StorageDescriptor"]?["Columns"]?.arrayValue ?? []) + (table["PartitionKeys"]?.arrayValue ?? [])
        return all.compactMap { c in
            guard let name = c["Name"]?.stringValue, let type = c["Type"]?.stringValue else { return nil }
            return (name, AthenaType.dml(type))
        }
    }
}
