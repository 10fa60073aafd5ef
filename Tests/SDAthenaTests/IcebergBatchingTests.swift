import Foundation
import SDBasics
import SDEngine
import SDFakeAWS
import Testing

@testable import SDAthena

/// Iceberg table builds (CTAS) whose rows open more than 100 partitions. Athena refuses such a
/// CTAS with ICEBERG_TOO_MANY_OPEN_PARTITIONS (AWS, considerations-ctas.html; dbt-athena's
/// create_table_as_with_partitions); the workaround is a CTAS of the first group of at most 100 partitions and one
/// INSERT INTO per further group (AWS, ctas-insert-into.html), here from an unpartitioned staging
/// copy of the rows, as the Hive build does (PartitionBatchTests).
@Suite struct IcebergBatchingTests {
    static let target = "\"awsdatacatalog\".\"analytics\".\"ib\""

    static func config(forceBatch: Bool = false) -> [String: JSONValue] {
        var c: [String: JSONValue] = ["table_type": "iceberg", "partitioned_by": ["dt"]]
        if forceBatch { c["force_batch"] = true }
        return c
    }

    static func id(_ n: Int) -> String { "00000000-0000-0000-0000-" + String(format: "%012d", n) }
    /// The staging table of a build of `table` (the target on a first build, the temporary table on a rebuild).
    static func stage(_ n: Int, of table: String = "ib") -> String {
        "\"awsdatacatalog\".\"analytics\".\"\(table)__np_\(String(format: "%012d", n))\""
    }
    static let temp2 = "ib__swiftdbt_000000000002"

    static func stageCTAS(_ n: Int, _ select: String) -> String {
        """
        create table \(stage(n))
        with (
          table_type='hive',
          is_external=true,
          external_location='s3://lake/dbt/analytics/ib/\(id(n))',
          write_compression='snappy',
          format='parquet'
        )
        as
        \(select)
        """
    }

    static func icebergCTAS(_ relation: String, location n: Int, _ select: String) -> String {
        """
        create table \(relation)
        with (
          table_type='iceberg',
          is_external=false,
          location='s3://lake/dbt/analytics/ib/\(id(n))',
          partitioning=ARRAY['dt'],
          write_compression='snappy',
          format='parquet'
        )
        as
        \(select)
        """
    }

    static func batchSelect(stage n: Int, of table: String = "ib", _ range: ClosedRange<Int>) -> String {
        "select \"id\", \"amount\", \"dt\" from \(stage(n, of: table))\nwhere \(AthenaIncrementalBatchingTests.group(range))"
    }

    static func insertBatch(into relation: String, stage n: Int, of table: String = "ib", _ range: ClosedRange<Int>) -> String {
        "insert into \(relation) (\"id\", \"amount\", \"dt\")\n" + batchSelect(stage: n, of: table, range)
    }

    /// Distinct `dt` values of the fake's rows: the Iceberg table's partitions (Iceberg keeps
    /// them in its own metadata, not in Glue, so they are counted from the data).
    static func partitions(_ world: FakeWorld) -> Set<String> {
        guard let rows = world.state.rows("analytics", "ib"), let i = rows.columns.firstIndex(where: { $0.lowercased() == "dt" })
        else { return [] }
        return Set(rows.rows.compactMap { $0[i] })
    }

    /// Glue tables of the schema other than the published ones: staging or temporary leftovers.
    static func leftovers(_ world: FakeWorld) async throws -> [String] {
        try await world.engine.existingRelations(schemas: []).keys.map(\.identifier).filter { $0.contains("__") }.sorted()
    }

