import SDBasics
import SDCompiler
import SDDocs
import SDEngine
import Testing

/// catalog.json follows dbt's catalog v1 (schemas.getdbt.com/dbt/catalog/v1.json): top-level
/// metadata/nodes/sources/errors; entries with metadata{type,schema,name,database,comment,owner},
/// columns{name: {type,index,name,comment}}, stats and unique_id.
@Suite("catalog")
struct CatalogTests {
    static let rows = QueryResult(
        columns: ["table_catalog", "table_schema", "table_name", "table_type", "column_name", "ordinal_position", "data_type"],
        rows: [
            ["mini", "main", "bronze", "VIEW", "id", 1, "INTEGER"],
            ["mini", "main", "bronze", "VIEW", "day", 2, "DATE"],
            ["mini", "main", "gold", "BASE TABLE", "id", 1, "INTEGER"],
            ["mini", "main", "ticks", "VIEW", "price", 1, "DECIMAL(18,6)"],
            ["mini", "main", "unrelated", "BASE TABLE", "x", 1, "BIGINT"],
        ])

    @Test func readsInformationSchemaRows() {
        let catalog = Catalog.parse(Self.rows)
        #expect(catalog.tables.count == 4)
        let bronze = catalog.table(for: Relation(database: "mini", schema: "main", identifier: "bronze"))
        #expect(bronze?.type == "VIEW")
        #expect(bronze?.columns.map(\.name) == ["id", "day"])
        #expect(bronze?.columns.map(\.index) == [1, 2])
        // Identifiers match without regard to case; another database name is accepted when unambiguous.
        #expect(catalog.table(for: Relation(database: "MINI", schema: "MAIN", identifier: "Gold")) != nil)
        #expect(catalog.table(for: Relation(database: "other", schema: "main", identifier: "gold"))?.name == "gold")
        #expect(catalog.table(for: Relation(database: "mini", schema: "main", identifier: "missing")) == nil)
    }

    @Test func queryFiltersTheProjectsSchemas() {
        let sql = Catalog.sql(schemas: ["main", "o'brien"])
        #expect(sql.contains("information_schema.columns"))
        #expect(sql.contains("in ('main', 'o''brien')"))
        #expect(sql.contains("order by c.table_catalog, c.table_schema, c.table_name, c.ordinal_position"))
    }

    @Test func documentHasDbtsCatalogShape() throws {
        let compiled = try MiniProject.compile()
        #expect(Catalog.schemas(of: compiled) == ["main"])
        let doc = Catalog.parse(Self.rows).document(compiled, version: "0.1.0", invocationId: "inv", generatedAt: nil)
        #expect(doc["metadata"]?["dbt_schema_version"] == "https://schemas.getdbt.com/dbt/catalog/v1.json")
        #expect(doc["metadata"]?["generated_at"] == .null)
        #expect(doc["errors"] == .null)
        let nodes = doc["nodes"]?.objectValue ?? [:]
        // Only the project's nodes that the target has: gold and bronze, not `unrelated`, not the unbuilt seed.
        #expect(nodes.keys.sorted() == ["model.mini.bronze", "model.mini.gold"])
        let bronze = try #require(nodes["model.mini.bronze"])
        #expect(bronze["unique_id"] == "model.mini.bronze")
        #expect(bronze["metadata"]?["type"] == "VIEW")
        #expect(bronze["metadata"]?["database"] == "mini")
        #expect(bronze["columns"]?["day"]?["type"] == "DATE")
        #expect(bronze["columns"]?["day"]?["index"] == 2)
        #expect(bronze["stats"]?["has_stats"]?["value"] == false)
        #expect((doc["sources"]?.objectValue ?? [:]).keys.sorted() == ["source.mini.lake.ticks"])
        let failed = Catalog(tables: []).document(compiled, version: "0.1.0", invocationId: "inv", generatedAt: nil, errors: ["boom"])
        #expect(failed["errors"] == ["boom"])
        #expect(doc.serialized() == Catalog.parse(Self.rows).document(compiled, version: "0.1.0", invocationId: "inv", generatedAt: nil).serialized())
    }
}
