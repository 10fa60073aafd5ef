import Foundation
import SDAthena
import SDBasics
import SDEngine
import SDFakeAWS
import Testing

/// After any injected failure the previous table, its Glue definition and its S3 objects are as
/// they were, nothing outside swiftdbt's folders was touched, and no temporary entry is left.
@Suite struct FailureSafetyTests {
    static let v1 = TableMaterializationTests.v1
    static let v2 = TableMaterializationTests.v2

    /// Builds `orders` once, adds a bystander object, runs `second` and checks what must hold.
    func expectIntact(
        after fault: FakeFault, attempts: Int = 3, succeeds: Bool,
        check: (FakeWorld, Result<AdapterResponse, any Error>) throws -> Void = { _, _ in }
    ) async throws {
        let world = try await FakeWorld(attempts: attempts)
        defer { Task { await world.stop() } }
        try await world.build(FakeWorld.model("orders", Self.v1))
        world.state.putObject(bucket: "lake", key: "elsewhere/keep.parquet", data: Data("x".utf8))
        let before = world.snapshot("orders")
        world.state.inject(fault)
        let result: Result<AdapterResponse, any Error>
        do { result = .success(try await world.build(FakeWorld.model("orders", Self.v2)).0) } catch { result = .failure(error) }
        let after = world.snapshot("orders")
        #expect(world.state.keys(bucket: "lake", prefix: "elsewhere/") == ["elsewhere/keep.parquet"])
        #expect(try await world.leftoverTemporaries().isEmpty)
        if succeeds {
            if case .failure(let e) = result { Issue.record("expected success, got \(e)") }
            #expect(after.rows?.rows == [["1", "11"], ["2", "21"], ["3", "31"]])
        } else {
            guard case .failure = result else {
                Issue.record("expected the build to fail")
                return
            }
            #expect(after.table == before.table)
            #expect(after.rows == before.rows)
            // Every object that existed is still there; nothing new was left behind.
            #expect(after.objects == before.objects)
        }
        try check(world, result)
    }

    // A FAILED CTAS (GetQueryExecution Status.AthenaError) names Athena's category, type and
    // message and the compiled file, and Athena's partial output is removed from the fresh folder.
    @Test func failedCTASLeavesTheOldTable() async throws {
        try await expectIntact(
            after: .failingQuery(
                containing: "create table", category: 2, type: 1100,
                message: "COLUMN_NOT_FOUND: line 3:8: Column 'amout' cannot be resolved"),
            succeeds: false
        ) { _, result in
            guard case .failure(let e as EngineError) = result else { Issue.record("not an EngineError"); return }
            #expect(e.kind == .database)
            #expect(e.message.contains("user error, category 2, type 1100"))
            #expect(e.message.contains("COLUMN_NOT_FOUND: line 3:8: Column 'amout' cannot be resolved"))
            #expect(e.message.contains("compiled SQL: target/compiled/p/models/orders.sql"))
        }
    }

    // Glue throttling is retried by the AWS layer ("Retry behavior", AWS SDKs and Tools guide).
    @Test func throttledUpdateTableIsRetried() async throws {
        try await expectIntact(after: FakeFault(operation: "UpdateTable", action: .throttle, times: 2), attempts: 4, succeeds: true)
    }

    @Test func updateTableThrottledPastTheRetriesLeavesTheOldTable() async throws {
        try await expectIntact(after: FakeFault(operation: "UpdateTable", action: .throttle, times: 10), attempts: 3, succeeds: false)
    }

    @Test func updateTable5xxPastTheRetriesLeavesTheOldTable() async throws {
        try await expectIntact(after: FakeFault(operation: "UpdateTable", action: .serverError, times: 10), attempts: 2, succeeds: false)
    }

    // The UpdateTable response is lost after Glue applied it: the retry fails with
    // ConcurrentModificationException (VersionId moved on); the engine sees the swap happened.
    @Test func droppedUpdateTableResponseIsRecognisedAsApplied() async throws {
        try await expectIntact(after: FakeFault(operation: "UpdateTable", action: .dropAfterProcessing), succeeds: true) { world, _ in
            #expect(world.state.journal.contains("glue UpdateTable response dropped"))
            #expect(world.state.keys(bucket: "lake", prefix: "dbt/analytics/orders/00000000-0000-0000-0000-000000000001/").isEmpty)
        }
    }

    // StartQueryExecution's ClientRequestToken makes the retry return the same query
    // (Athena API reference, StartQueryExecution: ClientRequestToken).
    @Test func droppedStartQueryResponseDoesNotStartTheQueryTwice() async throws {
        try await expectIntact(after: FakeFault(operation: "StartQueryExecution", action: .dropAfterProcessing), succeeds: true) { world, _ in
            let ctas = world.state.statements.filter { $0.hasPrefix("create table") }
            #expect(ctas.count == 2)  // one per build, the retried one not repeated
            #expect(world.state.journal.filter { $0 == "athena StartQueryExecution" }.count == 3)
        }
    }

    @Test func startQueryThrottledIsRetried() async throws {
        try await expectIntact(after: FakeFault(operation: "StartQueryExecution", action: .throttle, times: 2), attempts: 4, succeeds: true)
    }

    @Test func droppedConnectionsOnS3DeletionDoNotFailTheSwappedModel() async throws {
        try await expectIntact(
            after: FakeFault(operation: "DeleteObjects", action: .dropBeforeProcessing, times: 10), attempts: 2,
            succeeds: true
        ) { _, result in
            guard case .success(let r) = result else { return }
            #expect(r.message.contains("old data under s3://lake/dbt/analytics/orders/00000000-0000-0000-0000-000000000001/ not deleted"))
        }
    }

    @Test func droppedGetTableBeforeProcessingPastRetriesFailsCleanly() async throws {
        try await expectIntact(after: FakeFault(operation: "GetTable", action: .dropBeforeProcessing, times: 10), attempts: 2, succeeds: false)
    }

    // A concurrent change between GetTable and UpdateTable fails the swap with Glue's
    // ConcurrentModificationException instead of overwriting it (UpdateTable VersionId).
    @Test func concurrentModificationIsNotOverwritten() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        try await world.build(FakeWorld.model("orders", Self.v1))
        let before = world.snapshot("orders")
        world.state.inject(FakeFault(operation: "UpdateTable", action: .concurrentUpdate(database: "analytics", table: "orders")))
        await #expect(throws: (any Error).self) { try await world.build(FakeWorld.model("orders", Self.v2)) }
        let after = world.snapshot("orders")
        #expect(after.table?["StorageDescriptor"] == before.table?["StorageDescriptor"])
        #expect(after.table?["Parameters"] == before.table?["Parameters"])
        #expect(after.objects == before.objects)
        #expect(try await world.leftoverTemporaries().isEmpty)
    }
}
