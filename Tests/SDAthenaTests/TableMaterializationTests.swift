import Foundation
import SDAthena
import SDBasics
import SDEngine
import SDFakeAWS
import Testing

/// Tables: CTAS at a fresh folder, Glue swap, old data removed afterwards — against the fake.
@Suite struct TableMaterializationTests {
    static let v1 = "select id, amount from (values (1, 10), (2, 20)) as t (id, amount)"
    static let v2 = "select id, amount from (values (1, 11), (2, 21), (3, 31)) as t (id, amount)"

    // Golden sequence; CTAS properties follow "CREATE TABLE AS" (Athena user guide,
    // create-table-as.html) and the swap follows Glue UpdateTable with VersionId (Glue API reference).
    @Test func firstBuildThenRebuildSendsTheGoldenSequence() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        let (_, first) = try await world.build(FakeWorld.model("orders", Self.v1))
        // Nothing to protect on a first build: CTAS straight into the target.
        #expect(
            first == [
                """
                create table "awsdatacatalog"."analytics"."orders"
                with (
                  table_type='hive',
                  is_external=true,
                  external_location='s3://lake/dbt/analytics/orders/00000000-0000-0000-0000-000000000001',
                  write_compression='snappy',
                  format='parquet'
                )
                as
                \(Self.v1)
                """
            ])
        world.state.clearJournal()
        let (_, second) = try await world.build(FakeWorld.model("orders", Self.v2))
        #expect(second.count == 4)
        #expect(second[0].hasPrefix("create table \"awsdatacatalog\".\"analytics\".\"orders__swiftdbt_000000000002\""))
        #expect(second[1] == "-- glue UpdateTable analytics.orders (VersionId 1)")
        #expect(second[3] == "-- s3 deleted 1 old object(s) under s3://lake/dbt/analytics/orders/00000000-0000-0000-0000-000000000001/")
        // AWS calls for a rebuild, polling included (goal: at most 8; dbt-athena's HA path makes ~12+).
        let calls = world.state.journal.filter { !$0.hasPrefix("athena GetQueryExecution") && !$0.hasPrefix("athena BatchGet") }
        #expect(
            calls == [
                "glue GetTable analytics.orders", "athena StartQueryExecution",
                "glue GetTable analytics.orders__swiftdbt_000000000002", "glue UpdateTable analytics.orders",
                "glue DeleteTable analytics.orders__swiftdbt_000000000002", "s3 ListObjectsV2 lake", "s3 DeleteObjects lake 1",
            ])
        let rows = try #require(world.state.rows("analytics", "orders"))
        #expect(rows.rows == [["1", "11"], ["2", "21"], ["3", "31"]])
        #expect(world.state.table("analytics", "orders")?["VersionId"]?.stringValue == "2")
    }

    @Test func oldDataIsDeletedOnlyUnderTheFolderSwiftdbtCreated() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        // Neighbours sharing a name prefix and data outside s3_data_dir must survive (dbt-athena#76, #776).
        world.state.putObject(bucket: "lake", key: "dbt/analytics/orders_v2/part-0", data: Data("keep".utf8))
        world.state.putObject(bucket: "lake", key: "dbt/analytics/ordersX", data: Data("keep".utf8))
        world.state.putObject(bucket: "lake", key: "topics/orders/dt=2024-01-01/orders+0+0.parquet", data: Data("keep".utf8))
        try await world.build(FakeWorld.model("orders", Self.v1))
        try await world.build(FakeWorld.model("orders", Self.v2))
        try await world.build(FakeWorld.model("orders", Self.v1))
        let keys = world.state.keys(bucket: "lake")
        #expect(keys.contains("dbt/analytics/orders_v2/part-0"))
        #expect(keys.contains("dbt/analytics/ordersX"))
        #expect(keys.contains("topics/orders/dt=2024-01-01/orders+0+0.parquet"))
        // Only the newest build's folder remains for the table.
        let mine = keys.filter { $0.hasPrefix("dbt/analytics/orders/") }
        #expect(mine.count == 1)
        #expect(mine.first?.hasPrefix("dbt/analytics/orders/00000000-0000-0000-0000-000000000003/") == true)
    }

    @Test func aTableTheUserCreatedKeepsItsDataWhenSwiftdbtReplacesIt() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        world.state.createDatabase("analytics")
        world.state.putObject(bucket: "lake", key: "dbt/analytics/orders/handmade/data.parquet", data: Data("user data".utf8))
        // A Hive table made by hand, even inside s3_data_dir: it has no swiftdbt.root parameter.
        _ = try await world.engine.query(
            "create external table `analytics`.`orders` (`x` int) stored as parquet location 's3://lake/dbt/analytics/orders/handmade/'",
            limit: nil)
        try await world.build(FakeWorld.model("orders", Self.v1))
        #expect(world.state.keys(bucket: "lake", prefix: "dbt/analytics/orders/handmade/") == ["dbt/analytics/orders/handmade/data.parquet"])
        #expect(world.state.rows("analytics", "orders")?.rows == [["1", "10"], ["2", "20"]])
    }

    @Test func partitionedAndBucketedPropertiesAreRendered() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        let sql = "select id, amount, dt from (values (1, 10, '2024-01-01'), (2, 20, '2024-01-02')) as t (id, amount, dt)"
        let (_, statements) = try await world.build(
            FakeWorld.model(
                "events", sql,
                config: [
                    "partitioned_by": ["dt"], "bucketed_by": ["id"], "bucket_count": 4, "write_compression": "zstd",
                ]))
        #expect(statements[0].contains("partitioned_by=ARRAY['dt'],\n  bucketed_by=ARRAY['id'],\n  bucket_count=4,\n  write_compression='zstd'"))
        #expect(world.state.partitions("analytics", "events") == [["2024-01-01"], ["2024-01-02"]])
        // Rebuild with other days: partitions are swapped with the table, old day removed.
        let sql2 = "select id, amount, dt from (values (3, 30, '2024-01-02'), (4, 40, '2024-01-03')) as t (id, amount, dt)"
        try await world.build(FakeWorld.model("events", sql2, config: ["partitioned_by": ["dt"]]))
        #expect(world.state.partitions("analytics", "events") == [["2024-01-02"], ["2024-01-03"]])
        #expect(world.state.rows("analytics", "events")?.rows.count == 2)
        #expect(world.state.keys(bucket: "lake", prefix: "dbt/analytics/events/00000000-0000-0000-0000-000000000001/").isEmpty)
    }

    @Test func viewsAreReplacedInPlaceAndATableBecomesAViewWithoutAGap() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        let (_, v) = try await world.build(FakeWorld.model("v", "select 1 as x", "view"))
        #expect(v == ["create or replace view \"awsdatacatalog\".\"analytics\".\"v\" as\nselect 1 as x"])
        try await world.build(FakeWorld.model("t", Self.v1))
        let (_, swapped) = try await world.build(FakeWorld.model("t", "select 2 as y", "view"))
        #expect(swapped.first?.hasPrefix("create or replace view \"awsdatacatalog\".\"analytics\".\"t__swiftdbt_") == true)
        #expect(world.state.table("analytics", "t")?["TableType"]?.stringValue == "VIRTUAL_VIEW")
        // The table's data went once the view had taken its place.
        #expect(world.state.keys(bucket: "lake", prefix: "dbt/analytics/t/").isEmpty)
        #expect(try await world.leftoverTemporaries().isEmpty)
    }

    @Test func dataScannedAndCostAreReported() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        let (r, _) = try await world.build(FakeWorld.model("orders", Self.v1))
        let bytes = try #require(r.bytesScanned)
        #expect(bytes > 0)
        #expect(r.queryIds.count == 1)
        // Athena pricing: $5 per TB, at least 10 MB billed per query.
        #expect(r.message == "OK \(bytes) B scanned, $0.000052")
        #expect(r.json["data_scanned_in_bytes"] == .int(bytes))
    }
}

/// Glue keeps a table version per CREATE OR REPLACE VIEW and caps them per table and account
/// (Glue quotas; dbt-athena#267): swiftdbt keeps the newest 4 (GetTableVersions,
/// BatchDeleteTableVersion), and its own UpdateTable swaps pass SkipArchive.
@Suite struct GlueVersionTests {
    @Test func replacedViewsKeepOnlyTheNewestVersions() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        for i in 0..<7 { try await world.build(FakeWorld.model("v", "select \(i) as x", "view")) }
        #expect(world.state.versions("analytics", "v") == ["4", "5", "6", "7"])
    }

    @Test func tableSwapsDoNotArchiveVersions() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        for _ in 0..<3 { try await world.build(FakeWorld.model("t", TableMaterializationTests.v1)) }
        #expect(world.state.versions("analytics", "t") == ["3"])
    }
}
