import SDEngine
import SDProject
import Testing

/// dbt's test severity rules (dbt docs, "severity, error_if, and warn_if").
@Suite struct TestVerdictTests {
    static func judge(_ failures: Int, _ config: [String: String] = [:]) -> TestVerdict {
        TestVerdict.judge(failures: failures, config: NodeConfig(config.mapValues { .string($0) }))
    }

    @Test func defaultsFailOnAnyRow() {
        #expect(Self.judge(0).status == .pass)
        let v = Self.judge(1)
        #expect(v.status == .fail)
        #expect(v.condition == "!= 0")
    }

    @Test func severityWarnOnlyReadsWarnIf() {
        #expect(Self.judge(5, ["severity": "warn"]).status == .warn)
        #expect(Self.judge(5, ["severity": "WARN", "error_if": ">0"]).status == .warn, "error_if is ignored at warn severity")
        #expect(Self.judge(5, ["severity": "warn", "warn_if": ">10"]).status == .pass)
    }

    @Test func errorIfAndWarnIfThresholds() {
        let config = ["error_if": ">100", "warn_if": ">10"]
        #expect(Self.judge(5, config).status == .pass)
        let warned = Self.judge(50, config)
        #expect(warned.status == .warn)
        #expect(warned.condition == "> 10")
        let failed = Self.judge(101, config)
        #expect(failed.status == .fail)
        #expect(failed.condition == "> 100")
    }

    @Test(arguments: [
        (">=10", 10, true), (">=10", 9, false), ("<=5", 5, true), ("<5", 5, false), ("=3", 3, true), ("==3", 4, false),
        ("!=0", 0, false), ("<>0", 2, true), ("> 0", 1, true), ("nonsense", 0, false), ("nonsense", 1, true),
    ])
    func conditions(condition: String, count: Int, holds: Bool) {
        #expect(TestVerdict.holds(condition, count) == holds)
    }
}