    // ctas-insert-into.html and dbt-athena's batched CTAS (create_table_as_with_partitions):
    // with force_batch the single CTAS is not attempted; staging
    // CTAS, distinct partition values, Iceberg CTAS of group 1, INSERT INTO of group 2.
    @Test func forceBatchBuildsTheIcebergTableInGroupsOf100() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        let select = AthenaIncrementalBatchingTests.days(150)
        let (_, statements) = try await world.build(FakeWorld.model("ib", select, config: Self.config(forceBatch: true)))
        #expect(
            statements == [
                Self.stageCTAS(2, select),
                "select distinct \"dt\" from \(Self.stage(2)) order by \"dt\"",
                Self.icebergCTAS(Self.target, location: 1, Self.batchSelect(stage: 2, 0...99)),
                Self.insertBatch(into: Self.target, stage: 2, 100...149),
            ])
        #expect(world.state.rows("analytics", "ib")?.rows.count == 150)
        #expect(Self.partitions(world).count == 150)
        #expect(world.state.table("analytics", "ib")?["Parameters"]?["table_type"]?.stringValue == "ICEBERG")
        #expect(try await Self.leftovers(world).isEmpty)
        // The staging folder is gone; only the table's own folder holds data.
        let folders = Set(world.state.keys(bucket: "lake", prefix: "dbt/analytics/ib/").map { $0.split(separator: "/")[3] })
        #expect(folders == [Substring(Self.id(1))])
    }

    // considerations-ctas.html: an Iceberg CTAS over 100 partitions fails with
    // ICEBERG_TOO_MANY_OPEN_PARTITIONS — the fake refuses it as Athena does, no injected fault.
    @Test func refusedIcebergCTASFallsBackToBatches() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        let select = AthenaIncrementalBatchingTests.days(250)
        let (_, statements) = try await world.build(FakeWorld.model("ib", select, config: Self.config()))
        #expect(
            statements == [
                Self.icebergCTAS(Self.target, location: 1, select),
                "-- more than 100 partitions: writing analytics.ib in batches",
                Self.stageCTAS(2, select),
                "select distinct \"dt\" from \(Self.stage(2)) order by \"dt\"",
                Self.icebergCTAS(Self.target, location: 1, Self.batchSelect(stage: 2, 0...99)),
                Self.insertBatch(into: Self.target, stage: 2, 100...199),
                Self.insertBatch(into: Self.target, stage: 2, 200...249),
            ])
        #expect(world.state.rows("analytics", "ib")?.rows.count == 250)
        #expect(Self.partitions(world).count == 250)
        #expect(try await Self.leftovers(world).isEmpty)
        #expect(world.state.keys(bucket: "lake", prefix: "dbt/analytics/ib/\(Self.id(2))/").isEmpty)
    }

    // A rebuild of an existing Iceberg table: the batches write the temporary table at a fresh
    // folder, which is then swapped in through Glue like any rebuild (docs/athena.md "table,
    // table_type='iceberg'": one UpdateTable instead of dbt-athena's two RENAMEs).
    @Test(arguments: ["table", "incremental"])
    func rebuildOver100PartitionsIsBatchedThenSwapped(materialized: String) async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        var config = Self.config()
        if materialized == "incremental" { config["unique_key"] = ["id"] }
        try await world.build(FakeWorld.model("ib", AthenaIncrementalBatchingTests.days(3, offset: 500), materialized, config: config))
        let (_, statements) = try await world.build(
            FakeWorld.model("ib", AthenaIncrementalBatchingTests.days(150, amount: 2), materialized, config: config), fullRefresh: true)
        #expect(statements.contains("-- more than 100 partitions: writing analytics.ib__swiftdbt_000000000002 in batches"))
        #expect(
            statements.contains(Self.insertBatch(into: "\"awsdatacatalog\".\"analytics\".\"ib__swiftdbt_000000000002\"", stage: 3, of: Self.temp2, 100...149)))
        #expect(statements.contains { $0.hasPrefix("-- glue UpdateTable analytics.ib") })
        #expect(world.state.rows("analytics", "ib")?.rows.count == 150)
        #expect(Self.partitions(world).count == 150)
        #expect(!Self.partitions(world).contains("d0500"))
        #expect(try await Self.leftovers(world).isEmpty)
        let folders = Set(world.state.keys(bucket: "lake", prefix: "dbt/analytics/ib/").map { $0.split(separator: "/")[3] })
        #expect(folders == [Substring(Self.id(2))])
    }

    // A failure in batch 2 of a rebuild: the published table, its rows and its objects are as
    // before; the temporary table, the staging table and both fresh folders are removed
    // (swiftdbt's own safety rule, docs/athena.md "more than 100 partitions"; dbt-athena's
    // RENAME-based table rebuild has no batch-failure guarantee to follow).
    @Test func rebuildFailingInBatch2LeavesThePublishedTableUntouched() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        try await world.build(FakeWorld.model("ib", AthenaIncrementalBatchingTests.days(3, offset: 500), config: Self.config()))
        let before = world.snapshot("ib")
        world.state.inject(.failingQuery(containing: "where (\"dt\" = 'd0100')", message: "GENERIC_INTERNAL_ERROR: writer lost"))
        do {
            try await world.build(FakeWorld.model("ib", AthenaIncrementalBatchingTests.days(150, amount: 2), config: Self.config(forceBatch: true)))
            Issue.record("expected the second batch to fail")
        } catch let e as EngineError {
            #expect(e.message.hasPrefix("writing analytics.ib__swiftdbt_000000000002 stopped at batch 2 of 2 (at most 100 partitions each): "))
            #expect(e.message.contains("no table that existed before was changed"))
            #expect(e.message.contains("GENERIC_INTERNAL_ERROR: writer lost"))
            #expect(
                e.statement == Self.insertBatch(into: "\"awsdatacatalog\".\"analytics\".\"ib__swiftdbt_000000000002\"", stage: 3, of: Self.temp2, 100...149))
        }
        let after = world.snapshot("ib")
        #expect(after.table == before.table)
        #expect(after.rows == before.rows)
        #expect(AthenaIncrementalBatchingTests.untouched(before, after))
        #expect(try await Self.leftovers(world).isEmpty)
        let folders = Set(world.state.keys(bucket: "lake", prefix: "dbt/analytics/ib/").map { $0.split(separator: "/")[3] })
        #expect(folders == [Substring(Self.id(1))])
    }

    // Athena can leave partial files behind a failed CTAS (considerations-ctas.html): the refused
    // attempt's folder is emptied before the batches write the table there (injected refusal; the
    // fake writes one partial object at the CTAS location).
    @Test func injectedRefusalLeavesNoPartialFilesBehind() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        world.state.inject(
            .failingQuery(
                containing: "table_type='iceberg'",
                message: "ICEBERG_TOO_MANY_OPEN_PARTITIONS: Exceeded limit of 100 open writers for partitions"))
        let select = AthenaIncrementalBatchingTests.days(40)
        let (_, statements) = try await world.build(FakeWorld.model("ib", select, config: Self.config()))
        #expect(statements[1] == "-- more than 100 partitions: writing analytics.ib in batches")
        #expect(statements.last == Self.icebergCTAS(Self.target, location: 1, Self.batchSelect(stage: 2, 0...39)))
        #expect(world.state.rows("analytics", "ib")?.rows.count == 40)
        #expect(try await Self.leftovers(world).isEmpty)
        let folders = Set(world.state.keys(bucket: "lake", prefix: "dbt/analytics/ib/").map { $0.split(separator: "/")[3] })
        #expect(folders == [Substring(Self.id(1))])
    }

    // A partition transform is grouped by its column's values, as Iceberg MERGE batches are
    // (dbt-athena's batch_iceberg_merge): `bucket(4, id)` next to `dt` groups by (`dt`, `id`).
    @Test func partitionTransformsGroupByTheirColumns() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        var config = Self.config(forceBatch: true)
        config["partitioned_by"] = ["dt", "bucket(4, id)"]
        let (_, statements) = try await world.build(FakeWorld.model("ib", AthenaIncrementalBatchingTests.days(150), config: config))
        #expect(statements[1] == "select distinct \"dt\", \"id\" from \(Self.stage(2)) order by \"dt\", \"id\"")
        #expect(statements[2].contains("partitioning=ARRAY['dt', 'bucket(4, id)']"))
        // The staged table's Glue columns are typed (`id` int), so `id` is compared as a number.
        #expect(statements[2].contains("where (\"dt\" = 'd0000' and \"id\" = 0)\n   or (\"dt\" = 'd0001' and \"id\" = 1)"))
        #expect(statements.count == 4)
        #expect(world.state.rows("analytics", "ib")?.rows.count == 150)
    }
}
