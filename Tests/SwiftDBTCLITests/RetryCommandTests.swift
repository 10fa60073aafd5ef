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

    /// A slim-CI build (`state:modified+` against production's artifacts, `--defer`, `--resource-type`)
    /// with one failing model, then `retry`: it must select with the same state and defer the unbuilt
    /// parent to production, or the retry has no state to compare (and nothing to defer to).
    @Test func retryReplaysStateDeferAndResourceTypes() async throws {
        let p = try TempProject(files: [
            "profiles.yml": """
            proj:
              target: prod
              outputs:
                prod: {type: duckdb, path: target/test.duckdb, schema: prod, threads: 1}
                dev: {type: duckdb, path: target/test.duckdb, schema: dev, threads: 1}

            """,
            "models/base.sql": "<< config(materialized='table') >>\nselect 5 as n",
            "models/mid.sql": "<< config(materialized='table') >>\nselect n from << ref('base') >>",
            "models/top.sql": "<< config(materialized='table') >>\nselect n + 1 as n from << ref('mid') >>",
            "models/schema.yml": "models:\n  - name: top\n    columns:\n      - name: n\n        data_tests: [not_null]\n",
        ])
        let prod = try await CLI.swiftdbt(["build"], in: p)
        try #require(prod.status == 0, "\(prod.stdout)\n\(prod.stderr)")
        try FileManager.default.copyItem(atPath: p.root + "/target", toPath: p.root + "/prod-artifacts")
        try p.write("models/mid.sql", "<< config(materialized='table') >>\nselect n from missing_table")
        let ci = try await CLI.swiftdbt(
            ["build", "--target", "dev", "-s", "state:modified+", "--state", "prod-artifacts", "--defer", "--resource-type", "model"], in: p)
        #expect(ci.status == 1, "\(ci.stdout)\n\(ci.stderr)")
        #expect(ci.stdout.contains("SKIP relation dev.top"), "\(ci.stdout)")
        try p.write("models/mid.sql", "<< config(materialized='table') >>\nselect n * 10 as n from << ref('base') >>")
        let retry = try await CLI.swiftdbt(["retry"], in: p)
        #expect(retry.status == 0, "\(retry.stdout)\n\(retry.stderr)")
        // mid and top in dev; base was not selected, so mid read production's base through --defer.
        #expect(try await p.query("select n from dev.top") == ["n", "51"])
        #expect(try await p.query("select count(*) from information_schema.tables where table_schema = 'dev'") == ["count_star()", "2"])
        let doc = try JSONSerialization.jsonObject(with: Data(try p.read("target/run_results.json").utf8)) as? [String: Any]
        let ran = Set(try #require(doc?["results"] as? [[String: Any]]).compactMap { $0["unique_id"] as? String })
        #expect(ran == ["model.proj.mid", "model.proj.top"], "\(ran)")
        // The retry's own run_results keep the flags under dbt's keys, so a second retry replays them too.
        let args = try #require(doc?["args"] as? [String: Any])
        #expect(args["state"] as? String == "prod-artifacts" && args["defer"] as? Bool == true && args["favor_state"] as? Bool == false)
        #expect(args["resource_types"] as? [String] == ["model"] && args["exclude_resource_types"] as? [String] == [])
        try await ArtifactSchemaTests.expectValid(p, require: ["run_results"], "a retried slim-CI build")
    }

    @Test func retryWithoutAPreviousRunSaysSo() async throws {
        let p = try TempProject(files: ["models/m.sql": "select 1 as x"])
        let r = try await CLI.swiftdbt(["retry"], in: p)
        #expect(r.status == 1)
        #expect(r.stderr.contains("could not find a previous run in 'target/run_results.json'"))
    }
}
