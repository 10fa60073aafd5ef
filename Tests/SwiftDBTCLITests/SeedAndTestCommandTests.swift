import Foundation
import Testing

/// `seed`, `test` and `build` on real DuckDB: seed edge cases, every data-test kind and config,
/// and build's rule that a failing test skips what is built on the tested model.
@Suite(.serialized) struct SeedAndTestCommandTests {
    @Test func seedsLoadWithInferredAndOverriddenTypes() async throws {
        let p = try TempProject(files: [
            "seeds/groups.csv":
                "\u{FEFF}symbol_v,group_id,listed,since,note\r\nAAPL,1,true,2020-01-02,\"plain\"\r\nLMT,2,false,2019-05-06,\"comma, \"\"quote\"\" and\nnewline\"\r\nNOC,,TRUE,,ünïcode\r\n",
            "seeds/_seeds.yml": """
            version: 2
            seeds:
              - name: groups
                config:
                  column_types: {group_id: varchar}
            """,
        ])
        let r = try await CLI.swiftdbt(["seed"], in: p)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("OK loaded seed file main.groups"))
        #expect(r.stdout.contains("[INSERT 3 in"))
        let types = try await p.query("select column_name, data_type from information_schema.columns where table_name = 'groups' order by ordinal_position")
        #expect(types == ["column_name,data_type", "symbol_v,VARCHAR", "group_id,VARCHAR", "listed,BOOLEAN", "since,DATE", "note,VARCHAR"])
        #expect(
            try await p.query(
                "select count(*) filter (where group_id is null) as nulls, count(*) filter (where note like '%\"quote\"%' and note like '%\n%') as tricky, max(note) filter (where symbol_v = 'NOC') = 'ünïcode' as u from main.groups"
            )
                == ["nulls,tricky,u", "1,1,true"])
    }

    @Test func malformedSeedNamesFileAndLineAndKeepsTheOldTable() async throws {
        let p = try TempProject(files: ["seeds/s.csv": "a,b\n1,2\n"])
        #expect(try await CLI.swiftdbt(["seed"], in: p).status == 0)
        try p.write("seeds/s.csv", "a,b\n1,2\n3,4,5\n")
        let r = try await CLI.swiftdbt(["seed"], in: p)
        #expect(r.status == 1)
        #expect(r.stdout.contains("seeds/s.csv:3:"), "\(r.stdout)")
        #expect(try await p.query("select a, b from main.s") == ["a,b", "1,2"])
    }

    @Test func dataTestsPassFailAndWarnByConfig() async throws {
        let p = try TempProject(files: [
            "models/orders.sql": """
            << config(materialized='table') >>
            select * from (values (1, 'open', 10), (2, 'shipped', 20), (3, 'lost', null), (3, 'open', 5)) as t(id, status, customer_id)
            """,
            "models/customers.sql": "<< config(materialized='table') >>\nselect 10 as id union all select 20",
            "models/_models.yml": """
            version: 2
            models:
              - name: orders
                columns:
                  - name: id
                    data_tests:
                      - unique
                      - not_null
                  - name: status
                    data_tests:
                      - accepted_values:
                          values: ['open', 'shipped']
                      - accepted_values:
                          name: status_known_warn
                          values: ['open', 'shipped']
                          config:
                            severity: warn
                  - name: customer_id
                    tests:
                      - relationships:
                          to: ref('customers')
                          field: id
                      - not_null:
                          config:
                            where: "status <> 'lost'"
                      - positive:
                          config:
                            error_if: ">5"
                            warn_if: ">0"
            """,
            "macros/positive.sql": "<< test positive(model, column_name) >>\nselect * from << model >> where << column_name >> <= 10\n<< endtest >>\n",
            "tests/assert_no_big_ids.sql": "select * from << ref('orders') >> where id > 2",
        ])
        let r = try await CLI.swiftdbt(["build"], in: p)
        #expect(r.status == 1)
        let out = r.stdout
        #expect(out.contains("FAIL 1 unique_orders_id"))
        #expect(out.contains("PASS not_null_orders_id"))
        #expect(out.contains("FAIL 1 accepted_values_orders_status__open__shipped"))
        #expect(out.contains("WARN 1 status_known_warn"))
        #expect(out.contains("FAIL 1 relationships_orders_customer_id__id__ref_customers_"), "\(out)")
        #expect(out.contains("PASS not_null_orders_customer_id"), "the where config drops the lost order")
        #expect(out.contains("WARN 2 positive_orders_customer_id"), "2 rows: warn_if >0 fires, error_if >5 does not")
        #expect(out.contains("FAIL 2 assert_no_big_ids"))
        #expect(out.contains("Got 1 result, configured to fail if != 0"))
        // A failing test's block shows the failing rows.
        #expect(out.contains("| unique_field | n_records |"))
        let results = try JSONSerialization.jsonObject(with: Data(p.read("target/run_results.json").utf8)) as? [String: Any]
        let entries = try #require(results?["results"] as? [[String: Any]])
        let unique = try #require(entries.first { ($0["unique_id"] as? String)?.hasPrefix("test.proj.unique_orders_id.") == true })
        #expect(unique["status"] as? String == "fail")
        #expect(unique["failures"] as? Int == 1)
    }

    @Test func failingErrorTestSkipsDescendantsInBuild() async throws {
        let p = try TempProject(files: [
            "models/a.sql": "<< config(materialized='table') >>\nselect null as id",
            "models/b.sql": "select * from << ref('a') >>",
            "models/other.sql": "select 1 as x",
            "models/_m.yml": "version: 2\nmodels:\n  - name: a\n    columns:\n      - name: id\n        data_tests: [not_null]\n",
        ])
        let r = try await CLI.swiftdbt(["build"], in: p)
        #expect(r.status == 1)
        #expect(r.stdout.contains("FAIL 1 not_null_a_id"))
        #expect(r.stdout.contains("SKIP relation main.b"))
        #expect(r.stdout.contains("OK created sql view model main.other"))
        // `test` alone runs only tests; severity warn makes the same failure a warning with exit 0.
        try p.write(
            "models/_m.yml",
            "version: 2\nmodels:\n  - name: a\n    columns:\n      - name: id\n        data_tests:\n          - not_null:\n              config: {severity: warn}\n"
        )
        let t = try await CLI.swiftdbt(["test", "--select", "a"], in: p)
        #expect(t.status == 0)
        #expect(t.stdout.contains("WARN 1 not_null_a_id"))
        #expect(t.stdout.contains("TOTAL=1"))
    }

    @Test func storeFailuresKeepsFailingRowsInATable() async throws {
        let p = try TempProject(files: [
            "models/m.sql": "<< config(materialized='table') >>\nselect 1 as id union all select 1 union all select 2",
            "models/_m.yml":
                "version: 2\nmodels:\n  - name: m\n    columns:\n      - name: id\n        data_tests:\n          - unique:\n              config: {store_failures: true}\n",
        ])
        #expect(try await CLI.swiftdbt(["build"], in: p).status == 1)
        #expect(try await p.query("select unique_field, n_records from main_test_failures.unique_m_id") == ["unique_field,n_records", "1,2"])
    }

    @Test func showPreviewsModelsAndInlineQueries() async throws {
        let p = try TempProject(files: ["models/m.sql": "select * from range(10) as t(n)"])
        let r = try await CLI.swiftdbt(["show", "--select", "m", "--limit", "3"], in: p)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Previewing m:\n| n |\n| - |\n| 0 |\n| 1 |\n| 2 |\n")
        #expect(try await CLI.swiftdbt(["run"], in: p).status == 0)
        let inline = try await CLI.swiftdbt(["show", "--inline", "select sum(n) as total from << ref('m') >>", "--output", "csv"], in: p)
        #expect(inline.stdout == "total\n45\n")
        let bad = try await CLI.swiftdbt(["show", "--inline", "select * from << ref('nope') >>"], in: p)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("--inline:1:22: error: no model or seed named 'nope'"), "\(bad.stderr)")
    }

    @Test func interruptStopsTheRunAndWritesResults() async throws {
        let p = try TempProject(files: [
            "models/slow.sql": "<< config(materialized='table') >>\nselect count(*) as n from range(100000000000) as a(x) where x % 7 = 3",
            "models/after.sql": "select * from << ref('slow') >>",
        ])
        let root = p.root
        let (status, output, elapsed) = try await CLI.offPool { try Self.pressCtrlCDuringSlowModel(root: root) }
        #expect(status == 130)
        #expect(elapsed < 10)
        #expect(output.contains("ERROR creating sql table model main.slow"))
        #expect(!output.contains("START sql view model main.after"))
        #expect(p.exists("target/run_results.json"))
    }

    /// Starts `swiftdbt run`, waits for the slow model to start, sends SIGINT (what Ctrl-C sends), and
    /// returns the exit status, the output and how long the exit took after the signal.
    static func pressCtrlCDuringSlowModel(root: String) throws -> (Int32, String, Double) {
        let proc = Process()
        proc.executableURL = URL(fileURLWithPath: CLI.binary)
        proc.arguments = ["run"]
        proc.currentDirectoryURL = URL(fileURLWithPath: root)
        var env = ProcessInfo.processInfo.environment
        env["SWIFTDBT_DUCKDB"] = CLI.duckdb
        proc.environment = env
        let out = Pipe()
        proc.standardOutput = out
        proc.standardError = Pipe()
        try proc.run()
        let deadline = Date().addingTimeInterval(30)
        var seen = ""
        while Date() < deadline, !seen.contains("START sql table model main.slow") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        Thread.sleep(forTimeInterval: 0.5)
        let sent = Date()
        kill(proc.processIdentifier, SIGINT)
        proc.waitUntilExit()
        let rest = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (proc.terminationStatus, seen + rest, Date().timeIntervalSince(sent))
    }
}

