import Foundation
import SDBasics
import SDCompiler
import SDEngine
import Testing

@testable import SDDuckDB

/// `run --select` on DuckDB reads the catalog rows of the selected relations alone (one filtered
/// query on information_schema.tables), and a relation outside that read is never taken for absent.
@Suite(.serialized) struct DuckDBSelectedCatalogTests {
    @Test func aSelectionReadsItsOwnRelationsAndLooksUpTheRest() async throws {
        let dir = try DuckDBTestSupport.temporaryDirectory()
        let setup = try DuckDBEngineLeaseTests.engine(dir)
        for i in 0..<30 {
            _ = try await setup.build(DuckDBEngineLeaseTests.model("other\(i)", "select \(i) as id"), options: BuildOptions(), log: StatementLog())
        }
        _ = try await setup.build(DuckDBEngineLeaseTests.model("a", "select 1 as id"), options: BuildOptions(), log: StatementLog())
        _ = try await setup.build(DuckDBEngineLeaseTests.model("v", "select 2 as id", materialized: "view"), options: BuildOptions(), log: StatementLog())
        await setup.close()

        let engine = try DuckDBEngineLeaseTests.engine(dir)
        let a = Relation(database: "db", schema: "main", identifier: "a")
        let missing = Relation(database: "db", schema: "main", identifier: "not_there")
        let quote = Relation(database: "db", schema: "main", identifier: "it's")
        let existing = try await engine.existingRelations(among: [a, missing, quote])
        #expect(existing == [a: .table])
        // `v` was not asked about: building it as a table must still see the view there and replace it
        // (taken for absent, the rename onto the view's name would fail).
        let log = StatementLog()
        _ = try await engine.build(DuckDBEngineLeaseTests.model("v", "select 3 as id"), options: BuildOptions(), log: log)
        #expect(log.all.contains("drop view \"db\".\"main\".\"v\""), "\(log.all)")
        #expect(try await engine.query("select id from main.v", limit: nil).rows == [[.int(3)]])
        // `a` was read as a table: rebuilt through the catalog read, no second lookup needed to drop it.
        let logA = StatementLog()
        _ = try await engine.build(DuckDBEngineLeaseTests.model("a", "select 4 as id"), options: BuildOptions(), log: logA)
        #expect(logA.all.contains("drop table \"db\".\"main\".\"a\""), "\(logA.all)")
        await engine.close()
    }
}
