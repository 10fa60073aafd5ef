import Foundation
import SDBasics
import SDEngine
import SDFakeAWS
import Testing

@testable import SDAthena

/// Incremental runs whose new rows open more than 100 partitions. Athena writes at most 100
/// partitions per CTAS, INSERT INTO or MERGE and otherwise fails with HIVE_/ICEBERG_TOO_MANY_OPEN_PARTITIONS
/// (AWS, considerations-ctas.html); the workaround is one INSERT INTO per group of at most 100
/// partitions (AWS, ctas-insert-into.html), which dbt-athena applies to incremental models in
/// `batch_incremental_insert` and `batch_iceberg_merge` (its incremental materialization's macros).
@Suite struct AthenaIncrementalBatchingTests {
    static let temp = "\"awsdatacatalog\".\"analytics\".\"ev__swiftdbt_000000000002\""
    static let target = "\"awsdatacatalog\".\"analytics\".\"ev\""

    /// `count` rows with ids from `offset`, each in its own partition `dNNNN`.
    static func days(_ count: Int, offset: Int = 0, amount: Int = 1) -> String {
        let rows = (offset..<(offset + count)).map { "(\($0), \(amount), 'd\(String(format: "%04d", $0))')" }.joined(separator: ", ")
        return "select id, amount, dt from (values \(rows)) as t (id, amount, dt)"
    }

    /// `("dt" = 'dA')\n   or … ("dt" = 'dB')` for partitions a...b.
    static func group(_ range: ClosedRange<Int>) -> String {
        range.map { "(\"dt\" = 'd\(String(format: "%04d", $0))')" }.joined(separator: "\n   or ")
    }

    static func config(_ strategy: String, forceBatch: Bool = false) -> [String: JSONValue] {
        var c: [String: JSONValue] = ["partitioned_by": ["dt"], "incremental_strategy": .string(strategy)]
        if forceBatch { c["force_batch"] = true }
        return c
    }

    static func insertBatch(_ range: ClosedRange<Int>) -> String {
        "insert into \(target) (\"id\", \"amount\", \"dt\")\nselect \"id\", \"amount\", \"dt\" from \(temp)\nwhere \(group(range))"
    }

    /// Pre-existing objects of a snapshot that are still there, byte for byte.
    static func untouched(_ before: FakeWorld.Snapshot, _ after: FakeWorld.Snapshot) -> Bool {
        before.objects.allSatisfy { after.objects[$0.key] == $0.value }
    }

    // MARK: - append (Hive)

