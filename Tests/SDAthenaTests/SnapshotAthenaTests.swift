import Foundation
import SDAthena
import SDBasics
import SDCompiler
import SDEngine
import SDFakeAWS
import SDProject
import Testing

/// Snapshots on Athena (issue 17 item 4): the history is an Iceberg table created by CTAS and
/// changed by one MERGE INTO per run; the strict fake checks both with Athena's grammar and refuses
/// MERGE on a Hive table as Athena does (Athena user guide, "MERGE INTO": Iceberg tables only).
@Suite struct SnapshotAthenaTests {
    static func snapshot(_ rows: String, config: [String: JSONValue]) -> CompiledNode {
        var values: [String: JSONValue] = ["materialized": "snapshot", "unique_key": "id"]
        for (k, v) in config { values[k] = v }
        return CompiledNode(
            uniqueId: "snapshot.p.s", name: "s", resourceType: .snapshot, packageName: "p", fqn: ["p", "s"],
            originalFilePath: "snapshots/s.sql", path: "s.sql", config: NodeConfig(values),
            relation: Relation(database: "awsdatacatalog", schema: FakeWorld.schema, identifier: "s"),
            compiledCode: "select id, status, cast(u as timestamp) as updated_at from (values \(rows)) as t (id, status, u)",
            compiledPath: "target/compiled/p/snapshots/s.sql")
    }

    static let timestamp: [String: JSONValue] = ["strategy": "timestamp", "updated_at": "updated_at", "hard_deletes": "invalidate"]

    /// `id,status,from,to` per history row, ordered; `run` for the snapshot's own time.
    static func history(_ world: FakeWorld) throws -> [String] {
        let t = try #require(world.state.rows(FakeWorld.schema, "s"))
        let col = { (n: String) in t.columns.firstIndex { $0.lowercased() == n } }
        let (id, status, from, to) = (col("id"), col("status"), col("dbt_valid_from"), col("dbt_valid_to"))
        func day(_ v: String?) -> String {
            guard let v else { return "" }
            return v.hasPrefix("2024") ? String(v.prefix(10)) : "run"
        }
        return t.rows.map { r in
            [id.flatMap { r[$0] } ?? "?", status.flatMap { r[$0] } ?? "?", day(from.flatMap { r[$0] }), day(to.flatMap { r[$0] })]
                .joined(separator: ",")
        }.sorted()
    }

