import Foundation
import SDCompiler
import SDEngine
import SDProject
import Testing

/// `source freshness` on Athena: the collect-freshness query passes the fake's Athena grammar check,
/// and the timestamps Athena returns are read and judged like DuckDB's.
struct FreshnessOnAthenaTests {
    static func sourceNode(_ table: String) -> CompiledNode {
        var n = FakeWorld.model(table, "")
        n.resourceType = .source
        n.uniqueId = "source.p.raw.\(table)"
        n.sourceName = "raw"
        return n
    }

    @Test func judgesAgeFromAthenaTimestamps() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        try await world.build(
            FakeWorld.model("events", "select cast(current_timestamp - interval '2' hour as timestamp) as loaded_at, 'new' as kind"))
        let criteria = SourceFreshness(warnAfter: .init(count: 1, period: .hour), errorAfter: .init(count: 1, period: .day))
        let relation = "\"awsdatacatalog\".\"analytics\".\"events\""
        let checks = [
            FreshnessRun.Check(
                node: Self.sourceNode("events"), criteria: criteria, sql: FreshnessRun.sql(loadedAtField: "loaded_at", relation: relation, filter: nil)),
            FreshnessRun.Check(
                node: Self.sourceNode("missing"), criteria: criteria,
                sql: FreshnessRun.sql(loadedAtField: "loaded_at", relation: "\"awsdatacatalog\".\"analytics\".\"missing\"", filter: nil)),
        ]
        let outcomes = await FreshnessRun(engine: world.engine, threads: 2).run(checks, started: { _, _, _ in }, finished: { _, _, _ in })
        #expect(outcomes.map(\.status) == [.warn, .runtimeError], "\(outcomes.map { $0.error ?? "" })")
        let age = try #require(outcomes.first?.age)
        #expect(age > 7190 && age < 7400, "\(age)")
        #expect(outcomes.last?.error?.contains("missing") == true)
    }
}
