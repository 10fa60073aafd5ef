import Foundation
import Testing

/// `run` made from the last full compile's outputs instead of a load of the project
/// (Execution+LastCompile.swift): it must do exactly what the full path does (the same statements,
/// console, run_results.json and relations, database errors placed in the template the same way),
/// leave the compile's outputs as they were, and step aside for anything it cannot make exactly.
/// Each comparison runs the full path on a twin project that was never compiled (no saved graph, so
/// no choice), on the example profile's `threads: 4`.
@Suite(.serialized) struct RunFromLastCompileTests {
    static let said = "from the outputs of the last compile"

    /// The example profile's database.
    static func rtsaDatabase(_ p: TempProject) -> String { p.root + "/target/rtsa.duckdb" }

    /// Console lines without what differs between any two runs: times of day, durations, and the
    /// numbers nodes get in the order threads start them.
    static func steady(_ out: String) -> [String] {
        out.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var s = String(line)
            if s.range(of: #"^\d\d:\d\d:\d\d  "#, options: .regularExpression) != nil { s = String(s.dropFirst(10)) }
            s = s.replacingOccurrences(of: #"^\d+ of \d+ "#, with: "N of M ", options: .regularExpression)
            for pattern in [
                #"in \d+\.\d\ds\]"#, #"in 0 hours 0 minutes and \d+\.\d\d seconds \(\d+\.\d\ds\)"#, #"at \d{4}-\d\d-\d\dT[0-9:.]+Z after \d+\.\d\d seconds"#,
            ] {
                s = s.replacingOccurrences(of: pattern, with: "in …", options: .regularExpression)
            }
            return s
        }
    }

    /// run_results.json's results by node, without timings and thread names.
    static func results(_ p: TempProject) throws -> [String: [String: String]] {
        let data = try #require(try p.read("target/run_results.json").data(using: .utf8))
        let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let results = try #require(doc["results"] as? [[String: Any]])
        var out: [String: [String: String]] = [:]
        for r in results {
            let id = try #require(r["unique_id"] as? String)
            var kept: [String: String] = [:]
            for key in ["status", "message", "compiled_code", "relation_name", "failures", "compiled"] { kept[key] = "\(r[key] ?? "nil")" }
            out[id] = kept
        }
        return out
    }

    /// RTSA built in full, compiled, then `run -s tag:gold`: the four gold tables are made from the
    /// compile's outputs, with the same console, results and rows as a twin that loads the project.
    /// manifest.json and the compile's record stay as they were, so the next compile still hits.
    @Test func rtsaGoldRunsFromTheLastCompileExactlyAsAFullRun() async throws {
        let warm = try await RTSACopy.make()
        let cold = try await RTSACopy.make()
        for p in [warm, cold] {
            let built = try await CLI.swiftdbt(["build", "--no-color"], in: p)
            #expect(built.status == 0, "\(built.stdout)\n\(built.stderr)")
        }
        let compiled = try await CLI.swiftdbt(["compile", "--no-color"], in: warm)
        #expect(compiled.status == 0, "\(compiled.stderr)")
        let manifest = try #require(CompileSelectCommandTests.identity(warm, "target/manifest.json"))
        let record = try #require(CompileSelectCommandTests.identity(warm, "target/swiftdbt-compile-cache.txt"))
        // One gold table dropped in both, so the run must really build it.
        for p in [warm, cold] {
            let dropped = try await CLI.run(CLI.duckdb, [Self.rtsaDatabase(p), "-c", "drop table rtsa_bronze_rtsa_gold.gold_grouped_returns"], cwd: "/")
            #expect(dropped.status == 0, "\(dropped.stderr)")
        }

        let fast = try await CLI.swiftdbt(["run", "--no-color", "-s", "tag:gold"], in: warm)
        let full = try await CLI.swiftdbt(["run", "--no-color", "-s", "tag:gold"], in: cold)
        #expect(fast.status == 0 && full.status == 0, "\(fast.stdout)\n\(full.stdout)")
        // On 4 threads the lines of nodes running side by side interleave in either order.
        #expect(Self.steady(fast.stdout).sorted() == Self.steady(full.stdout).sorted())
        #expect(Self.steady(fast.stdout).prefix(6) == Self.steady(full.stdout).prefix(6))
        #expect(Self.steady(fast.stdout).suffix(7) == Self.steady(full.stdout).suffix(7))
        #expect(fast.stderr == full.stderr)
        #expect(try Self.results(warm) == Self.results(cold))
        #expect(try Self.results(warm).count == 4)
        for table in ["gold_latest_price_v2", "gold_latest_price_v2_grouped", "gold_grouped_avg_daily", "gold_grouped_returns"] {
            let sql = "select * from rtsa_bronze_rtsa_gold.\(table) order by all"
            #expect(try await CLI.query(Self.rtsaDatabase(warm), sql) == CLI.query(Self.rtsaDatabase(cold), sql), "\(table)")
        }
        let built = "select count(*) > 0 as built from rtsa_bronze_rtsa_gold.gold_grouped_returns"
        #expect(try await CLI.query(Self.rtsaDatabase(warm), built) == ["built", "true"])
        #expect(CompileSelectCommandTests.identity(warm, "target/manifest.json") == manifest)
        #expect(CompileSelectCommandTests.identity(warm, "target/swiftdbt-compile-cache.txt") == record)
        let again = try await CLI.swiftdbt(["compile", "--no-color"], in: warm)
        #expect(again.stdout == compiled.stdout && CompileSelectCommandTests.identity(warm, "target/manifest.json") == manifest)

        // It was this path that ran: --debug says so, and the full path never does.
        let debug = try await CLI.swiftdbt(["run", "--no-color", "--debug", "-s", "tag:gold"], in: warm)
        #expect(debug.status == 0 && debug.stdout.contains("Running 4 models " + Self.said), "\(debug.stdout)")
        let fullDebug = try await CLI.swiftdbt(["run", "--no-color", "--debug", "-s", "tag:gold"], in: cold)
        #expect(fullDebug.status == 0 && !fullDebug.stdout.contains(Self.said))
    }

    /// A model edited since the compile is patched in first (CompilePatch.swift), so that editing a
    /// model and running it never loads the project, and the table has the edit; and a `seed` (which
    /// rewrites manifest.json and the source maps' file, which this path does not read) does not
    /// stop a run from the last compile.
    @Test func anEditOrASeedSinceTheCompileStillRunsFromIt() async throws {
        let p = try await RTSACopy.make()
        #expect(try await CLI.swiftdbt(["build", "--no-color"], in: p).status == 0)
        #expect(try await CLI.swiftdbt(["compile", "--quiet"], in: p).status == 0)
        let model = "models/gold/gold_latest_price_v2.sql"
        let text = try p.read(model)
        // The model's final select (its first is inside a CTE).
        let edited = text.replacingOccurrences(
            of: "select\n    symbol_v,\n    group_id", with: "select\n    'edited' as edit_marker,\n    symbol_v,\n    group_id")
        #expect(edited != text)
        try p.write(model, edited)
        let run = try await CLI.swiftdbt(["run", "--no-color", "--debug", "-s", "gold_latest_price_v2"], in: p)
        #expect(run.status == 0 && run.stdout.contains("Running 1 model " + Self.said), "\(run.stdout)\n\(run.stderr)")
        let marker = "select distinct edit_marker from rtsa_bronze_rtsa_gold.gold_latest_price_v2"
        #expect(try await CLI.query(Self.rtsaDatabase(p), marker) == ["edit_marker", "edited"])
        #expect(try p.read("target/compiled/rtsa/" + model).contains("'edited' as edit_marker"))

        let seeded = try await CLI.swiftdbt(["seed", "--no-color"], in: p)
        #expect(seeded.status == 0, "\(seeded.stderr)")
        let afterSeed = try await CLI.swiftdbt(["run", "--no-color", "--debug", "-s", "gold_latest_price_v2"], in: p)
        #expect(afterSeed.status == 0 && afterSeed.stdout.contains("Running 1 model " + Self.said), "\(afterSeed.stdout)")
    }

    static let small: [String: String] = [
        "models/base.sql": "select 1 as id, 'a' as name",
        "models/wide.sql": "<< config(materialized='table') >>\nselect id, name, id * 2 as twice from << ref('base') >>\n",
        "models/broken.sql": "select id,\n       no_such_column\nfrom << ref('base') >>\n",
        "models/inc.sql": "<< config(materialized='incremental') >>\nselect id from << ref('base') >>\n",
    ]

    /// A failing model and one whose compiled code has no final newline: the database error is placed
    /// in the template with the same caret, and the results hold the same compiled code, as on the
    /// full path, on 4 threads with the healthy model built beside the broken one.
    @Test func errorsAndCompiledCodeAreTheFullPathsByteForByte() async throws {
        var files = Self.small
        files["profiles.yml"] = """
            proj:
              target: local
              outputs:
                local: {type: duckdb, path: target/test.duckdb, schema: main, threads: 4}

            """
        let warm = try TempProject(files: files)
        let cold = try TempProject(files: files)
        #expect(try await CLI.swiftdbt(["run", "-s", "base"], in: warm).status == 0)
        #expect(try await CLI.swiftdbt(["run", "-s", "base"], in: cold).status == 0)
        #expect(try await CLI.swiftdbt(["compile", "--quiet"], in: warm).status == 0)
        let args = ["run", "--no-color", "--debug", "-s", "base", "wide", "broken"]
        let fast = try await CLI.swiftdbt(args, in: warm)
        let full = try await CLI.swiftdbt(args, in: cold)
        #expect(fast.stdout.contains("Running 3 models " + Self.said), "\(fast.stdout)")
        #expect(fast.status == 1 && full.status == 1)
        #expect(fast.stdout.contains("models/broken.sql:2:8: error: database error"), "\(fast.stdout)")
        // The debug log's statements run in whichever order the threads take them; the rest is the same.
        let kept = { (out: String) in Self.steady(out).filter { !$0.hasPrefix("On model.") && !$0.contains(Self.said) }.sorted() }
        #expect(kept(fast.stdout) == kept(full.stdout))
        #expect(try Self.results(warm) == Self.results(cold))
        #expect(try Self.results(warm)["model.proj.base"]?["compiled_code"] == "select 1 as id, 'a' as name")
        #expect(try await warm.query("select twice from main.wide") == ["twice", "2"])
    }

    /// What it cannot make exactly goes the full way, printing nothing of this path: an incremental
    /// model (its SQL depends on whether its table exists), `--full-refresh`, `--empty`, project hooks.
    @Test func whatItCannotMakeExactlyTakesTheFullPath() async throws {
        var files = Self.small
        files["project.yml"] = "name: proj\nprofile: proj\n"
        let p = try TempProject(files: files)
        #expect(try await CLI.swiftdbt(["run", "-s", "base"], in: p).status == 0)
        #expect(try await CLI.swiftdbt(["compile", "--quiet"], in: p).status == 0)
        for args in [["-s", "inc"], ["-s", "wide", "--full-refresh"], ["-s", "wide", "--empty"]] {
            let r = try await CLI.swiftdbt(["run", "--no-color", "--debug"] + args, in: p)
            #expect(r.status == 0 && !r.stdout.contains(Self.said), "\(args): \(r.stdout)")
            #expect(try await CLI.swiftdbt(["compile", "--quiet"], in: p).status == 0)
        }
        // DBT_TARGET_PATH (another target folder) and a state folder in the environment: the full
        // path reads them, so it runs.
        for (name, value) in [("DBT_TARGET_PATH", "elsewhere"), ("DBT_STATE", "no_such_state")] {
            let r = try await CLI.swiftdbt(["run", "--no-color", "--debug", "-s", "wide"], in: p, env: [name: value])
            #expect(!r.stdout.contains(Self.said), "\(name): \(r.stdout)")
            #expect(try await CLI.swiftdbt(["compile", "--quiet"], in: p).status == 0)
        }
        #expect(p.exists("elsewhere/run_results.json"))
        let control = try await CLI.swiftdbt(["run", "--no-color", "--debug", "-s", "wide"], in: p)
        #expect(control.status == 0 && control.stdout.contains("Running 1 model " + Self.said), "\(control.stdout)")
        // An edited model that this path could not run anyway is not patched in first (the patch
        // rewrites the index; the full path does not).
        let index = try #require(CompileSelectCommandTests.identity(p, "target/swiftdbt-compile-index.txt"))
        try p.write("models/inc.sql", "<< config(materialized='incremental') >>\nselect id + 1 as id from << ref('base') >>\n")
        let edited = try await CLI.swiftdbt(["run", "--no-color", "--debug", "-s", "inc"], in: p)
        #expect(edited.status == 0 && !edited.stdout.contains(Self.said), "\(edited.stdout)")
        #expect(CompileSelectCommandTests.identity(p, "target/swiftdbt-compile-index.txt") == index)
        #expect(try await CLI.swiftdbt(["compile", "--quiet"], in: p).status == 0)

        try p.write("project.yml", "name: proj\nprofile: proj\non-run-start: [\"create table if not exists main.started as select 1 as x\"]\n")
        #expect(try await CLI.swiftdbt(["compile", "--quiet"], in: p).status == 0)
        let hooked = try await CLI.swiftdbt(["run", "--no-color", "--debug", "-s", "wide"], in: p)
        #expect(hooked.status == 0 && !hooked.stdout.contains(Self.said), "\(hooked.stdout)")
        #expect(try await p.query("select x from main.started") == ["x", "1"])
    }
}
