import Foundation
import SDAthena
import SDBasics
import SDEngine
import SDFakeAWS
import Testing

/// `docs generate` reads an Athena target's catalog from Glue: GetTables (Glue API reference,
/// "GetTables" — paged with NextToken), each table's StorageDescriptor.Columns then PartitionKeys,
/// and TableType VIRTUAL_VIEW for views.
@Suite struct CatalogTests {
    @Test func catalogRowsComeFromGlueTablesAndViews() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        _ = try await world.build(FakeWorld.model("orders", "select id, amount from (values (1, 10)) as t (id, amount)"))
        _ = try await world.build(FakeWorld.model("orders_v", "select id from \"awsdatacatalog\".\"analytics\".\"orders\"", "view"))
        let rows = try #require(try await world.engine.catalogRows(schemas: [FakeWorld.schema]))
        #expect(rows.columns == ["table_catalog", "table_schema", "table_name", "table_type", "column_name", "ordinal_position", "data_type"])
        let described = rows.rows.map { row in
            row.map { v -> String in
                switch v {
                case .string(let s): s
                case .int(let i): String(i)
                default: "?"
                }
            }.joined(separator: "|")
        }
        // Glue holds the CTAS columns' real types: Trino's integer literals are Hive `int`.
        #expect(described.contains("awsdatacatalog|analytics|orders|BASE TABLE|id|1|int"), "\(described)")
        #expect(described.contains("awsdatacatalog|analytics|orders|BASE TABLE|amount|2|int"))
        #expect(described.contains { $0.hasPrefix("awsdatacatalog|analytics|orders_v|VIEW|") }, "\(described)")
        // A schema Glue does not know is empty, not an error.
        #expect(try await world.engine.catalogRows(schemas: ["no_such_db"])?.rows.isEmpty == true)
    }
}
