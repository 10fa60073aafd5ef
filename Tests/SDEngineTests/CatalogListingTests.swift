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
            _ = try await CatalogListing.read(engine, ids: [], nodes: [:], targetSchema: "gold", selective: false)
            Issue.record("the listing should have failed")
        } catch {
            #expect(
                DiagnosticRenderer().render(error.diagnostics)
                    == "error: cannot read the list of existing relations from the target's catalog, so nothing was run: connection reset by peer\n")
        }
        #expect(engine.calls == [.existingRelations(schemas: [])])
    }

    @Test func onlySchemasNotListedYetAreListedAgain() async throws {
        var custom = Nodes.model("g")
        custom.relation = Relation(database: "memory", schema: "Main_Gold", identifier: "g")
        var lake = Nodes.model("l")
        lake.relation = Relation(database: "memory", schema: "lake", identifier: "l")
        let nodes = Nodes.byId([Nodes.model("m"), custom, lake])
        let engine = RecordingEngine()
        _ = try await CatalogListing.read(engine, ids: nodes.keys.sorted(), nodes: nodes, targetSchema: "MAIN", selective: false)
        // The target's own schema ("main", in any case) is the first listing; the others follow in one.
        #expect(engine.calls == [.existingRelations(schemas: []), .existingRelations(schemas: ["Main_Gold", "lake"])])
    }
}
