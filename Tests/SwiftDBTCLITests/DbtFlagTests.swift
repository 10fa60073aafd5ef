import Foundation
import Testing

/// The flags dbt users type, run through the real binary on a small DuckDB project, each checked
/// against dbt's meaning (docs.getdbt.com, "Global configs" and "Command reference"; docs/cli.md).
@Suite(.serialized) struct DbtFlagTests {
    /// m1 → m2, a seed, and a test on m1.
    static func project(_ extra: [String: String] = [:]) throws -> TempProject {
        var files = [
            "models/m1.sql": "select 2 as b, 1 as a",
            "models/m2.sql": "select * from << ref('m1') >>",
            "models/schema.yml": "models:\n  - name: m1\n    columns:\n      - name: a\n        data_tests: [not_null]\n",
            "seeds/s.csv": "id,name\n1,x\n",
        ]
        for (k, v) in extra { files[k] = v }
        return try TempProject(files: files, name: "proj")
    }

    @Test func quietPrintsOnlyErrors() async throws {
        let p = try Self.project()
        let ok = try await CLI.swiftdbt(["run", "-q"], in: p)
        #expect(ok.status == 0)
        #expect(ok.stdout.isEmpty, "\(ok.stdout)")
        try p.write("models/bad.sql", "select * from missing_table")
        let bad = try await CLI.swiftdbt(["run", "--quiet"], in: p)
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("ERROR creating sql view model main.bad"))
        #expect(!bad.stdout.contains("OK created"))
        #expect(!bad.stdout.contains("Running with"))
        // --log-level error is the same filter; none prints no log line at all.
        let level = try await CLI.swiftdbt(["run", "--log-level", "error"], in: p)
        #expect(!level.stdout.contains("OK created") && level.stdout.contains("ERROR creating"))
        let none = try await CLI.swiftdbt(["run", "--log-level", "none"], in: p)
        #expect(none.status == 1 && none.stdout.isEmpty)
    }

    @Test func debugPrintsTheStatementsSent() async throws {
        let p = try Self.project()
        let r = try await CLI.swiftdbt(["run", "--debug", "-s", "m1"], in: p)
        #expect(r.status == 0)
        #expect(r.stdout.contains("On model.proj.m1: create or replace view \"test\".\"main\".\"m1\""), "\(r.stdout)")
        let plain = try await CLI.swiftdbt(["run", "-s", "m1"], in: p)
        #expect(!plain.stdout.contains("On model.proj.m1:"))
    }

    @Test func warnErrorTurnsWarningsIntoErrors() async throws {
        let p = try Self.project()
        // A selection that matches nothing is a warning ...
        let warn = try await CLI.swiftdbt(["ls", "-s", "m1", "nosuch"], in: p)
        #expect(warn.status == 0)
        #expect(warn.stderr.contains("warning: the selection criterion 'nosuch' does not match any enabled nodes"))
        // ... and an error with --warn-error or --warn-error-options naming it (or "all").
        let error = try await CLI.swiftdbt(["ls", "-s", "m1", "nosuch", "--warn-error"], in: p)
        #expect(error.status == 1)
        #expect(error.stderr.contains("error: the selection criterion 'nosuch'"))
        #expect(error.stderr.contains("treated as an error because of --warn-error"))
        let all = try await CLI.swiftdbt(["ls", "-s", "m1", "nosuch", "--warn-error-options", #"{"error": "all"}"#], in: p)
        #expect(all.status == 1)
        let kept = try await CLI.swiftdbt(["ls", "-s", "m1", "nosuch", "--warn-error-options", #"{"error": ["all"], "warn": ["Note"]}"#], in: p)
        #expect(kept.status == 0)
        let silenced = try await CLI.swiftdbt(["ls", "-s", "m1", "nosuch", "--warn-error-options", #"{"silence": ["Note"]}"#], in: p)
        #expect(silenced.status == 0 && silenced.stderr.isEmpty, "\(silenced.stderr)")
        // An event name swiftdbt never emits is refused, not silently matched against nothing.
        let unknown = try await CLI.swiftdbt(["ls", "--warn-error-options", #"{"error": ["NoNodesForSelectionCriteria"]}"#], in: p)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("'NoNodesForSelectionCriteria' is no warning event swiftdbt emits"))
    }

    /// dbt's test task: with --warn-error (or LogTestResult in the options) a warning test fails.
    @Test func warnErrorFailsWarningTests() async throws {
        let p = try Self.project([
            "models/n.sql": "select null as a",
            "models/n.yml": """
            models:
              - name: n
                columns:
                  - name: a
                    data_tests:
                      - not_null:
                          config:
                            severity: warn

            """,
        ])
        let warn = try await CLI.swiftdbt(["build", "-s", "n"], in: p)
        #expect(warn.status == 0 && warn.stdout.contains("WARN=1"), "\(warn.stdout)")
        let error = try await CLI.swiftdbt(["build", "-s", "n", "--warn-error"], in: p)
        #expect(error.status == 1)
        #expect(error.stdout.contains("FAIL 1 not_null_n_a") && error.stdout.contains("WARN=0 ERROR=1"), "\(error.stdout)")
        let named = try await CLI.swiftdbt(["test", "-s", "n", "--warn-error-options", #"{"error": ["LogTestResult"]}"#], in: p)
        #expect(named.status == 1)
        let kept = try await CLI.swiftdbt(["test", "-s", "n", "--warn-error-options", #"{"error": "all", "warn": ["LogTestResult"]}"#], in: p)
        #expect(kept.status == 0)
    }

    @Test func emptyBuildsFromZeroRowRefs() async throws {
        let p = try Self.project()
        let r = try await CLI.swiftdbt(["run", "--empty"], in: p)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(try await p.query("select count(*) as n from main.m2") == ["n", "0"])
        #expect(
            try p.read("target/run/proj/models/m2.sql")
                .contains(#"select * from (select * from "test"."main"."m1" where false limit 0) _dbt_limit_subq_m1"#))
        // Without --empty the same model reads its rows.
        _ = try await CLI.swiftdbt(["run"], in: p)
        #expect(try await p.query("select count(*) as n from main.m2") == ["n", "1"])
    }

    @Test func targetPathMovesArtifacts() async throws {
        let p = try Self.project()
        let r = try await CLI.swiftdbt(["compile", "--target-path", "elsewhere"], in: p)
        #expect(r.status == 0)
        #expect(p.exists("elsewhere/manifest.json"))
        #expect(p.exists("elsewhere/compiled/proj/models/m2.sql"))
        #expect(!p.exists("target/manifest.json"))
        let env = try await CLI.swiftdbt(["compile"], in: p, env: ["DBT_TARGET_PATH": "from_env"])
        #expect(env.status == 0 && p.exists("from_env/manifest.json"))
    }

    @Test func selectorsFromSelectorsYml() async throws {
        let p = try Self.project([
            "selectors.yml": """
            selectors:
              - name: models_and_seed
                definition:
                  union:
                    - method: fqn
                      value: m1
                      children: true
                    - 's'
                    - exclude:
                        - m2
              - name: not_m1
                default: true
                definition:
                  exclude: ['m1']
              - name: alias
                definition:
                  selector: models_and_seed

            """
        ])
        let named = try await CLI.swiftdbt(["ls", "--selector", "models_and_seed", "--resource-type", "model", "seed"], in: p)
        #expect(named.stdout == "proj.m1\nproj.s\n", "\(named.stdout)\(named.stderr)")
        let alias = try await CLI.swiftdbt(["ls", "--selector", "alias", "--resource-type", "model", "seed"], in: p)
        #expect(alias.stdout == named.stdout)
        // default: true applies when nothing is selected; excluding m1 takes its test too.
        let byDefault = try await CLI.swiftdbt(["ls"], in: p)
        #expect(byDefault.stdout == "proj.m2\nproj.s\n", "\(byDefault.stdout)")
        let typo = try await CLI.swiftdbt(["ls", "--selector", "models_and_sed"], in: p)
        #expect(typo.status == 1 && typo.stderr.contains("did you mean 'models_and_seed'?"))
        let both = try await CLI.swiftdbt(["ls", "--selector", "alias", "-s", "m1"], in: p)
        #expect(both.status != 0 && both.stderr.contains("--selector cannot be combined"))
        try p.write("selectors.yml", "selectors:\n  - name: x\n    definition:\n      method: tag\n      value: a\n      childern: true\n")
        let badKey = try await CLI.swiftdbt(["ls", "--selector", "x"], in: p)
        #expect(badKey.status == 1 && badKey.stderr.contains("selectors.yml:6:7: error: unknown key 'childern'"), "\(badKey.stderr)")
    }

    @Test func lsOutputKeys() async throws {
        let p = try Self.project()
        let r = try await CLI.swiftdbt(
            [
                "ls", "--output", "json", "--output-keys", "name", "resource_type", "-s", "m1", "s",
                "--indirect-selection", "empty",
            ], in: p)
        #expect(r.stdout == "{\"name\":\"m1\",\"resource_type\":\"model\"}\n{\"name\":\"s\",\"resource_type\":\"seed\"}\n", "\(r.stdout)")
        let unknown = try await CLI.swiftdbt(["ls", "--output", "json", "--output-keys", "nmae"], in: p)
        #expect(unknown.status == 1 && unknown.stderr.contains("did you mean 'name'?"))
    }

    @Test func compilePrintsTheSQLOfOneNodeOrInline() async throws {
        let p = try Self.project()
        let one = try await CLI.swiftdbt(["compile", "-s", "m2"], in: p)
        #expect(one.status == 0)
        #expect(one.stdout.hasSuffix("Compiled node 'm2' is:\nselect * from \"test\".\"main\".\"m1\"\n"), "\(one.stdout)")
        let quiet = try await CLI.swiftdbt(["compile", "-q", "--inline", "select a from << ref('m1') >>"], in: p)
        #expect(quiet.stdout == "select a from \"test\".\"main\".\"m1\"\n", "\(quiet.stdout)")
        let inline = try await CLI.swiftdbt(["compile", "--inline", "select 1"], in: p)
        #expect(inline.stdout == "Compiled inline node is:\nselect 1\n")
    }

    @Test func failFastCountsNeverStartedNodesAsSkipped() async throws {
        // a_bad → a_child is as long a path as m1 → m2, so on one thread a_bad starts first (critical
        // path, ties by unique_id) and fails; a_child is skipped as its descendant, m1 and m2 never start.
        let p = try Self.project([
            "models/a_bad.sql": "select * from missing_table", "models/a_child.sql": "select * from << ref('a_bad') >>",
        ])
        let r = try await CLI.swiftdbt(["run", "--threads", "1", "--fail-fast", "-s", "a_bad", "a_child", "m1", "m2"], in: p)
        #expect(r.status == 1)
        #expect(r.stdout.contains("Done. PASS=0 WARN=0 ERROR=1 SKIP=3 NO-OP=0 TOTAL=4"), "\(r.stdout)")
        let results = try JSONSerialization.jsonObject(with: Data(p.read("target/run_results.json").utf8)) as? [String: Any]
        let entries = try #require(results?["results"] as? [[String: Any]])
        #expect(entries.filter { $0["status"] as? String == "skipped" }.count == 3)
    }

    @Test func showJSONKeepsColumnOrder() async throws {
        let p = try Self.project()
        let r = try await CLI.swiftdbt(["show", "--inline", "select 2 as b, 'x' as a, 3 as c", "--output", "json"], in: p)
        #expect(r.stdout == "{\n  \"show\": [\n    {\n      \"b\": 2,\n      \"a\": \"x\",\n      \"c\": 3\n    }\n  ]\n}\n", "\(r.stdout)")
    }

    @Test func eachCommandOffersDbtsOptionsAndExamples() async throws {
        let p = try Self.project()
        let seed = try await CLI.swiftdbt(["seed", "--help"], in: p)
        #expect(seed.status == 0)
        #expect(seed.stdout.contains("Examples:"))
        #expect(!seed.stdout.contains("--indirect-selection") && !seed.stdout.contains("--empty"))
        let test = try await CLI.swiftdbt(["test", "--help"], in: p)
        #expect(test.stdout.contains("--indirect-selection") && !test.stdout.contains("--full-refresh"))
        let build = try await CLI.swiftdbt(["build", "--help"], in: p)
        #expect(build.stdout.contains("--indirect-selection") && build.stdout.contains("--empty") && build.stdout.contains("--full-refresh"))
        let refused = try await CLI.swiftdbt(["seed", "--indirect-selection", "cautious"], in: p)
        #expect(refused.status != 0 && refused.stderr.contains("Unknown option '--indirect-selection'"))
        for command in ["compile", "run", "seed", "build", "test", "show", "ls", "debug", "clean", "docs", "streaming"] {
            let help = try await CLI.swiftdbt([command, "--help"], in: p)
            let examples = help.stdout.components(separatedBy: "\n  swiftdbt ").count - 1
            #expect(examples >= 2, "\(command) --help has \(examples) examples")
        }
    }

    @Test func dbtFlagsSwiftdbtLacksAreRefusedWithAHint() async throws {
        let p = try Self.project()
        let r = try await CLI.swiftdbt(["run", "-s", "m1", "--log-path", "logs"], in: p)
        #expect(r.status == 64)
        #expect(r.stderr.contains("command line:1:11: error: swiftdbt does not support dbt's --log-path"), "\(r.stderr)")
        #expect(r.stderr.contains("hint: swiftdbt writes no log file"))
        #expect(!p.exists("target/run_results.json"), "nothing ran")
    }

    @Test func completesNodeNamesTargetsAndLogFormats() async throws {
        let p = try Self.project()
        try p.write(
            "profiles.yml",
            """
            proj:
              target: local
              outputs:
                local: {type: duckdb, path: target/test.duckdb, schema: main}
                prod: {type: duckdb, path: target/prod.duckdb, schema: main}

            """)
        let nodes = try await CLI.swiftdbt(["---completion", "run", "--", "--select", "1", "1", "--select", "m"], in: p)
        #expect(nodes.stdout.split(separator: "\n") == ["m1", "m2"], "\(nodes.stdout)\(nodes.stderr)")
        let targets = try await CLI.swiftdbt(["---completion", "run", "--", "--target", "1", "0", "--target", ""], in: p)
        #expect(targets.stdout.split(separator: "\n") == ["local", "prod"], "\(targets.stdout)\(targets.stderr)")
        let script = try await CLI.swiftdbt(["--generate-completion-script", "bash"], in: p)
        #expect(script.stdout.contains("'--log-format')\n        __swiftdbt_add_completions -W 'text'$'\\n''json'"), "log-format values")
    }
}
