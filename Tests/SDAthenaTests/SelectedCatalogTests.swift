import Foundation
import SDAthena
import SDCompiler
import SDEngine
import SDFakeAWS
import Testing

/// `run --select one_model` asks Glue about the selected relations only (issue 20, item 4): what a
/// run reads before rendering is `CatalogListing.read`, exactly as `Execution` calls it.
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
        let existing = try await CatalogListing.read(
            world.engine, ids: [one.uniqueId, fresh.uniqueId], nodes: nodes,
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
            try await CatalogListing.read(
                world.engine, ids: [one.uniqueId], nodes: [one.uniqueId: one], targetSchema: FakeWorld.schema,
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

/// The same through the real CLI binary (`.build/debug/swiftdbt`): `run --select one` on a Glue
/// database holding `others` unrelated tables, on the lenient fake (the SQL is `select 1`).
@Suite(.serialized) struct SelectedRunCLITests {
    static func glueCalls(others: Int, args: [String]) async throws -> (status: Int32, output: String, glue: [String]) {
        let server = try FakeAWSServer(state: FakeAWSState(now: { Date() }))
        let endpoint = try await server.start()
        defer { Task { await server.stop() } }
        for i in 0..<others { server.state.putTable(database: "sel", name: String(format: "other_%03d", i)) }
        let dir = NSTemporaryDirectory() + "swiftdbt-select-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/models", withIntermediateDirectories: true)
        try "name: sel\nversion: \"1.0.0\"\nprofile: sel\nmodel-paths: [\"models\"]\nmodels:\n  sel:\n    +materialized: table\n"
            .write(toFile: dir + "/project.yml", atomically: true, encoding: .utf8)
        try """
        sel:
          target: dev
          outputs:
            dev:
              type: athena
              region_name: eu-west-1
              work_group: primary
              s3_staging_dir: s3://results/athena/
              s3_data_dir: s3://lake/dbt/
              database: awsdatacatalog
              schema: sel
              poll_interval: 0.05
              threads: 4

        """.write(toFile: dir + "/profiles.yml", atomically: true, encoding: .utf8)
        try "select 1 as x\n".write(toFile: dir + "/models/one.sql", atomically: true, encoding: .utf8)
        try "select x from << ref('one') >>\n".write(toFile: dir + "/models/two.sql", atomically: true, encoding: .utf8)
        let (status, out) = try RTSAOnFakeTests.swiftdbt(["run", "--target", "dev", "--profiles-dir", dir] + args, in: dir, endpoint: endpoint)
        return (status, out, server.state.journal.filter { $0.hasPrefix("glue ") })
    }

    @Test func runSelectOneModelMakesTheSameGlueCallsWhateverTheDatabaseHolds() async throws {
        let few = try await Self.glueCalls(others: 5, args: ["--select", "one"])
        let many = try await Self.glueCalls(others: 500, args: ["--select", "one"])
        #expect(few.status == 0, "\(few.output)")
        #expect(many.status == 0, "\(many.output)")
        #expect(many.output.contains("Done. PASS=1 WARN=0 ERROR=0 SKIP=0"), "\(many.output)")
        #expect(many.glue.count == few.glue.count, "\(few.glue)\n\(many.glue)")
        #expect(!many.glue.contains { $0.hasPrefix("glue GetTables") }, "\(many.glue)")
        // Without a selection the database is listed, one GetTables page per 100 tables.
        let all = try await Self.glueCalls(others: 500, args: [])
        #expect(all.status == 0, "\(all.output)")
        #expect(all.glue.filter { $0.hasPrefix("glue GetTables") }.count == 5, "\(all.glue)")
    }
}
