import Foundation
import SDBasics
import SDEngine
import SDFakeAWS
import Testing

@testable import SDAthena

/// More than 100 partitions: Athena refuses the CTAS with HIVE_TOO_MANY_OPEN_PARTITIONS
/// (considerations-ctas.html), so the rows are staged unpartitioned and written 100 partitions
/// at a time, CTAS then INSERT INTO (ctas-insert-into.html).
@Suite struct PartitionBatchTests {
    static func days(_ n: Int, offset: Int = 0) -> String {
        let rows = (0..<n).map { "(\($0 + offset), 'd\(String(format: "%04d", $0 + offset))')" }.joined(separator: ", ")
        return "select id, dt from (values \(rows)) as t (id, dt)"
    }

    @Test func aTableWith250PartitionsIsWrittenInThreeBatches() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        let (_, statements) = try await world.build(FakeWorld.model("wide", Self.days(250), config: ["partitioned_by": ["dt"]]))
        #expect(statements.contains("-- more than 100 partitions: writing analytics.wide in batches"))
        let writes = statements.filter { !$0.hasPrefix("--") }
        // failed attempt, staging CTAS, distinct, CTAS of batch 1, INSERT of batches 2 and 3
        #expect(writes.count == 6)
        #expect(writes[2].hasPrefix("select distinct \"dt\" from \"awsdatacatalog\".\"analytics\".\"wide__np_"))
        #expect(writes[3].hasPrefix("create table \"awsdatacatalog\".\"analytics\".\"wide\""))
        #expect(writes[3].contains("where (\"dt\" = 'd0000')\n   or (\"dt\" = 'd0001')"))
        #expect(writes[4].hasPrefix("insert into \"awsdatacatalog\".\"analytics\".\"wide\" (\"id\", \"dt\")"))
        #expect(world.state.partitions("analytics", "wide").count == 250)
        #expect(world.state.rows("analytics", "wide")?.rows.count == 250)
        #expect(try await world.engine.existingRelations(schemas: []).keys.map(\.identifier).sorted() == ["wide"])
        // Only the table's own build folder remains.
        let folders = Set(world.state.keys(bucket: "lake", prefix: "dbt/analytics/wide/").map { $0.split(separator: "/")[3] })
        #expect(folders.count == 1)
    }

    @Test func forceBatchSkipsTheFirstAttemptAndRebuildsSwapSafely() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        let config: [String: JSONValue] = ["partitioned_by": ["dt"], "force_batch": true]
        try await world.build(FakeWorld.model("wide", Self.days(120), config: config))
        let (_, statements) = try await world.build(FakeWorld.model("wide", Self.days(150, offset: 100), config: config))
        #expect(!statements.contains { $0.hasPrefix("-- more than 100") })
        #expect(statements.contains { $0.hasPrefix("-- glue UpdateTable analytics.wide") })
        let parts = world.state.partitions("analytics", "wide")
        #expect(parts.count == 150)
        #expect(parts.first == ["d0100"])
        #expect(world.state.rows("analytics", "wide")?.rows.count == 150)
        #expect(try await world.leftoverTemporaries().isEmpty)
    }

    @Test func insertOverwriteOver100PartitionsRepointsThemAll() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        let config: [String: JSONValue] = ["partitioned_by": ["dt"], "incremental_strategy": "insert_overwrite"]
        try await world.build(FakeWorld.model("ev", Self.days(50), "incremental", config: config))
        try await world.build(FakeWorld.model("ev", Self.days(180, offset: 20), "incremental", config: config))
        #expect(world.state.partitions("analytics", "ev").count == 200)
        #expect(world.state.rows("analytics", "ev")?.rows.count == 200)
        #expect(world.state.journal.filter { $0 == "glue BatchCreatePartition analytics.ev" }.count == 2)
    }

    @Test func typedPredicates() {
        #expect(AthenaEngine.equals("dt", .string("2024-01-01"), type: "date") == "\"dt\" = DATE '2024-01-01'")
        #expect(AthenaEngine.equals("n", .string("7"), type: "bigint") == "\"n\" = 7")
        #expect(AthenaEngine.equals("s", .string("O'x"), type: "string") == "\"s\" = 'O''x'")
        #expect(AthenaEngine.equals("s", .null, type: "string") == "\"s\" is null")
    }
}
