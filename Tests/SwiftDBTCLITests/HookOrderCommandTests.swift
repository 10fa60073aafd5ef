import Foundation
import Testing

/// When run-time queries run relative to project hooks (docs/hooks.md, "When"), on real DuckDB:
/// on-run-start runs before the selection is rendered, so a model's or hook's `run_query` sees what
/// it did, and a node whose template fails then is an error of its own while the rest of the run
/// goes on, as dbt compiles and fails each node on its own.
@Suite(.serialized) struct HookOrderCommandTests {
    static func statuses(_ p: TempProject) throws -> [String: String] {
        let data = Data(try p.read("target/run_results.json").utf8)
        let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let results = try #require(doc["results"] as? [[String: Any]])
        var out: [String: String] = [:]
        for r in results {
            if let id = r["unique_id"] as? String, let status = r["status"] as? String { out[id] = status }
        }
        return out
    }

    @Test func modelsAndTheirHooksQueryWhatOnRunStartCreated() async throws {
        let p = try TempProject(files: [
            "project.yml": """
            name: proj
            profile: proj
            on-run-start:
              - "create or replace table main.settings as select 5 as n"
              - "create or replace table main.log (n integer)"
            """,
            "models/m.sql": """
            << config(materialized='table',
                      pre_hook="insert into main.log values (<< run_query('select n from main.settings').rows[0][0] if execute else 0 >>)") >>
            << set r = run_query('select n * 2 as n from main.settings') if execute else none >>
            select << r.rows[0][0] if execute else 0 >> as n
            """,
        ])
        // Neither table exists before the run: only on-run-start creates them.
        let r = try await CLI.swiftdbt(["run"], in: p)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(try await p.query("select n from main.m") == ["n", "10"])
        #expect(try await p.query("select n from main.log") == ["n", "5"])
        // The start hooks still come first on the console, before the model's lines.
        let start = try #require(r.stdout.range(of: "OK hook: proj.on-run-start.1"), "\(r.stdout)")
        let model = try #require(r.stdout.range(of: "START sql table model main.m"), "\(r.stdout)")
        #expect(start.lowerBound < model.lowerBound)
        #expect(try p.read("target/compiled/proj/models/m.sql").contains("select 10 as n"))
    }

    @Test func aPostHookRendersAfterItsBuildAndSeesTheNewRelation() async throws {
        let p = try TempProject(files: [
            "project.yml": """
            name: proj
            profile: proj
            on-run-start: "create or replace table main.log (what varchar, n integer)"
            """,
            "models/m.sql": """
            << config(materialized='table',
                      post_hook="insert into main.log values ('m', << run_query('select count(*) from ' ~ this).rows[0][0] if execute else -1 >>)") >>
            select * from range(3) as t(i)
            """,
            "models/late.sql": """
            << config(materialized='table', post_hook="select << run_query('select nope from ' ~ this).rows[0][0] if execute else 0 >>") >>
            select 1 as v
            """,
        ])
        // m does not exist before the run: its post-hook's query can only be answered after the build.
        let r = try await CLI.swiftdbt(["run", "--threads", "1"], in: p)
        #expect(try await p.query("select what, n from main.log") == ["what,n", "m,3"])
        // A post-hook whose query fails fails its node after the build, at the hook's line; the table stays.
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("models/late.sql (post-hook 1):1:11: error: the query failed on the target"), "\(r.stdout)")
        #expect(try await p.query("select v from main.late") == ["v", "1"])
        let statuses = try Self.statuses(p)
        #expect(statuses["model.proj.m"] == "success", "\(statuses)")
        #expect(statuses["model.proj.late"] == "error", "\(statuses)")
    }

    @Test func aNodeThatFailsToRenderIsAnErrorAndTheRestOfTheRunGoesOn() async throws {
        let p = try TempProject(files: [
            "project.yml": """
            name: proj
            profile: proj
            on-run-start: "create or replace table main.started as select 1 as n"
            on-run-end: "create or replace table main.ended as select << results | length >> as n"
            """,
            "models/bad.sql": "select << run_query('select n from main.nope').rows[0][0] if execute else 0 >> as x\n",
            "models/child.sql": "select * from << ref('bad') >>\n",
            "models/good.sql": "<< config(materialized='table') >>\nselect 1 as v\n",
        ])
        let r = try await CLI.swiftdbt(["run", "--threads", "1"], in: p)
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("models/bad.sql:1:11: error: the query failed on the target"), "\(r.stderr)")
        // The failing node is an error, its child is skipped, the others run; on-run-end sees all three.
        #expect(try await p.query("select v from main.good") == ["v", "1"])
        #expect(try await p.query("select n from main.ended") == ["n", "3"])
        let statuses = try Self.statuses(p)
        #expect(statuses["model.proj.bad"] == "error", "\(statuses)")
        #expect(statuses["model.proj.child"] == "skipped", "\(statuses)")
        #expect(statuses["model.proj.good"] == "success", "\(statuses)")
        #expect(r.stdout.contains("Compilation Error in model bad (models/bad.sql)"), "\(r.stdout)")
        #expect(r.stdout.contains("Done. PASS=3 WARN=0 ERROR=1 SKIP=1 NO-OP=0 TOTAL=5"), "\(r.stdout)")
        // No compiled file is written for a node that has no SQL.
        #expect(!p.exists("target/compiled/proj/models/bad.sql"))
        #expect(p.exists("target/compiled/proj/models/good.sql"))
    }

    @Test func runOperationWritesItsResultToRunResultsAsDbtDoes() async throws {
        let p = try TempProject(files: [
            "macros/ops.sql": """
            << macro touch() >><< do run_query('create or replace table main.touched as select 1 as n') >><< endmacro >>
            << macro broken() >><< do run_query('select * from main.missing') >><< endmacro >>
            """,
            "models/m.sql": "select 1 as v",
        ])
        func only(_ key: String) throws -> [String: Any] {
            let data = Data(try p.read("target/run_results.json").utf8)
            let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let results = try #require(doc["results"] as? [[String: Any]])
            try #require(results.count == 1, "\(results)")
            #expect((doc["args"] as? [String: Any])?["which"] as? String == "run-operation")
            #expect((doc["args"] as? [String: Any])?["macro"] as? String == key)
            return results[0]
        }
        let ok = try await CLI.swiftdbt(["run-operation", "touch"], in: p)
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        let done = try only("touch")
        #expect(done["unique_id"] as? String == "macro.proj.touch")
        #expect(done["status"] as? String == "success")
        #expect(done["failures"] as? Int == 0)
        try await ArtifactSchemaTests.expectValid(p, require: ["run_results"], "run-operation")
        let failed = try await CLI.swiftdbt(["run-operation", "broken"], in: p)
        #expect(failed.status == 1)
        let error = try only("broken")
        #expect(error["unique_id"] as? String == "macro.proj.broken")
        #expect(error["status"] as? String == "error")
        #expect(error["failures"] as? Int == 1)
    }
}
