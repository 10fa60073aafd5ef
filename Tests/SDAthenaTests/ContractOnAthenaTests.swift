import SDBasics
import SDEngine
import Testing

@testable import SDProject

/// Model contracts on Athena: the query's column types come from a LIMIT 0 query's result metadata,
/// and a mismatch fails before any CTAS.
struct ContractOnAthenaTests {
    @Test func comparesTheLimitZeroMetadataWithTheDeclaredTypes() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        var node = FakeWorld.model("orders", "select 1 as id, 'placed' as status", config: ["contract": ["enforced": true]])
        let range = SourceRange(file: SourceFile(path: "models/orders.yml", text: ""), bytes: 0..<0)
        node.columns = [("id", "integer"), ("status", "varchar")].map {
            ColumnProperties(name: $0.0, description: "", dataType: $0.1, meta: [:], tags: [], tests: [], range: range)
        }
        try await ContractCheck.enforce(node, on: world.engine)
        node.compiledCode = "select 'x' as id, 'placed' as status"
        do {
            try await ContractCheck.enforce(node, on: world.engine)
            Issue.record("expected the contract to fail")
        } catch let e as EngineError {
            #expect(e.message.contains("| id          | varchar         | integer       | data type mismatch |"), "\(e.message)")
        }
        #expect(world.state.table(FakeWorld.schema, "orders") == nil)
    }
}
