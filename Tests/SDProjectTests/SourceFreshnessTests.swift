import SDBasics
import Testing

@testable import SDProject

/// `freshness:` and `loaded_at_field` on sources and their tables, with dbt's inheritance
/// (docs.getdbt.com/reference/resource-properties/freshness; dbt-core `merge_freshness`).
struct SourceFreshnessTests {
    static let yaml = """
        version: 2
        sources:
          - name: raw
            loaded_at_field: _loaded_at
            freshness:
              warn_after: {count: 12, period: hour}
              error_after: {count: 1, period: day}
              filter: "_loaded_at > current_date - 3"
            tables:
              - name: inherits
              - name: overrides
                loaded_at_field: updated_at
                freshness:
                  warn_after: {count: 30, period: minute}
              - name: off
                freshness: null
          - name: plain
            tables:
              - name: none
        """

    static func table(_ set: PropertySet, _ name: String) -> SourceTable? { set.sources.first { $0.name == name } }

    @Test func tablesInheritOverrideOrTurnOffTheirSourcesCriteria() throws {
        let (set, diags) = PropertiesTests.read(Self.yaml)
        #expect(diags.isEmpty, "\(DiagnosticRenderer().render(diags))")
        let inherits = try #require(Self.table(set, "inherits"))
        #expect(inherits.loadedAtField == "_loaded_at")
        #expect(inherits.freshness?.warnAfter == .init(count: 12, period: .hour))
        #expect(inherits.freshness?.errorAfter == .init(count: 1, period: .day))
        #expect(inherits.freshness?.filter == "_loaded_at > current_date - 3")
        // Key by key: the table's warn_after wins, error_after and filter come from the source.
        let overrides = try #require(Self.table(set, "overrides"))
        #expect(overrides.loadedAtField == "updated_at")
        #expect(overrides.freshness?.warnAfter == .init(count: 30, period: .minute))
        #expect(overrides.freshness?.errorAfter == .init(count: 1, period: .day))
        #expect(overrides.freshness?.filter == "_loaded_at > current_date - 3")
        #expect(Self.table(set, "off")?.freshness == nil)
        #expect(Self.table(set, "off")?.loadedAtField == "_loaded_at")
        #expect(Self.table(set, "none")?.freshness == nil)
    }

    @Test func statusFollowsTheThresholds() {
        let f = SourceFreshness(warnAfter: .init(count: 1, period: .hour), errorAfter: .init(count: 1, period: .day))
        #expect(f.status(ageInSeconds: 3599) == .pass)
        #expect(f.status(ageInSeconds: 3601) == .warn)
        #expect(f.status(ageInSeconds: 86401) == .error)
        #expect(SourceFreshness(warnAfter: .init(count: 2, period: .minute)).status(ageInSeconds: 1e9) == .warn)
    }

    @Test func badCriteriaArePositionedErrors() {
        let yaml = """
            version: 2
            sources:
              - name: raw
                freshness:
                  warn_after: {count: 12, period: hours}
                  error_after: {count: -1, period: day}
                  filters: "x > 1"
                tables:
                  - name: a
                  - name: b
            """
        let (_, diags) = PropertiesTests.read(yaml)
        let errors = diags.filter { $0.severity == .error }
        // Read once per table, reported once.
        #expect(errors.count == 3, "\(DiagnosticRenderer().render(diags))")
        #expect(
            errors.map(\.message) == [
                "'warn_after' needs a 'period' of minute, hour or day", "'error_after' needs a positive whole 'count'",
                "unknown key 'filters' in freshness",
            ])
        #expect(errors.first?.range?.start.line == 5)
        #expect(errors.first?.range?.text == "hours")
    }
}
