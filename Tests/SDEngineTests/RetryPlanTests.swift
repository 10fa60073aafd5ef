import SDBasics
import SDEngine
import Testing

/// RetryPlan reads what `swiftdbt retry` replays from run_results.json.
struct RetryPlanTests {
    static func doc(which: String?, statuses: [(String, String)], args extra: String = "") -> String {
        let results = statuses.map { #"{"unique_id": "\#($0.0)", "status": "\#($0.1)"}"# }.joined(separator: ", ")
        let which = which.map { #""which": "\#($0)", "# } ?? ""
        return #"{"results": [\#(results)], "args": {\#(which)"select": ["a+"], "exclude": ["z"], "target": "dev"\#(extra)}}"#
    }

    @Test func retriesErrorsFailuresAndSkipsOnly() throws {
        let text = Self.doc(
            which: "build",
            statuses: [
                ("model.p.a", "success"), ("model.p.b", "error"), ("model.p.c", "skipped"), ("test.p.t", "fail"),
                ("test.p.w", "warn"), ("test.p.ok", "pass"), ("model.p.n", "no-op"),
            ],
            args: #", "threads": 4, "vars": {"n": 7}, "full_refresh": true, "indirect_selection": "cautious", "selector": "nightly""#)
        let plan = try RetryPlan.read(text, path: "target/run_results.json")
        #expect(plan.command == .build)
        #expect(plan.uniqueIds == ["model.p.b", "model.p.c", "test.p.t"])
        #expect(plan.args.select == ["a+"] && plan.args.exclude == ["z"] && plan.args.target == "dev")
        #expect(plan.args.threads == 4 && plan.args.fullRefresh && plan.args.indirectSelection == "cautious")
        #expect(plan.args.vars == ["n": .int(7)] && plan.args.selector == "nightly")
    }

    @Test func aSuccessfulRunLeavesNothingToRetry() throws {
        let plan = try RetryPlan.read(Self.doc(which: "run", statuses: [("model.p.a", "success")]), path: "x")
        #expect(plan.command == .run && plan.uniqueIds.isEmpty)
    }

    /// dbt's keys for the slim-CI flags (dbt-core's `--state`, `--defer`, `--favor-state`,
    /// `--resource-type(s)`, `--exclude-resource-type(s)` params) are written and read back.
    @Test func stateDeferAndResourceTypesReadBack() throws {
        var args = RunResults.Args(select: ["state:modified+"], exclude: [], target: "ci", fullRefresh: false, failFast: false, projectDir: "/p")
        args.state = "prod-artifacts"
        args.deferToState = true
        args.favorState = true
        args.resourceTypes = ["model", "seed"]
        args.excludeResourceTypes = ["unit_test"]
        let json = args.json(.build)
        #expect(json["state"] == .string("prod-artifacts") && json["defer"] == .bool(true) && json["favor_state"] == .bool(true))
        #expect(json["resource_types"] == .array([.string("model"), .string("seed")]))
        let back = RunResults.Args(reading: json)
        #expect(back.state == "prod-artifacts" && back.deferToState && back.favorState)
        #expect(back.resourceTypes == ["model", "seed"] && back.excludeResourceTypes == ["unit_test"])
        // Without the keys (an older run_results, or dbt's), nothing is deferred or narrowed.
        let old = RunResults.Args(reading: ["which": "build"])
        #expect(old.state == nil && !old.deferToState && !old.favorState && old.resourceTypes.isEmpty)
    }

    @Test func writtenArgsReadBackTheSame() throws {
        var args = RunResults.Args(select: ["m"], exclude: [], target: "local", fullRefresh: false, failFast: true, projectDir: "/p")
        args.vars = ["k": .string("v")]
        args.threads = 3
        args.empty = true
        let back = RunResults.Args(reading: args.json(.seed))
        #expect(back.vars == args.vars && back.threads == 3 && back.empty && back.failFast && back.select == ["m"])
    }

    @Test(arguments: [("docs", "'docs'"), (nil, "a run_results.json without args.which")])
    func refusesWhatItCannotReplay(which: String?, named: String) {
        #expect(throws: DiagnosticError.self) { try RetryPlan.read(Self.doc(which: which, statuses: []), path: "x") }
        do {
            _ = try RetryPlan.read(Self.doc(which: which, statuses: []), path: "x")
        } catch {
            #expect(error.diagnostics.first?.message.contains("cannot retry \(named)") == true)
        }
        do {
            _ = try RetryPlan.read("not json", path: "target/run_results.json")
            Issue.record("expected a refusal")
        } catch {
            #expect(error.diagnostics.first?.message.contains("is not a run_results.json") == true)
        }
    }
}