    @Test func historyIsAnIcebergTableChangedByOneMerge() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        let (_, first) = try await world.build(
            Self.snapshot("(1, 'a', '2024-01-01'), (2, 'b', '2024-01-01'), (3, 'c', '2024-01-01')", config: Self.timestamp))
        #expect(first.contains { $0.hasPrefix("create table \"awsdatacatalog\".\"analytics\".\"s\"") && $0.contains("table_type='iceberg'") })
        let (_, second) = try await world.build(
            Self.snapshot("(1, 'a2', '2024-01-02'), (2, 'b', '2024-01-01'), (4, 'd', '2024-01-02')", config: Self.timestamp))
        let merges = second.filter { $0.hasPrefix("merge into \"awsdatacatalog\".\"analytics\".\"s\"") }
        #expect(merges.count == 1, "\(second)")
        #expect(
            try Self.history(world) == [
                "1,a,2024-01-01,2024-01-02", "1,a2,2024-01-02,", "2,b,2024-01-01,", "3,c,2024-01-01,run", "4,d,2024-01-02,",
            ])
        #expect(try await world.leftoverTemporaries().isEmpty)
    }

    /// A key deleted and back with the same `updated_at`: the MERGE (checked with Athena's grammar by
    /// the fake) leaves its closed rows closed and inserts a new current row from the run that saw it
    /// back, under `invalidate` and `new_record`; every row keeps its own `dbt_scd_id`.
    @Test(arguments: ["invalidate", "new_record"])
    func aKeyBackWithTheSameUpdatedAtKeepsItsHistory(_ mode: String) async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        var config = Self.timestamp
        config["hard_deletes"] = .string(mode)
        let both = "(1, 'a', '2024-01-01'), (2, 'b', '2024-01-01')"
        for rows in [both, "(1, 'a', '2024-01-01')", both] {
            try await world.build(Self.snapshot(rows, config: config))
        }
        let t = try #require(world.state.rows(FakeWorld.schema, "s"))
        let col = { (n: String) in try #require(t.columns.firstIndex { $0.lowercased() == n }) }
        let (id, from, to, scd) = try (col("id"), col("dbt_valid_from"), col("dbt_valid_to"), col("dbt_scd_id"))
        // Key 2's rows in time order: (from, to), with "" for a current row.
        let key2 = t.rows.filter { $0[id] == "2" }.map { ($0[from] ?? "?", $0[to] ?? "") }.sorted { $0.0 < $1.0 }
        let expected = mode == "invalidate" ? 2 : 3
        try #require(key2.count == expected, "\(t.rows)")
        #expect(key2[0].0.hasPrefix("2024-01-01") && !key2[0].1.isEmpty, "the first version stays closed: \(key2)")
        #expect(!key2[1].0.hasPrefix("2024") && key2[1].0 >= key2[0].1, "nothing starts before the key was seen gone: \(key2)")
        if mode == "new_record" {
            #expect(key2[1].0 == key2[0].1 && key2[1].1 == key2[2].0 && key2[1].0 < key2[1].1, "the deletion record spans the gap: \(key2)")
        } else {
            #expect(key2[1].0 > key2[0].1, "the gap between the runs stays: \(key2)")
        }
        #expect(key2.last?.1 == "", "\(key2)")
        #expect(Set(t.rows.map { $0[scd] }).count == t.rows.count, "\(t.rows)")
        #expect(try await world.leftoverTemporaries().isEmpty)
    }

    /// A column new in the source joins the history (ALTER TABLE ADD COLUMNS), null in older rows.
    @Test func aNewSourceColumnIsAdded() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        try await world.build(Self.snapshot("(1, 'a', '2024-01-01')", config: Self.timestamp))
        var wider = Self.snapshot("(1, 'a2', '2024-01-02')", config: Self.timestamp)
        wider.compiledCode = "select *, 'x' as note from (\(wider.compiledCode))"
        let (_, statements) = try await world.build(wider)
        #expect(statements.contains { $0.hasPrefix("alter table `analytics`.`s` add columns (`note` ") }, "\(statements)")
        let t = try #require(world.state.rows(FakeWorld.schema, "s"))
        let note = try #require(t.columns.firstIndex(of: "note"))
        let status = try #require(t.columns.firstIndex(of: "status"))
        #expect(t.rows.map { "\($0[status] ?? ""):\($0[note] ?? "null")" }.sorted() == ["a2:x", "a:null"])
        #expect(try await world.leftoverTemporaries().isEmpty)
    }

    /// The fake refuses what Athena refuses: a column the table already has.
    @Test func addingAnExistingColumnIsRefused() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        try await world.build(Self.snapshot("(1, 'a', '2024-01-01')", config: Self.timestamp))
        let error = await #expect(throws: EngineError.self) {
            _ = try await world.engine.query("alter table `analytics`.`s` add columns (`status` string)", limit: nil)
        }
        #expect(error?.message.contains("Column 'status' already exists") == true, "\(String(describing: error))")
    }

    @Test func aHiveTableOfTheSameNameIsRefusedAndKept() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        try await world.build(FakeWorld.model("s", "select 1 as id"))
        let before = world.snapshot("s")
        await #expect(throws: EngineError.self) {
            try await world.build(Self.snapshot("(1, 'a', '2024-01-01')", config: Self.timestamp))
        }
        #expect(world.snapshot("s") == before)
        // The fake refuses the MERGE itself too, as Athena does.
        let merge = """
            merge into "awsdatacatalog"."analytics"."s" as target using (select 2 as id) as src on (target."id" = src."id")
            when not matched then insert ("id") values (src."id")
            """
        let error = await #expect(throws: EngineError.self) { _ = try await world.engine.query(merge, limit: nil) }
        #expect(error?.message.contains("MERGE INTO is supported only for Iceberg tables") == true, "\(String(describing: error))")
        #expect(world.snapshot("s") == before)
    }
}