    // ctas-insert-into.html: INSERT INTO in groups of at most 100 partitions; force_batch skips the
    // single INSERT (dbt-athena's `force_batch`).
    @Test func appendWithForceBatchInsertsHundredPartitionsAtATime() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        try await world.build(FakeWorld.model("ev", Self.days(30), "incremental", config: Self.config("append")))
        let before = world.snapshot("ev")
        let (_, statements) = try await world.build(
            FakeWorld.model("ev", Self.days(250, offset: 20), "incremental", config: Self.config("append", forceBatch: true)))
        #expect(statements.count == 5)
        #expect(statements[0].hasPrefix("create table \(Self.temp)\nwith (\n  table_type='hive',"))
        #expect(!statements[0].contains("partitioned_by"))
        #expect(statements[1] == "select distinct \"dt\" from \(Self.temp) order by \"dt\"")
        #expect(statements[2] == Self.insertBatch(20...119))
        #expect(statements[3] == Self.insertBatch(120...219))
        #expect(statements[4] == Self.insertBatch(220...269))
        #expect(world.state.partitions("analytics", "ev").count == 270)
        // append keeps the old rows of d0020…d0029 and adds the new ones beside them.
        #expect(world.state.rows("analytics", "ev")?.rows.count == 280)
        #expect(Self.untouched(before, world.snapshot("ev")))
        #expect(try await world.leftoverTemporaries().isEmpty)
        #expect(world.state.keys(bucket: "lake", prefix: "dbt/analytics/ev/00000000-0000-0000-0000-000000000002/").isEmpty)
    }

    // considerations-ctas.html: the single INSERT fails with HIVE_TOO_MANY_OPEN_PARTITIONS
    // (the fake refuses more than 100 partitions the way Athena does), then batches follow.
    @Test func appendRefusedForTooManyPartitionsFallsBackToBatches() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        try await world.build(FakeWorld.model("ev", Self.days(30), "incremental", config: Self.config("append")))
        let (_, statements) = try await world.build(
            FakeWorld.model("ev", Self.days(150, offset: 100), "incremental", config: Self.config("append")))
        #expect(statements.count == 6)
        #expect(statements[1] == "insert into \(Self.target) (\"id\", \"amount\", \"dt\")\nselect \"id\", \"amount\", \"dt\" from \(Self.temp)")
        #expect(statements[2] == "-- more than 100 partitions: inserting into analytics.ev in batches")
        #expect(statements[3] == "select distinct \"dt\" from \(Self.temp) order by \"dt\"")
        #expect(statements[4] == Self.insertBatch(100...199))
        #expect(statements[5] == Self.insertBatch(200...249))
        #expect(world.state.partitions("analytics", "ev").count == 180)
        #expect(world.state.rows("analytics", "ev")?.rows.count == 180)
        #expect(try await world.leftoverTemporaries().isEmpty)
    }

    @Test func appendFailingInTheSecondBatchSaysSoAndKeepsEarlierData() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        try await world.build(FakeWorld.model("ev", Self.days(30), "incremental", config: Self.config("append")))
        let before = world.snapshot("ev")
        world.state.inject(.failingQuery(containing: "where (\"dt\" = 'd0120')", message: "GENERIC_INTERNAL_ERROR: writer lost"))
        do {
            try await world.build(FakeWorld.model("ev", Self.days(250, offset: 20), "incremental", config: Self.config("append", forceBatch: true)))
            Issue.record("expected the second batch to fail")
        } catch let e as EngineError {
            #expect(
                e.message.hasPrefix("append into analytics.ev stopped at batch 2 of 3 (at most 100 partitions each): the rows of batches 1-1 are in the table"))
            #expect(e.message.contains("GENERIC_INTERNAL_ERROR: writer lost"))
            #expect(e.statement == Self.insertBatch(120...219))
        }
        let after = world.snapshot("ev")
        #expect(Self.untouched(before, after))
        // Batch 1 (d0020…d0119) landed; nothing of d0120 onwards did.
        #expect(after.partitions.count == 120)
        #expect(after.rows?.rows.count == 130)
        #expect(try await world.leftoverTemporaries().isEmpty)
        #expect(world.state.keys(bucket: "lake", prefix: "dbt/analytics/ev/00000000-0000-0000-0000-000000000002/").isEmpty)
    }

    // MARK: - insert_overwrite (Hive)

    // dbt-athena's batched insert_overwrite: staged unpartitioned, then CTAS of the first group and
    // INSERT INTO for the rest; the touched partitions are then repointed (Glue BatchUpdatePartition).
    @Test func insertOverwriteWithForceBatchWritesInBatchesThenRepoints() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        try await world.build(FakeWorld.model("ev", Self.days(30), "incremental", config: Self.config("insert_overwrite")))
        let (_, logged) = try await world.build(
            FakeWorld.model("ev", Self.days(150, offset: 20, amount: 2), "incremental", config: Self.config("insert_overwrite", forceBatch: true)))
        // The ten replaced partitions' old folders are deleted after the repointing.
        #expect(
            logged.filter { $0.hasPrefix("-- s3 deleted 1 old object(s) under s3://lake/dbt/analytics/ev/00000000-0000-0000-0000-000000000001/dt=d00") }.count
                == 10)
        let statements = logged.filter { !$0.hasPrefix("-- s3 deleted") }
        let stage = "\"awsdatacatalog\".\"analytics\".\"ev__swiftdbt_000000000002__np_000000000003\""
        let list = "\"id\", \"amount\", \"dt\""
        #expect(statements.count == 5)
        #expect(statements[0].hasPrefix("create table \(stage)\nwith ("))
        #expect(statements[1] == "select distinct \"dt\" from \(stage) order by \"dt\"")
        #expect(statements[2].hasPrefix("create table \(Self.temp)\nwith ("))
        #expect(statements[2].contains("partitioned_by=ARRAY['dt']"))
        #expect(statements[2].hasSuffix("as\nselect \(list) from \(stage)\nwhere \(Self.group(20...119))"))
        #expect(statements[3] == "insert into \(Self.temp) (\(list))\nselect \(list) from \(stage)\nwhere \(Self.group(120...169))")
        #expect(
            statements[4]
                == "-- glue: 10 partition(s) of analytics.ev repointed, 140 added, from s3://lake/dbt/analytics/ev/00000000-0000-0000-0000-000000000002")
        #expect(world.state.partitions("analytics", "ev").count == 170)
        let rows = try #require(world.state.rows("analytics", "ev")).rows
        #expect(rows.count == 170)
        #expect(rows.filter { $0[1] == "2" }.count == 150)
        // Replaced partitions' old folders are gone; untouched ones stay.
        #expect(world.state.keys(bucket: "lake", prefix: "dbt/analytics/ev/00000000-0000-0000-0000-000000000001/dt=d0020/").isEmpty)
        #expect(!world.state.keys(bucket: "lake", prefix: "dbt/analytics/ev/00000000-0000-0000-0000-000000000001/dt=d0019/").isEmpty)
        #expect(try await world.leftoverTemporaries().isEmpty)
    }

    @Test func insertOverwriteRefusedForTooManyPartitionsFallsBackToBatches() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        try await world.build(FakeWorld.model("ev", Self.days(30), "incremental", config: Self.config("insert_overwrite")))
        let (_, logged) = try await world.build(
            FakeWorld.model("ev", Self.days(150, offset: 20, amount: 2), "incremental", config: Self.config("insert_overwrite")))
        let statements = logged.filter { !$0.hasPrefix("-- s3 deleted") }
        #expect(statements[0].hasPrefix("create table \(Self.temp)\nwith ("))
        #expect(statements[1] == "-- more than 100 partitions: writing analytics.ev__swiftdbt_000000000002 in batches")
        #expect(statements.filter { $0.hasPrefix("insert into \(Self.temp)") }.count == 1)
        #expect(
            statements.last
                == "-- glue: 10 partition(s) of analytics.ev repointed, 140 added, from s3://lake/dbt/analytics/ev/00000000-0000-0000-0000-000000000002")
        #expect(world.state.partitions("analytics", "ev").count == 170)
        #expect(try #require(world.state.rows("analytics", "ev")).rows.filter { $0[1] == "2" }.count == 150)
        #expect(try await world.leftoverTemporaries().isEmpty)
    }

    // The "repoint only touched partitions, nothing dropped first" rule: a failure while writing
    // batch 2 happens before any partition is repointed, so the table is exactly as it was.
    @Test func insertOverwriteFailingInTheSecondBatchLeavesTheTableAsItWas() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        try await world.build(FakeWorld.model("ev", Self.days(30), "incremental", config: Self.config("insert_overwrite")))
        let before = world.snapshot("ev")
        world.state.inject(.failingQuery(containing: "where (\"dt\" = 'd0120')", message: "GENERIC_INTERNAL_ERROR: writer lost"))
        do {
            try await world.build(
                FakeWorld.model(
                    "ev", Self.days(250, offset: 20, amount: 2), "incremental",
                    config: Self.config("insert_overwrite", forceBatch: true)))
            Issue.record("expected the second batch to fail")
        } catch let e as EngineError {
            #expect(
                e.message.hasPrefix(
                    "writing analytics.ev__swiftdbt_000000000002 stopped at batch 2 of 3 (at most 100 partitions each): batches 1-1 went to a fresh folder"))
            #expect(e.message.hasSuffix("GENERIC_INTERNAL_ERROR: writer lost\n  compiled SQL: target/compiled/p/models/ev.sql"))
        }
        let after = world.snapshot("ev")
        #expect(after.table == before.table)
        #expect(after.partitions == before.partitions)
        #expect(after.rows == before.rows)
        #expect(Self.untouched(before, after))
        #expect(try await world.leftoverTemporaries().isEmpty)
        #expect(world.state.keys(bucket: "lake", prefix: "dbt/analytics/ev/00000000-0000-0000-0000-000000000002").isEmpty)
    }

    // MARK: - merge (Iceberg)

    static func icebergConfig(forceBatch: Bool = false) -> [String: JSONValue] {
        var c: [String: JSONValue] = ["table_type": "iceberg", "unique_key": ["id"], "partitioned_by": ["dt"]]
        if forceBatch { c["force_batch"] = true }
        return c
    }

    static func mergeBatch(_ range: ClosedRange<Int>) -> String {
        """
        merge into \(target) as target using (select "id", "amount", "dt" from \(temp)
        where \(group(range))) as src
        on (target."id" = src."id")
        when matched then update set "amount" = src."amount", "dt" = src."dt"
        when not matched then insert ("id", "amount", "dt") values (src."id", src."amount", src."dt")
        """
    }

    static func amounts(_ world: FakeWorld) -> [String: String] {
        var out: [String: String] = [:]
        for row in world.state.rows("analytics", "ev")?.rows ?? [] { if let id = row[0] { out[id] = row[1] ?? "" } }
        return out
    }

    // dbt-athena's batch_iceberg_merge: each MERGE's USING
    // subquery is restricted to one group of at most 100 partitions.
    @Test func mergeWithForceBatchMergesHundredPartitionsAtATime() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        try await world.build(FakeWorld.model("ev", Self.days(3, offset: 500), "incremental", config: Self.icebergConfig()))
        let (_, statements) = try await world.build(
            FakeWorld.model("ev", Self.days(150, amount: 2), "incremental", config: Self.icebergConfig(forceBatch: true)))
        #expect(statements.count == 4)
        #expect(statements[1] == "select distinct \"dt\" from \(Self.temp) order by \"dt\"")
        #expect(statements[2] == Self.mergeBatch(0...99))
        #expect(statements[3] == Self.mergeBatch(100...149))
        let amounts = Self.amounts(world)
        #expect(amounts.count == 153)
        #expect(amounts["149"] == "2")
        #expect(amounts["500"] == "1")
        #expect(try await world.leftoverTemporaries().isEmpty)
    }

    // Athena's ICEBERG_TOO_MANY_OPEN_PARTITIONS (considerations-ctas.html), injected into the single MERGE.
    @Test func mergeRefusedForTooManyPartitionsFallsBackToBatches() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        try await world.build(FakeWorld.model("ev", Self.days(3, offset: 150), "incremental", config: Self.icebergConfig()))
        world.state.inject(
            .failingQuery(containing: "merge into", message: "ICEBERG_TOO_MANY_OPEN_PARTITIONS: Exceeded limit of 100 open writers for partitions"))
        let (_, statements) = try await world.build(
            FakeWorld.model("ev", Self.days(150, amount: 2), "incremental", config: Self.icebergConfig()))
        #expect(statements.count == 6)
        #expect(statements[1].hasPrefix("merge into \(Self.target) as target using \(Self.temp) as src\n"))
        #expect(statements[2] == "-- more than 100 partitions: merging into analytics.ev in batches")
        #expect(statements[4] == Self.mergeBatch(0...99))
        #expect(statements[5] == Self.mergeBatch(100...149))
        let amounts = Self.amounts(world)
        #expect(amounts.count == 153)
        #expect(amounts["141"] == "2")
        #expect(amounts["152"] == "1")
        #expect(try await world.leftoverTemporaries().isEmpty)
    }

    // The fake refuses a MERGE writing more than 100 Iceberg partitions as Athena does
    // (ICEBERG_TOO_MANY_OPEN_PARTITIONS, considerations-ctas.html), with no injected fault.
    @Test func mergeOverTheWriterLimitIsBatchedWithoutForceBatch() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        try await world.build(FakeWorld.model("ev", Self.days(3, offset: 150), "incremental", config: Self.icebergConfig()))
        let (_, statements) = try await world.build(
            FakeWorld.model("ev", Self.days(150, amount: 2), "incremental", config: Self.icebergConfig()))
        #expect(statements.count == 6)
        #expect(statements[2] == "-- more than 100 partitions: merging into analytics.ev in batches")
        #expect(statements[4] == Self.mergeBatch(0...99))
        #expect(Self.amounts(world).count == 153)
    }

    // append into a partitioned Iceberg table: the same INSERT batches, grouped by the
    // partitioning columns (they are not Glue partition keys for Iceberg tables).
    @Test func icebergAppendOverTheWriterLimitIsBatched() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        var config = Self.icebergConfig()
        config["incremental_strategy"] = "append"
        try await world.build(FakeWorld.model("ev", Self.days(3, offset: 500), "incremental", config: config))
        let (_, statements) = try await world.build(FakeWorld.model("ev", Self.days(150, amount: 2), "incremental", config: config))
        #expect(statements.count == 6)
        #expect(statements[2] == "-- more than 100 partitions: inserting into analytics.ev in batches")
        #expect(statements[4] == Self.insertBatch(0...99))
        #expect(statements[5] == Self.insertBatch(100...149))
        #expect(world.state.rows("analytics", "ev")?.rows.count == 153)
        #expect(try await world.leftoverTemporaries().isEmpty)
    }

    @Test func mergeFailingInTheSecondBatchKeepsEarlierRowsAndSaysRerunIsSafe() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        // id 5 is in batch 1, id 120 in batch 2, id 500 in no batch.
        try await world.build(
            FakeWorld.model(
                "ev", "select id, amount, dt from (values (5, 1, 'd0005'), (120, 1, 'd0120'), (500, 1, 'd0500')) as t (id, amount, dt)",
                "incremental", config: Self.icebergConfig()))
        world.state.inject(.failingQuery(containing: "where (\"dt\" = 'd0100')", message: "GENERIC_INTERNAL_ERROR: commit lost"))
        do {
            try await world.build(FakeWorld.model("ev", Self.days(150, amount: 2), "incremental", config: Self.icebergConfig(forceBatch: true)))
            Issue.record("expected the second batch to fail")
        } catch let e as EngineError {
            #expect(e.message.hasPrefix("merge into analytics.ev stopped at batch 2 of 2 (at most 100 partitions each): each MERGE commits atomically"))
            #expect(e.message.contains("rerunning the model is safe"))
        }
        let amounts = Self.amounts(world)
        #expect(amounts["5"] == "2")
        #expect(amounts["120"] == "1")
        #expect(amounts["500"] == "1")
        #expect(amounts["130"] == nil)
        #expect(amounts.count == 102)
        #expect(try await world.leftoverTemporaries().isEmpty)
    }

    @Test func partitionTransformsAreBatchedByTheirColumn() {
        #expect(AthenaEngine.partitionSourceColumns(["dt", "day(ts)", "bucket(16, id)", "truncate(10, \"S\")", "month(ts)"]) == ["dt", "ts", "id", "s"])
    }
}
