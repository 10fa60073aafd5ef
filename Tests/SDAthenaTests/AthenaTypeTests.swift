import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDFakeAWS
import Testing

@testable import SDAthena

/// Athena has two type vocabularies (data-types.html): Trino names in DML, Hive names in DDL.
@Suite struct AthenaTypeTests {
    @Test func dmlUsesTrinoNames() {
        #expect(AthenaType.dml("string") == "varchar")
        #expect(AthenaType.dml("TEXT") == "varchar")
        #expect(AthenaType.dml("int") == "integer")
        #expect(AthenaType.dml("float") == "real")
        #expect(AthenaType.dml("DECIMAL(18, 6)") == "decimal(18,6)")
        #expect(AthenaType.dml("timestamp(6)") == "timestamp(6)")
        #expect(AthenaType.dml("date") == "date")
        #expect(AthenaType.dml("bool") == "boolean")
    }

    @Test func ddlUsesHiveNames() {
        #expect(AthenaType.hive("varchar") == "string")
        #expect(AthenaType.hive("integer") == "int")
        #expect(AthenaType.hive("real") == "float")
        #expect(AthenaType.hive("timestamp(3)") == "timestamp")
        #expect(AthenaType.hive("decimal(18, 6)") == "decimal(18,6)")
        #expect(AthenaType.hive("boolean") == "boolean")
    }

    /// The RTSA seed's `column_types: {symbol_v: string, group_id: int}`: every literal and cast in
    /// the CTAS uses Trino names, so the strict fake (like Athena) accepts it and Glue records the
    /// Hive types.
    @Test func seedColumnTypesBecomeTrinoNamesInTheCTAS() async throws {
        let world = try await FakeWorld(strict: true)
        defer { Task { await world.stop() } }
        world.state.createDatabase("analytics")
        let table = SeedTable(
            columns: [
                SeedColumn(name: "symbol_v", type: .sql("string"), isOverridden: true),
                SeedColumn(name: "group_id", type: .sql("int"), isOverridden: true),
            ],
            rows: [[.text("AAPL"), .integer(1)], [.text("LMT"), .integer(2)]])
        let log = StatementLog()
        _ = try await world.engine.loadSeed(SeedAndSourceTests.seedNode("symbol_groups"), table: table, options: BuildOptions(), log: log)
        let ctas = try #require(log.all.first)
        #expect(!ctas.lowercased().contains("as string"), "\(ctas)")
        #expect(ctas.contains("CAST('AAPL' AS varchar)"))
        let glue = try #require(world.state.table("analytics", "symbol_groups"))
        #expect((glue["StorageDescriptor"]?["Columns"]?.arrayValue ?? []).compactMap { $0["Type"]?.stringValue } == ["string", "int"])
        #expect(world.state.rows("analytics", "symbol_groups")?.rows == [["AAPL", "1"], ["LMT", "2"]])
    }
}