/// The remaining test configs (limit, fail_calc, enabled, tags) and selector methods for tests.
@Suite(.serialized) struct TestConfigTests {
    @Test func limitFailCalcEnabledAndTagsAreHonoured() async throws {
        let p = try TempProject(files: [
            "models/m.sql": "<< config(materialized='table') >>\nselect * from (values (1, 5), (1, 7), (2, 1), (3, 2)) as t(id, amount)",
            "models/_m.yml": """
            version: 2
            models:
              - name: m
                columns:
                  - name: id
                    data_tests:
                      - not_null:
                          config: {enabled: false}
                      - accepted_values:
                          values: [9]
                          quote: false
                          config: {limit: 2, tags: [nightly]}
                  - name: amount
                    data_tests:
                      - accepted_values:
                          name: amount_total
                          values: [0]
                          quote: false
                          config: {fail_calc: "sum(n_records)", error_if: ">3", warn_if: ">100"}
            """,
        ])
        let r = try await CLI.swiftdbt(["build"], in: p)
        #expect(r.status == 1)
        #expect(!r.stdout.contains("not_null_m_id"), "a disabled test does not run")
        // Three distinct ids fail, but `limit: 2` counts at most two rows.
        #expect(r.stdout.contains("FAIL 2 accepted_values_m_id__False__9"), "\(r.stdout)")
        // fail_calc sums the four rows behind the failing values: 4 > 3 fails.
        #expect(r.stdout.contains("FAIL 4 amount_total"))
        let tagged = try await CLI.swiftdbt(["ls", "--select", "tag:nightly", "--output", "name"], in: p)
        #expect(tagged.stdout == "accepted_values_m_id__False__9\n")
        let singular = try await CLI.swiftdbt(["ls", "--select", "test_type:generic", "--output", "name"], in: p)
        #expect(singular.stdout.split(separator: "\n").count == 2)
    }

    @Test func compileIsByteStableAcrossRuns() async throws {
        let p = try TempProject(files: [
            "models/a.sql": "select 1 as x",
            "models/b.sql": "select * from << ref('a') >>",
            "models/_m.yml": "version: 2\nmodels:\n  - name: b\n    columns:\n      - name: x\n        data_tests: [not_null]\n",
        ])
        #expect(try await CLI.swiftdbt(["compile"], in: p).status == 0)
        let first = try p.read("target/manifest.json")
        #expect(try await CLI.swiftdbt(["compile"], in: p).status == 0)
        #expect(try p.read("target/manifest.json") == first)
        #expect(first.contains("\"dbt_schema_version\": \"https://schemas.getdbt.com/dbt/manifest/v12.json\""))
    }
}
