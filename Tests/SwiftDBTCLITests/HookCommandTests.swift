import Foundation
import Testing

/// Run-time queries, hooks and run-operation on real DuckDB (docs/hooks.md, docs/template-language.md):
/// `run_query`/`statement`/`load_result` answer from the database while a connected command renders,
/// `execute` is false while parsing, hooks run in dbt's order, and a failing hook fails its node
/// without losing the old relation.
@Suite(.serialized) struct HookCommandTests {
    static let queryModel = """
        << config(materialized='table') >>
        << if execute >>
        << set r = run_query("select max(n) as top, 'x' as label from main.src") >>
        << call statement('seven', fetch_result=true) >>select 7 as seven<< endcall >>
        << do statement('eight', fetch_result=true, sql='select 8 as eight') >>
        << endif >>
        select << r.rows[0][0] if execute else -1 >> as top,
               '<< r.column_names | join("|") if execute else "" >>' as cols,
               << load_result('seven').table.rows[0][0] if execute else -1 >> as seven,
               << r.columns[0].values() | length if execute else -1 >> as n_values,
               << load_result('eight').table.rows[0][0] if execute else -1 >> as eight
        """

    @Test func runQueryAndStatementReadTheDatabaseWhileRendering() async throws {
        let p = try TempProject(files: [
            "models/src.sql": "<< config(materialized='table') >>\nselect * from (values (3), (41)) as t(n)",
            "models/m.sql": Self.queryModel,
        ])
        // src must exist before m renders: the first run builds it, the second reads it.
        #expect(try await CLI.swiftdbt(["run", "-s", "src"], in: p).status == 0)
        let ls = try await CLI.swiftdbt(["ls"], in: p)
        #expect(ls.status == 0, "ls parses with execute false and never queries: \(ls.stdout)\(ls.stderr)")
        let r = try await CLI.swiftdbt(["run", "-s", "m"], in: p)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        // The call-block and sql= forms of statement both kept their rows for load_result.
        #expect(try await p.query("select top, cols, seven, n_values, eight from main.m") == ["top,cols,seven,n_values,eight", "41,top|label,7,1,8"])
        // compile opens the target at the first query and prints the SQL with its answers.
        let c = try await CLI.swiftdbt(["compile", "-s", "m"], in: p)
        #expect(c.status == 0, "\(c.stdout)\(c.stderr)")
        #expect(c.stdout.contains("select 41 as top"), "\(c.stdout)")
        let show = try await CLI.swiftdbt(["show", "-s", "m"], in: p)
        #expect(show.status == 0 && show.stdout.contains("41"), "\(show.stdout)\(show.stderr)")
        // Without a duckdb CLI: ls never connects (execute is false); compile reports the target and the call.
        let noTarget = ["SWIFTDBT_DUCKDB": "/nonexistent/duckdb"]
        #expect(try await CLI.swiftdbt(["ls"], in: p, env: noTarget).status == 0)
        let broken = try await CLI.swiftdbt(["compile", "-s", "m"], in: p, env: noTarget)
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("cannot open the DuckDB target 'local'"), "\(broken.stderr)")
        #expect(broken.stderr.contains("models/m.sql:3:12: error: the query failed on the target: the target could not be opened"), "\(broken.stderr)")
    }

    @Test func hooksRunInDbtOrderAndAreReported() async throws {
        let p = try TempProject(files: [
            "project.yml": """
            name: proj
            profile: proj
            on-run-start:
              - "create table if not exists main.audit (what varchar, n integer)"
              - "insert into main.audit values ('start', 0)"
            on-run-end: "insert into main.audit select 'end:<< schemas | join(',') >>:<< results | map(attribute='status') | join(',') >>', << results | length >>"
            models:
              proj:
                +pre-hook: "insert into main.audit values ('project-pre', 1)"
            seeds:
              proj:
                +post-hook: "insert into main.audit values ('seed-post << this.identifier >>', 3)"
            """,
            "seeds/s.csv": "a\n1\n2\n",
            "models/_m.yml": """
            version: 2
            models:
              - name: m
                config:
                  pre-hook: "insert into main.audit values ('property-pre', 1)"
            """,
            "models/m.sql": """
            << config(materialized='table', pre_hook="insert into main.audit values ('model-pre', 2)",
                      post_hook=["insert into main.audit select 'model-post', count(*) from << this >>"]) >>
            select * from << ref('s') >>
            """,
        ])
        let r = try await CLI.swiftdbt(["build", "--threads", "1"], in: p)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        // dbt's order: project.yml's hooks, then the model's own (property YAML, then config()).
        #expect(
            try await p.query("select what, n from main.audit order by rowid") == [
                "what,n", "start,0", "seed-post s,3", "project-pre,1", "property-pre,1", "model-pre,2", "model-post,2", #""end:main:success,success",2"#,
            ])
        for line in [
            "Running 2 on-run-start hooks", "1 of 2 START hook: proj.on-run-start.0", "2 of 2 OK hook: proj.on-run-start.1",
            "Running 1 on-run-end hook", "1 of 1 OK hook: proj.on-run-end.0", "Finished running 3 hooks, 1 seed, 1 table model",
        ] {
            #expect(r.stdout.contains(line), "missing '\(line)' in:\n\(r.stdout)")
        }
        let results = try p.read("target/run_results.json")
        for id in ["operation.proj.proj-on-run-start-0", "operation.proj.proj-on-run-start-1", "operation.proj.proj-on-run-end-0"] {
            #expect(results.contains("\"\(id)\""), "\(id) not in run_results.json")
        }
        try await ArtifactSchemaTests.expectValid(p, require: ["manifest", "run_results"], "a run with hooks")
    }

    @Test func aFailingPreHookKeepsTheOldTableAndAFailingPostHookFailsTheNode() async throws {
        let p = try TempProject(files: ["models/m.sql": "<< config(materialized='table') >>\nselect 1 as v"])
        #expect(try await CLI.swiftdbt(["run"], in: p).status == 0)
        try p.write("models/m.sql", "<< config(materialized='table', pre_hook='select * from main.missing') >>\nselect 2 as v")
        let pre = try await CLI.swiftdbt(["run"], in: p)
        #expect(pre.status == 1)
        #expect(pre.stdout.contains("main.missing") || pre.stdout.contains("missing"), "\(pre.stdout)")
        #expect(try await p.query("select v from main.m") == ["v", "1"])
        try p.write("models/m.sql", "<< config(materialized='table', post_hook='select * from main.missing') >>\nselect 3 as v")
        let post = try await CLI.swiftdbt(["run"], in: p)
        #expect(post.status == 1)
        #expect(post.stdout.contains("ERROR creating sql table model main.m"), "\(post.stdout)")
    }

    @Test func aFailingOnRunStartSkipsEveryNodeAndOnRunEndStillRuns() async throws {
        let p = try TempProject(files: [
            "project.yml": """
            name: proj
            profile: proj
            on-run-start: "select * from main.missing"
            on-run-end: "create table main.ended as select '<< results | map(attribute='status') | join(',') >>' as s"
            """,
            "models/m.sql": "<< config(materialized='table') >>\nselect 1 as v",
        ])
        let r = try await CLI.swiftdbt(["run"], in: p)
        #expect(r.status == 1, "\(r.stdout)")
        #expect(r.stdout.contains("ERROR hook: proj.on-run-start.0"), "\(r.stdout)")
        #expect(try await p.query("select s from main.ended") == ["s", "skipped"])
        #expect(try await p.query("select count(*) as n from information_schema.tables where table_name = 'm'") == ["n", "0"])
        // The JSON log carries dbt's hook events (HooksRunning E046, LogHookStartLine Q032, LogHookEndLine Q033).
        let json = try await CLI.swiftdbt(["run", "--log-format", "json"], in: p)
        for name in ["HooksRunning", "LogHookStartLine", "LogHookEndLine"] {
            #expect(json.stdout.contains("\"name\":\"\(name)\""), "no \(name) event in:\n\(json.stdout)")
        }
    }

    @Test func runOperationCallsAMacroWithArgumentsAndExitsAsDbt() async throws {
        let p = try TempProject(files: [
            "macros/ops.sql": """
            << macro record(label, times=1) >>
            << do run_query('create table if not exists main.ops (label varchar)') >>
            << for i in range(times) >>
            << do statement('ins', sql="insert into main.ops values ('" ~ label ~ "')") >>
            << endfor >>
            << endmacro >>
            << macro broken() >>
            << do run_query('select * from main.missing') >>
            << endmacro >>
            """,
            "models/m.sql": "select 1 as v",
        ])
        let json = try await CLI.swiftdbt(["run-operation", "record", "--args", #"{"label": "a", "times": 2}"#], in: p)
        #expect(json.status == 0, "\(json.stdout)\(json.stderr)")
        let yaml = try await CLI.swiftdbt(["run-operation", "record", "--args", "{label: b}"], in: p)
        #expect(yaml.status == 0, "\(yaml.stdout)\(yaml.stderr)")
        #expect(try await p.query("select label, count(*) as n from main.ops group by label order by label") == ["label,n", "a,2", "b,1"])
        let failing = try await CLI.swiftdbt(["run-operation", "broken"], in: p)
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("Encountered an error while running operation"), "\(failing.stdout)")
        #expect(failing.stderr.contains("macros/ops.sql:8:7: error: the query failed on the target"), "\(failing.stdout)\(failing.stderr)")
        let unknown = try await CLI.swiftdbt(["run-operation", "recrod"], in: p)
        #expect(unknown.status == 1)
        #expect((unknown.stdout + unknown.stderr).contains("record"), "a did-you-mean names the macro: \(unknown.stdout)\(unknown.stderr)")
    }
}
