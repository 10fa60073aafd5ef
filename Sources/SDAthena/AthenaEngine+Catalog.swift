import SDBasics
import SDCompiler
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

extension AthenaEngine {
    /// A schema with more selected relations than one GetTables page holds (100) is listed instead of
    /// looked up name by name: the listing then costs no more calls than the lookups would.
    static let lookupLimit = 100

    /// Which of `relations` exist: a GetTable each, 16 at a time, so `run --select one_model` makes a
    /// few Glue calls whatever the size of the database, where GetTables pages through all of it.
    /// EntityNotFoundException (no such table, or no such database) means absent; any other failure
    /// throws, as a failed listing does. The run's lease is written first, as for a listing. Leftovers
    /// of dead runs are found only by a listing (`existingRelations(schemas:)`), so a run with a
    /// selection leaves them for the next run without one; nothing is unsafe about them staying.
    public func existingRelations(among relations: Set<Relation>) async throws -> [Relation: RelationKind] {
        guard !relations.isEmpty else { return [:] }
        try await holdLease()
        let bySchema = Dictionary(grouping: relations) { $0.schema.lowercased() }
        let listedSchemas = bySchema.filter { $0.value.count > AthenaEngine.lookupLimit }.keys.sorted()
        var out: [Relation: RelationKind] = [:]
        if !listedSchemas.isEmpty {
            let listing = try await existingRelations(schemas: listedSchemas)
            var byName: [String: RelationKind] = [:]
            for (r, kind) in listing { byName[r.schema.lowercased() + "." + r.identifier.lowercased()] = kind }
            for schema in listedSchemas {
                for r in bySchema[schema] ?? [] { out[r] = byName[schema + "." + r.identifier.lowercased()] }
            }
        }
        let lookups = bySchema.filter { $0.value.count <= AthenaEngine.lookupLimit }.values.joined()
            .sorted { ($0.schema, $0.identifier) < ($1.schema, $1.identifier) }
        let glue = self.glue
        for chunk in lookups.chunked(16) {
            try await withThrowingTaskGroup(of: (Relation, RelationKind?).self) { group in
                for r in chunk {
                    group.addTask {
                        // Glue folds database and table names to lower case (AthenaEngine.lowercased).
                        let table = try await glue.table(r.schema.lowercased(), r.identifier.lowercased())
                        return (r, table.map { $0["TableType"]?.stringValue == "VIRTUAL_VIEW" ? RelationKind.view : .table })
                    }
                }
                for try await (r, kind) in group { out[r] = kind }
            }
        }
        return out
    }
}
