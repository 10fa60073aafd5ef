import Foundation
import SDAthena
import SDCompiler
import SDEngine
import SDFakeAWS
import Testing

/// `run --select one_model` asks Glue about the selected relations only (issue 20, item 4): what a
/// run reads before rendering is `RunCatalog.read`, exactly as `Execution` calls it.
@Suite struct SelectedCatalogTests {
    /// The Glue calls one selective read makes with `others` unrelated tables in the database.
    static func glueCalls(others: Int, selective: Bool = true) async throws -> [String] {
        let world = try await FakeWorld(strict: false)
        defer { Task { await world.stop() } }
        world.state.createDatabase(FakeWorld.schema)
        for i in 0..<others { world.state.putTable(database: FakeWorld.schema, name: String(format: "other_%03d", i)) }
        world.state.putTable(database: FakeWorld.schema, name: "one")
        let one = FakeWorld.model("one", "select 1 as x", "incremental")
        let fresh = FakeWorld.model("fresh", "select 1 as x")
        let nodes = [one.uniqueId: one, fresh.uniqueId: fresh]
        world.state.clearJournal()
        let existing = try await RunCatalog.read(world.engine, ids: [one.uniqueId, fresh.uniqueId], nodes: nodes,
                                                 targetSchema: FakeWorld.schema, selective: selective)
        // The selected incremental model's table is found (so is_incremental() is true); the new one is absent.
        #expect(existing[try #require(one.relation)] == .table)
        #expect(existing[try #require(fresh.relation)] == nil)
        await world.engine.close()
        return world.state.journal.filter { $0.hasPrefix("glue ") }
    }

    @Test func aSelectiveRunsGlueCallsDoNotGrowWithTheDatabase() async throws {
        let few = try await Self.glueCalls(others: 5)
        let many = try await Self.glueCalls(others: 500)
        #expect(many.count == few.count)
        #expect(many.count == 2, "\(many)")
        #expect(!many.contains { $0.hasPrefix("glue GetTables") }, "\(many)")
        // Without a selection the schema is listed, 100 tables a GetTables page (and leftovers looked for).
        let listed = try await Self.glueCalls(others: 500, selective: false)
        #expect(listed.filter { $0.hasPrefix("glue GetTables") }.count == 6, "\(listed)")
    }

    /// Fail closed: a GetTable that fails (past the retry budget) stops the read; it is never "absent".
    @Test func aFailedLookupThrows() async throws {
        let world = try await FakeWorld(attempts: 2, strict: false)
        defer { Task { await world.stop() } }
        world.state.createDatabase(FakeWorld.schema)
        let one = FakeWorld.model("one", "select 1 as x", "incremental")
        world.state.inject(FakeFault(operation: "GetTable", action: .serverError, times: 2))
        await #expect(throws: (any Error).self) {
            try await RunCatalog.read(world.engine, ids: [one.uniqueId], nodes: [one.uniqueId: one], targetSchema: FakeWorld.schema,
                                      selective: true)
        }
        await world.engine.close()
    }

    /// More selected relations in a schema than a GetTables page holds: the schema is listed instead.
    @Test func aLargeSelectionListsTheSchema() async throws {
        let world = try await FakeWorld(strict: false)
        defer { Task { await world.stop() } }
        world.state.createDatabase(FakeWorld.schema)
        let models = (0..<150).map { FakeWorld.model(String(format: "m%03d", $0), "select 1 as x") }
        for m in models.prefix(3) { world.state.putTable(database: FakeWorld.schema, name: m.name) }
        world.state.clearJournal()
        let existing = try await world.engine.existingRelations(among: Set(models.compactMap(\.relation)))
        #expect(existing.count == 3)
        #expect(existing[try #require(models[0].relation)] == .table)
        let glue = world.state.journal.filter { $0.hasPrefix("glue ") }
        #expect(!glue.contains { $0.hasPrefix("glue GetTable ") }, "\(glue)")
        await world.engine.close()
    }
}
