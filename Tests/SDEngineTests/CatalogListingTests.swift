import SDBasics
import SDCompiler
import SDEngine
import SDTestSupport
import Testing

/// The catalog is read before anything runs, and an unreadable one stops the run (fail closed).
@Suite struct CatalogListingTests {
    @Test func anUnreadableCatalogIsAnErrorDiagnostic() async throws {
        let engine = RecordingEngine(script: .init(relationsError: EngineError(.connection, "connection reset by peer")))
        do {
            _ = try await CatalogListing.relations(engine, schemas: ["gold"])
            Issue.record("the listing should have failed")
        } catch {
            #expect(DiagnosticRenderer().render(error.diagnostics)
                == "error: cannot read the list of existing relations from the target's catalog, so nothing was run: connection reset by peer\n")
        }
        #expect(engine.calls == [.existingRelations(schemas: ["gold"])])
    }

    @Test func onlySchemasNotListedYetAreListedAgain() {
        var custom = Nodes.model("g")
        custom.relation = Relation(database: "memory", schema: "Main_Gold", identifier: "g")
        var lake = Nodes.model("l")
        lake.relation = Relation(database: "memory", schema: "lake", identifier: "l")
        let nodes = Nodes.byId([Nodes.model("m"), custom, lake])
        let listed = [Relation(database: "memory", schema: "LAKE", identifier: "old")]
        #expect(CatalogListing.unlistedSchemas(of: nodes.keys.sorted(), nodes: nodes, listed: listed, targetSchema: "MAIN") == ["Main_Gold"])
    }
}
