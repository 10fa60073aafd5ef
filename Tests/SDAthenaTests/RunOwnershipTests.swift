import Foundation
import SDBasics
import SDEngine
import SDFakeAWS
import Testing

@testable import SDAthena

/// Who owns a temporary table or build folder, and what a later run may remove.
@Suite struct RunOwnershipTests {
    @Test func buildIDsCarryTheRunTagAndAMarkNoRFC4122UUIDHas() {
        let fresh = "3f2a9c1e-7b4d-4e8a-9c2d-5e6f7a8b9c0d"
        let id = BuildOwnership.buildID(fresh: fresh, tag: BuildOwnership.tag(ofRun: "ABCDEF01-2222-4333-8444-555555555555"))
        #expect(id == "3f2a9c1e-7b4d-4e8a-0c2d-abcdef019c0d")
        #expect(BuildOwnership.tag(ofFolder: id[...]) == "abcdef01")
        // dbt-athena's (and any v4) UUID folders are not swiftdbt's: variant digit 8, 9, a or b.
        #expect(BuildOwnership.tag(ofFolder: fresh[...]) == nil)
        let temp = BuildOwnership.temporaryName("orders", buildID: id)
        #expect(temp == "orders__swiftdbt_abcdef019c0d")
        #expect(BuildOwnership.temporary(temp)?.base == "orders")
        #expect(BuildOwnership.temporary(temp)?.tag == "abcdef01")
        #expect(BuildOwnership.temporary("orders__swiftdbt_notours") == nil)
        #expect(BuildOwnership.temporary("orders") == nil)
    }

    @Test func thePlanRemovesOnlyWhatDeadRunsLeftAndNothingInUse() {
        let root = "s3://lake/dbt/a/t/"
        let dead = "deadbeef", live = "11111111"
        func folder(_ tag: String, _ n: String) -> String { root + "00000000-0000-4000-0000-\(tag)\(n)/" }
        let plan = OrphanPlan.make(
            temporaries: [
                // Killed between UpdateTable and dropping the temporary entry: the table uses its folder now.
                (name: "t__swiftdbt_\(dead)0001", tag: dead, location: folder(dead, "0001")),
                (name: "u__swiftdbt_\(dead)0002", tag: dead, location: folder(dead, "0002")),
                (name: "v__swiftdbt_\(live)0003", tag: live, location: folder(live, "0003")),
            ],
            folders: [
                (folder(dead, "0001"), dead), (folder(dead, "0002"), dead), (folder(dead, "0004"), dead),
                (folder(live, "0005"), live), (folder(dead, "0006"), dead),
            ],
            inUse: [String(folder(dead, "0001").dropLast()), folder(dead, "0006") + "dt=2024-01-01"], live: [live])
        #expect(plan.tables == ["t__swiftdbt_\(dead)0001", "u__swiftdbt_\(dead)0002"])
        #expect(plan.folders == [folder(dead, "0002"), folder(dead, "0004")])
    }

    /// Three runs on one fake: A holds a lease and has a temporary table and a fresh folder; B,
    /// while A's lease lasts, removes nothing of A's; once A's lease has ended (C's clock is past
    /// it: A was killed and renewed nothing), C removes both and A's lease object.
    @Test func aLiveRunsWorkIsKeptAndADeadRunsLeftoversAreCollected() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        let endpoint = world.server.endpoint
        try await world.build(FakeWorld.model("t", "select 1 as x"))
        let a = try FakeWorld.engine(endpoint: endpoint, runID: "aaaaaaaa-0000-4000-8000-000000000000", accessKey: "AKIDA")
        _ = try await a.existingRelations(schemas: [])
        let folder = "s3://lake/dbt/analytics/t/00000000-0000-0000-0000-aaaaaaaa0001/"
        world.state.putTable(database: FakeWorld.schema, name: "t__swiftdbt_aaaaaaaa0001", location: folder)
        world.state.putObject(bucket: "lake", key: "dbt/analytics/t/00000000-0000-0000-0000-aaaaaaaa0001/part", data: Data("x".utf8))
        let b = try FakeWorld.engine(endpoint: endpoint, runID: "bbbbbbbb-0000-4000-8000-000000000000", accessKey: "AKIDB")
        _ = try await b.existingRelations(schemas: [])
        #expect(b.housekeeping.isEmpty)
        #expect(world.state.table(FakeWorld.schema, "t__swiftdbt_aaaaaaaa0001") != nil)
        #expect(!world.state.keys(bucket: "lake", prefix: "dbt/analytics/t/00000000-0000-0000-0000-aaaaaaaa0001/").isEmpty)
        await b.close()
        let later = Date().addingTimeInterval(2000)
        let c = try FakeWorld.engine(endpoint: endpoint, runID: "cccccccc-0000-4000-8000-000000000000", accessKey: "AKIDC", now: { later })
        let relations = try await c.existingRelations(schemas: [])
        #expect(c.housekeeping.count == 2, "\(c.housekeeping)")
        #expect(!relations.keys.contains { $0.identifier.contains("__swiftdbt_") })
        #expect(world.state.table(FakeWorld.schema, "t__swiftdbt_aaaaaaaa0001") == nil)
        #expect(world.state.keys(bucket: "lake", prefix: "dbt/analytics/t/00000000-0000-0000-0000-aaaaaaaa0001/").isEmpty)
        // The table itself and its data are untouched.
        #expect(world.state.rows(FakeWorld.schema, "t")?.rows == [["1"]])
        await c.close()
        #expect(world.state.keys(bucket: "results", prefix: "athena/swiftdbt-runs/").filter { $0.contains("aaaaaaaa") }.isEmpty)
        await a.close()
    }
}
