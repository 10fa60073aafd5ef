import Foundation
import SDBasics
import SDEngine
import SDProject
import Testing

/// FreshnessRun's pure parts: reading the database's timestamps and judging the age.
struct FreshnessRunTests {
    static let criteria = SourceFreshness(warnAfter: .init(count: 1, period: .hour), errorAfter: .init(count: 1, period: .day))

    static let shapes: [(String, Double)] = [
        ("2026-12-06 08:00:00", 0.0), ("2026-12-06T08:00:00.250", 0.25), ("2026-12-06 10:00:00+02", 0), ("2026-12-06 03:30:00-04:30", 0),
        ("2026-12-06 08:00:00.000 UTC", 0), ("2026-12-06T08:00:00Z", 0), ("2026-12-06", -8 * 3600),
    ]

    @Test(arguments: FreshnessRunTests.shapes)
    func timestampsAsTheEnginesPrintThem(text: String, offset: Double) throws {
        let base = try #require(FreshnessRun.timestamp(.string("2026-12-06 08:00:00")))
        let parsed = try #require(FreshnessRun.timestamp(.string(text)))
        #expect(abs(parsed.timeIntervalSince(base) - offset) < 0.001)
        #expect(base.timeIntervalSince1970 == 1_796_544_000)
    }

    @Test func judgesTheAgeBetweenTheNewestRowAndTheDatabaseClock() {
        func judge(_ loaded: JSONValue) -> SourceFreshness.Status {
            FreshnessRun.judge(QueryResult(columns: ["max_loaded_at", "snapshotted_at"], rows: [[loaded, "2026-12-06 08:00:00+00"]]), criteria: Self.criteria).0
        }
        #expect(judge("2026-12-06 07:30:00") == .pass)
        #expect(judge("2026-12-06 06:30:00") == .warn)
        #expect(judge("2026-12-04 08:00:00") == .error)
        // An empty table is as old as time, as dbt-adapters reads a null maximum: stale, not a crash.
        #expect(judge(.null) == .error)
        let bad = FreshnessRun.judge(QueryResult(columns: ["a", "b"], rows: [[.int(1_796_544_000), "2026-12-06 08:00:00"]]), criteria: Self.criteria)
        #expect(bad.0 == .runtimeError)
        #expect(bad.4?.contains("loaded_at_field is not a timestamp") == true)
    }

    @Test func theQueryIsDbtsCollectFreshness() {
        #expect(
            FreshnessRun.sql(loadedAtField: "ts", relation: "\"db\".\"raw\".\"t\"", filter: "ts > current_date - 3")
                == "select\n  max(ts) as max_loaded_at,\n  current_timestamp as snapshotted_at\nfrom \"db\".\"raw\".\"t\"\nwhere ts > current_date - 3")
    }
}
