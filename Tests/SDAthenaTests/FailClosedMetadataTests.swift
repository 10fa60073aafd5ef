import Foundation
import SDAWS
import SDBasics
import SDCompiler
import SDEngine
import SDFakeAWS
import Testing

@testable import SDAthena

/// When the list of existing relations cannot be read, nothing is built: "unknown" is never taken
/// for "absent" (the class of dbt-core#16331 and #15953, dbt-athena#1821).
@Suite struct FailClosedMetadataTests {
    /// GetTables (AWS Glue API reference): `MaxResults` 1–100, `NextToken` opaque and present only
    /// while more tables remain; the fake refuses out-of-range sizes and tokens it never issued.
    @Test func getTablesPagesFollowTheNextTokenContract() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        for i in 0..<250 { world.state.putTable(database: FakeWorld.schema, name: String(format: "t%03d", i)) }
        let relations = try await world.engine.existingRelations(schemas: [])
        #expect(relations.count == 250)
        #expect(world.state.journal.filter { $0.hasPrefix("glue GetTables") }.count == 3)
        let glue = world.engine.glue
        let first = try await glue.call("GetTables", ["DatabaseName": "analytics", "MaxResults": 100])
        let token = try #require(first["NextToken"]?.stringValue)
        // A table created between two pages cannot make the listing skip one that was there all along.
        world.state.putTable(database: FakeWorld.schema, name: "a_new_one")
        let second = try await glue.call("GetTables", ["DatabaseName": "analytics", "NextToken": .string(token), "MaxResults": 100])
        #expect(second["TableList"]?.arrayValue?.first?["Name"]?.stringValue == "t100")
        for bad: JSONValue in [
            ["DatabaseName": "analytics", "MaxResults": 0], ["DatabaseName": "analytics", "MaxResults": 101],
            ["DatabaseName": "analytics", "NextToken": "100"],
        ] {
            await #expect { try await glue.call("GetTables", bad) } throws: { ($0 as? AWSServiceError)?.code == "InvalidInputException" }
        }
    }

    /// Glue 500s past the retry budget, throttling that does not stop, and a second page that
    /// fails after a first one with NextToken: the listing throws, and the run's Glue tables and
    /// data are exactly as before.
    @Test(arguments: ["500", "throttle", "page2"]) func aFailedListingThrowsAndTouchesNothing(_ kind: String) async throws {
        let world = try await FakeWorld(attempts: 3)
        defer { Task { await world.stop() } }
        try await world.build(FakeWorld.model("kept", "select 1 as x"))
        for i in 0..<120 { world.state.putTable(database: FakeWorld.schema, name: String(format: "z%03d", i)) }
        let before = world.snapshot("kept")
        let tables = world.state.tables(in: FakeWorld.schema)
        switch kind {
        case "500": world.state.inject(FakeFault(operation: "GetTables", action: .serverError, times: 3))
        case "throttle": world.state.inject(FakeFault(operation: "GetTables", action: .throttle, times: 3))
        default: world.state.inject(FakeFault(operation: "GetTables", containing: "NextToken", action: .serverError, times: 3))
        }
        world.state.clearJournal()
        await #expect(throws: (any Error).self) { try await world.engine.existingRelations(schemas: []) }
        #expect(world.snapshot("kept") == before)
        #expect(world.state.tables(in: FakeWorld.schema) == tables)
        #expect(world.state.statements.isEmpty)
        #expect(!world.state.journal.contains { $0.contains("CreateTable") || $0.contains("UpdateTable") || $0.contains("DeleteTable") })
    }

    /// An incremental model compiled as a first build (its table was not in the catalog read at
    /// the start) meets an existing table at build time: it stops, and the table is untouched,
    /// instead of appending a full select into it.
    @Test func anIncrementalModelCompiledAsAFirstBuildDoesNotWriteIntoAnExistingTable() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        let model = FakeWorld.model("inc", "select id from (values (1), (2)) as t (id)", "incremental")
        try await world.build(model)
        let before = world.snapshot("inc")
        var stale = model
        stale.renderedIncremental = false
        await #expect { try await world.engine.build(stale, options: BuildOptions(), log: StatementLog()) } throws: { error in
            "\(error)".contains("was not in the catalog read at the start of the run")
        }
        #expect(world.snapshot("inc") == before)
        #expect(world.state.rows(FakeWorld.schema, "inc")?.rows.count == 2)
        // The reverse: compiled as incremental, but the table is gone now.
        var gone = FakeWorld.model("inc2", "select id from (values (3)) as t (id)", "incremental")
        gone.renderedIncremental = true
        await #expect { try await world.engine.build(gone, options: BuildOptions(), log: StatementLog()) } throws: { error in
            "\(error)".contains("is gone now")
        }
        #expect(world.state.table(FakeWorld.schema, "inc2") == nil)
    }
}
