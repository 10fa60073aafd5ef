import Foundation
import Testing

/// `swiftdbt run` against the real duckdb CLI: every materialization, the safety of rebuilds, and the
/// skip/fail-fast paths. Console formats follow dbt-core 1.x (dbt-core's core/dbt/events/types.py).
@Suite(.serialized) struct RunCommandTests {
    @Test func buildsViewsTablesAndEphemeralCTEs() async throws {
        let p = try TempProject(files: [
            "models/base.sql": "select 1 as id, 'a' as name union all select 2, 'b'",
            "models/eph.sql": "<< config(materialized='ephemeral') >>\nselect id * 10 as id10, name from << ref('base') >>",
            "models/fct.sql": "<< config(materialized='table') >>\nwith x as (select * from << ref('eph') >>)\nselect * from x order by id10",
        ])
        let r = try await CLI.swiftdbt(["run"], in: p)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(try await p.query("select id10, name from main.fct order by id10") == ["id10,name", "10,a", "20,b"])
        #expect(
            try await p.query("select table_name, table_type from information_schema.tables order by 1") == [
                "table_name,table_type", "base,VIEW", "fct,BASE TABLE",
            ])
        // The ephemeral model is inlined as dbt names it and never built.
        let compiled = try p.read("target/compiled/proj/models/fct.sql")
        #expect(compiled.contains("with __dbt__cte__eph as ("))
        #expect(compiled.contains(", x as (select * from __dbt__cte__eph)"))
        // Console lines in dbt's shape.
        #expect(r.stdout.contains("START sql view model main.base"))
        #expect(r.stdout.contains("OK created sql table model main.fct"))
        #expect(r.stdout.contains("Done. PASS=2 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=2"))
        let line = try #require(r.stdout.split(separator: "\n").first { $0.contains("OK created sql view model main.base") })
        // HH:MM:SS, two spaces, "N of M", padded with dots to 80 columns, then the status.
        #expect(line.range(of: #"^\d\d:\d\d:\d\d  \d of 2 OK created sql view model main\.base \.+ \[OK in \d+\.\d\ds\]$"#, options: .regularExpression) != nil)
        let prefix = line.dropFirst(10).prefix { $0 != "[" }
        #expect(prefix.count == 81)
    }

    @Test func failingRebuildKeepsThePreviousTableAndItsRows() async throws {
        let p = try TempProject(files: [
            "models/t.sql": "<< config(materialized='table') >>\nselect 42 as answer",
            "models/v.sql": "select answer + 1 as next from << ref('t') >>",
        ])
        #expect(try await CLI.swiftdbt(["run"], in: p).status == 0)
        try p.write("models/t.sql", "<< config(materialized='table') >>\nselect answer from no_such_table")
        let r = try await CLI.swiftdbt(["run"], in: p)
        #expect(r.status == 1)
        #expect(r.stdout.contains("ERROR creating sql table model main.t"))
        #expect(r.stdout.contains("Catalog Error: Table with name no_such_table does not exist!"))
        #expect(r.stdout.contains("SKIP relation main.v"))
        #expect(r.stdout.contains("compiled code at target/compiled/proj/models/t.sql"))
        #expect(try await p.query("select answer from main.t") == ["answer", "42"])
        #expect(try await p.query("select count(*) as n from information_schema.tables where table_name like '%swiftdbt%'") == ["n", "0"])
        // A view whose new SQL fails keeps its old definition too.
        try p.write("models/t.sql", "<< config(materialized='table') >>\nselect 42 as answer")
        try p.write("models/v.sql", "select nope from << ref('t') >>")
        #expect(try await CLI.swiftdbt(["run"], in: p).status == 1)
        #expect(try await p.query("select next from main.v") == ["next", "43"])
    }

    @Test func switchingMaterializationReplacesTheRelation() async throws {
        let p = try TempProject(files: ["models/m.sql": "select 1 as x"])
        #expect(try await CLI.swiftdbt(["run"], in: p).status == 0)
        try p.write("models/m.sql", "<< config(materialized='table') >>\nselect 2 as x")
        #expect(try await CLI.swiftdbt(["run"], in: p).status == 0)
        #expect(try await p.query("select table_type from information_schema.tables where table_name = 'm'") == ["table_type", "BASE TABLE"])
        try p.write("models/m.sql", "select 3 as x")
        #expect(try await CLI.swiftdbt(["run"], in: p).status == 0)
        #expect(
            try await p.query("select table_type, (select x from main.m) as x from information_schema.tables where table_name = 'm'") == [
                "table_type,x", "VIEW,3",
            ])
    }

    @Test(arguments: ["delete+insert", "merge"])
    func incrementalMergesByUniqueKey(strategy: String) async throws {
        let model = """
            << config(materialized='incremental', unique_key='id', incremental_strategy='\(strategy)') >>
            select * from << ref('src') >>
            << if is_incremental() >>where updated > (select max(updated) from << this >>)<< endif >>
            """
        let p = try TempProject(files: [
            "models/src.sql": "<< config(materialized='table') >>\nselect 1 as id, 'a' as v, 1 as updated union all select 2, 'b', 1",
            "models/inc.sql": model,
        ])
        #expect(try await CLI.swiftdbt(["run"], in: p).status == 0)
        try p.write(
            "models/src.sql", "<< config(materialized='table') >>\nselect 1 as id, 'a' as v, 1 as updated union all select 2, 'B', 2 union all select 3, 'c', 2"
        )
        let r = try await CLI.swiftdbt(["run"], in: p)
        #expect(r.status == 0, "\(r.stdout)")
        #expect(try await p.query("select id, v, updated from main.inc order by id") == ["id,v,updated", "1,a,1", "2,B,2", "3,c,2"])
        let compiled = try p.read("target/compiled/proj/models/inc.sql")
        #expect(compiled.contains("where updated > (select max(updated) from \"test\".\"main\".\"inc\")"))
        // --full-refresh rebuilds from scratch: the filter is gone from the compiled SQL.
        #expect(try await CLI.swiftdbt(["run", "--full-refresh"], in: p).status == 0)
        #expect(try !p.read("target/compiled/proj/models/inc.sql").contains("where updated >"))
        #expect(try await p.query("select count(*) as n from main.inc") == ["n", "3"])
    }

    @Test func incrementalAppendAndSchemaChanges() async throws {
        let p = try TempProject(files: [
            "models/inc.sql": "<< config(materialized='incremental', on_schema_change='append_new_columns') >>\nselect 1 as id"
        ])
        #expect(try await CLI.swiftdbt(["run"], in: p).status == 0)
        try p.write("models/inc.sql", "<< config(materialized='incremental', on_schema_change='append_new_columns') >>\nselect 2 as id, 'x' as extra")
        #expect(try await CLI.swiftdbt(["run"], in: p).status == 0)
        #expect(try await p.query("select id, coalesce(extra, '<null>') as extra from main.inc order by id") == ["id,extra", "1,<null>", "2,x"])
        try p.write("models/inc.sql", "<< config(materialized='incremental', on_schema_change='fail') >>\nselect 3 as id, 'y' as extra, 0 as more")
        let r = try await CLI.swiftdbt(["run"], in: p)
        #expect(r.status == 1)
        #expect(r.stdout.contains("on_schema_change is 'fail'"))
        #expect(try await p.query("select count(*) as n from main.inc") == ["n", "2"])
    }

    @Test func failureSkipsOnlyDescendantsUnlessFailFast() async throws {
        let p = try TempProject(
            files: [
                "models/bad.sql": "select * from missing_table",
                "models/child.sql": "select * from << ref('bad') >>",
                "models/grandchild.sql": "select * from << ref('child') >>",
                "models/ok_a.sql": "select 1 as a",
                "models/ok_b.sql": "select * from << ref('ok_a') >>",
            ], name: "proj")
        let r = try await CLI.swiftdbt(["run", "--threads", "1"], in: p)
        #expect(r.status == 1)
        #expect(r.stdout.contains("SKIP relation main.child"))
        #expect(r.stdout.contains("SKIP relation main.grandchild"))
        #expect(r.stdout.contains("OK created sql view model main.ok_b"))
        #expect(r.stdout.contains("Done. PASS=2 WARN=0 ERROR=1 SKIP=2 NO-OP=0 TOTAL=5"))
        let results = try JSONSerialization.jsonObject(with: Data(p.read("target/run_results.json").utf8)) as? [String: Any]
        let entries = try #require(results?["results"] as? [[String: Any]])
        let statuses = Dictionary(uniqueKeysWithValues: entries.map { ($0["unique_id"] as? String ?? "", $0["status"] as? String ?? "") })
        #expect(
            statuses == [
                "model.proj.bad": "error", "model.proj.child": "skipped", "model.proj.grandchild": "skipped",
                "model.proj.ok_a": "success", "model.proj.ok_b": "success",
            ])
        let metadata = results?["metadata"] as? [String: Any]
        #expect(metadata?["dbt_schema_version"] as? String == "https://schemas.getdbt.com/dbt/run-results/v6.json")
        // target/run holds the exact statements executed.
        #expect(try p.read("target/run/proj/models/ok_a.sql").contains("create or replace view \"test\".\"main\".\"ok_a\" as ("))

        // With --fail-fast nothing new starts after the first failure.
        let p2 = try TempProject(files: [
            "models/a_bad.sql": "select * from missing_table",
            "models/z_later.sql": "select 1 as x",
        ])
        let ff = try await CLI.swiftdbt(["run", "--threads", "1", "--fail-fast"], in: p2)
        #expect(ff.status == 1)
        #expect(!ff.stdout.contains("OK created sql view model main.z_later"))
        let built = try await p2.query("select count(*) as n from information_schema.tables where table_name = 'z_later'")
        #expect(built == ["n", "0"])
    }

    @Test func jsonLogFormatPrintsOneEventPerLine() async throws {
        let p = try TempProject(files: ["models/m.sql": "select 1 as x"])
        let r = try await CLI.swiftdbt(["run", "--log-format", "json"], in: p)
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(!lines.isEmpty)
        var names: [String] = []
        for line in lines {
            let obj = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let info = try #require(obj["info"] as? [String: Any])
            names.append(info["name"] as? String ?? "")
            #expect(info["invocation_id"] as? String != nil)
        }
        #expect(names.contains("LogStartLine"))
        #expect(names.contains("LogModelResult"))
        // As in dbt, the stats line is the last printed event and CommandCompleted (debug) ends the log.
        #expect(names.suffix(2) == ["StatsLine", "CommandCompleted"])
    }

    @Test func selectorsLimitWhatRuns() async throws {
        let p = try TempProject(files: [
            "models/a.sql": "select 1 as x",
            "models/gold/b.sql": "select * from << ref('a') >>",
            "models/gold/c.sql": "select * from << ref('b') >>",
        ])
        let r = try await CLI.swiftdbt(["run", "--select", "gold", "--exclude", "c"], in: p)
        #expect(r.status == 1, "b needs a, which was not built")
        let ok = try await CLI.swiftdbt(["run", "--select", "+b"], in: p)
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("TOTAL=2"))
        #expect(try await p.query("select count(*) as n from information_schema.tables where table_name = 'c'") == ["n", "0"])
    }
}

/// `swiftdbt run | head -c 10`: the reader goes away while swiftdbt still writes its progress lines.
/// Foundation's FileHandle.write trapped on the EPIPE and printed a crash report (signal 4, status
/// 132); now the process stops quietly with the status of a SIGPIPE death (141), as Unix tools do.
@Suite(.serialized) struct BrokenPipeTests {
    @Test func aReaderThatGoesAwayIsNotACrash() async throws {
        var files: [String: String] = [:]
        for i in 0..<60 { files["models/m\(i).sql"] = "select \(i) as id" }
        let p = try TempProject(files: files)
        // `head` exits after the first line; every line after it meets a closed pipe.
        let script = "cd \"$1\" && \"$0\" run | head -c 10 > /dev/null; echo \"status=${PIPESTATUS[0]}\""
        let r = try await CLI.run("/bin/bash", ["-c", script, CLI.binary, p.root], cwd: p.root)
        #expect(!r.stderr.contains("Fatal error"), "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").last == "status=141", "\(r.stdout)\n\(r.stderr)")
    }
}
