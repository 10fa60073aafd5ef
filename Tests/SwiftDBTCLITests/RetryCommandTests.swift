import Foundation
import Testing

/// `swiftdbt retry` on the real duckdb CLI: it replays the last command's flags and runs only what
/// errored or was skipped (docs.getdbt.com/reference/commands/retry).
@Suite(.serialized) struct RetryCommandTests {
    @Test func retryRunsOnlyTheFailedModelAndWhatItSkippedWithTheSameFlags() async throws {
        let p = try TempProject(files: [
            "models/base.sql": "<< config(materialized='table') >>\nselect << var('n') >> as n",
            "models/bad.sql": "<< config(materialized='table') >>\nselect n from missing_table",
            "models/child.sql": "<< config(materialized='table') >>\nselect n + 1 as n from << ref('bad') >>",
            "models/schema.yml": "models:\n  - name: child\n    columns:\n      - name: n\n        data_tests: [not_null]\n",
            "models/ok.sql": "<< config(materialized='table') >>\nselect n * 10 as n from << ref('base') >>",
        ])
        let first = try await CLI.swiftdbt(["build", "--threads", "4", "--vars", "{n: 7}"], in: p)
        #expect(first.status == 1, "\(first.stdout)")
        #expect(first.stdout.contains("SKIP relation main.child"))
        // The fix; `base` and `ok` are newer than `bad` only if they are rebuilt.
        try p.write("models/bad.sql", "<< config(materialized='table') >>\nselect n from << ref('base') >>")
        try p.write("models/base.sql", "<< config(materialized='table') >>\nselect 1000 as n")
        let retry = try await CLI.swiftdbt(["retry"], in: p)
        #expect(retry.status == 0, "\(retry.stdout)\n\(retry.stderr)")
        #expect(retry.stdout.contains("Concurrency: 4 threads"))
        let doc = try JSONSerialization.jsonObject(with: Data(try p.read("target/run_results.json").utf8)) as? [String: Any]
        let results = try #require(doc?["results"] as? [[String: Any]])
        let ran = Set(results.compactMap { $0["unique_id"] as? String })
        // The errored model, the skipped child and the skipped test on it; not base, ok or their tests.
        #expect(ran.count == 3, "\(ran)")
        #expect(ran.contains("model.proj.bad") && ran.contains("model.proj.child"))
        #expect(ran.contains { $0.hasPrefix("test.proj.not_null_child_n") })
        #expect(results.allSatisfy { ["success", "pass"].contains($0["status"] as? String) })
        let args = try #require(doc?["args"] as? [String: Any])
        #expect(args["which"] as? String == "build")
        #expect(args["threads"] as? Int == 4)
        #expect((args["vars"] as? [String: Any])?["n"] as? Int == 7)
        // base was not rebuilt: it still holds the first build's value, and child reads it through bad.
        #expect(try await p.query("select n from main.base") == ["n", "7"])
        #expect(try await p.query("select n from main.child") == ["n", "8"])
        #expect(try await p.query("select n from main.ok") == ["n", "70"])
        // Nothing left to retry: dbt's "Nothing to do" and exit 0.
        let again = try await CLI.swiftdbt(["retry"], in: p)
        #expect(again.status == 0, "\(again.stdout)")
        #expect(again.stdout.contains("Nothing to do. Try checking your model configs and model specification args"))
    }

    @Test func retryWithoutAPreviousRunSaysSo() async throws {
        let p = try TempProject(files: ["models/m.sql": "select 1 as x"])
        let r = try await CLI.swiftdbt(["retry"], in: p)
        #expect(r.status == 1)
        #expect(r.stderr.contains("could not find a previous run in 'target/run_results.json'"))
    }
}
