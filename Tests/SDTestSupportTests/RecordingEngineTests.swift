import SDCompiler
import SDEngine
import SDGraph
import SDProject
import SDTestSupport
import Testing

@Suite("RecordingEngine")
struct RecordingEngineTests {
    static func node(_ name: String, _ type: ResourceType = .model, sql: String = "") -> CompiledNode {
        CompiledNode(
            uniqueId: "\(type.rawValue).p.\(name)", name: name, resourceType: type, packageName: "p", fqn: ["p", name],
            originalFilePath: "models/\(name).sql", path: "\(name).sql",
            relation: Relation(database: "db", schema: "s", identifier: name), compiledCode: sql)
    }

    @Test func recordsCallsAndStatementsInOrder() async throws {
        let engine = RecordingEngine()
        let log = StatementLog()
        _ = try await engine.build(Self.node("a", sql: "create table a as select 1"), options: BuildOptions(), log: log)
        let outcome = try await engine.runTest(Self.node("t", .test), sql: "select * from a where x is null", sampleLimit: 5, log: log)
        await engine.close()
        #expect(outcome.failures == 0)
        #expect(log.all == ["create table a as select 1", "select * from a where x is null"])
        #expect(engine.statements == log.all)
        #expect(engine.calls == [.build(uniqueId: "model.p.a"), .runTest(uniqueId: "test.p.t"), .close])
    }

    @Test func answersFromTheScript() async throws {
        let a = Relation(database: "db", schema: "s", identifier: "a")
        let other = Relation(database: "db", schema: "elsewhere", identifier: "b")
        let engine = RecordingEngine(
            script: .init(
                relations: [a: .table, other: .view], errors: ["model.p.bad": EngineError(.database, "boom")],
                testFailures: ["test.p.t": 3], queryResults: ["select 1": QueryResult(columns: ["x"], rows: [[.int(1)], [.int(2)]])]))
        #expect(try await engine.existingRelations(schemas: ["s"]) == [a: .table])
        let log = StatementLog()
        await #expect(throws: EngineError.self) {
            try await engine.build(Self.node("bad", sql: "create table bad"), options: BuildOptions(), log: log)
        }
        #expect(log.all == ["create table bad"], "the failing statement is still recorded, as the real engines do")
        #expect(try await engine.runTest(Self.node("t", .test), sql: "q", sampleLimit: 1, log: log).failures == 3)
        #expect(try await engine.query("select 1", limit: 1).rows.count == 1)
        engine.update { $0.testFailures = [:] }
        #expect(try await engine.runTest(Self.node("t", .test), sql: "q", sampleLimit: 1, log: log).failures == 0)
    }

    /// An unscripted query is refused rather than answered with an empty result nobody chose.
    @Test func refusesWhatIsNotScripted() async {
        let engine = RecordingEngine()
        await #expect(throws: EngineError.self) { try await engine.query("select 2", limit: nil) }
        #expect(engine.calls == [.query(sql: "select 2")])
    }

    @Test func seedsAreOneLineWithTheirRowCount() async throws {
        let engine = RecordingEngine()
        let table = SeedTable(columns: [], rows: [[], [], []])
        let response = try await engine.loadSeed(Self.node("groups", .seed), table: table, options: BuildOptions(), log: StatementLog())
        #expect(response.rowsAffected == 3)
        #expect(engine.statements == ["-- load seed \(Relation(database: "db", schema: "s", identifier: "groups")): 3 rows"])
        #expect(engine.calls == [.loadSeed(uniqueId: "seed.p.groups", rows: 3)])
    }
}
