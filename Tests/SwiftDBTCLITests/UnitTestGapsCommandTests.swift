import Foundation
import Testing

/// The unit-test gaps left after issue 16 item 3, through the real binary on DuckDB: dbt's
/// `unit_test:` selector method, unit tests on versioned models, `unit_tests:` configs in
/// project.yml, and `compile` writing a unit test's query.
@Suite("unit test gaps on DuckDB", .serialized)
struct UnitTestGapsCommandTests {
    /// dbt 1.8's `unit_test:name` picks unit tests by their own name; `+` walks to the model's parents.
    @Test func unitTestMethodSelectsUnitTestsByName() async throws {
        let p = try UnitTestCommandTests.project()
        try p.write(
            "models/unit.yml",
            UnitTestCommandTests.unitTests + """

                  - name: reports_everything
                    model: report
                    given:
                      - input: ref('order_totals')
                        rows: [{status: paid, n: 1, total: 2}]
                    expect:
                      rows: [{status: paid, n: 1}]

                """)
        let ls = try await CLI.swiftdbt(["ls", "-s", "unit_test:counts_*", "--output", "name"], in: p)
        #expect(ls.status == 0 && ls.stdout == "counts_by_status\n", "\(ls.stdout)\(ls.stderr)")
        let both = try await CLI.swiftdbt(["ls", "-s", "unit_test:proj.*", "--output", "name"], in: p)
        #expect(both.stdout == "counts_by_status\nreports_everything\n", "\(both.stdout)\(both.stderr)")
        let build = try await CLI.swiftdbt(["build", "-s", "+unit_test:counts_by_status"], in: p)
        #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
        #expect(build.stdout.contains("PASS counts_by_status") && !build.stdout.contains("reports_everything"), "\(build.stdout)")
        let bad = try await CLI.swiftdbt(["ls", "-s", "unit_test:proj.order_totals.counts_by_status"], in: p)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("error: unit test selector 'proj.order_totals.counts_by_status' has too many parts"), "\(bad.stderr)")
    }

    static let versionedFiles = [
        "models/stg.sql": "select 7 as id, 'b' as name\n",
        "models/orders_v1.sql": "select id, name from << ref('stg') >>\n",
        "models/orders_v2.sql": "select id, upper(name) as name from << ref('stg') >>\n",
        "models/report.sql": "select id, name from << ref('orders', v=1) >>\nunion all\nselect id, name from << ref('orders') >>\n",
        "models/_orders.yml": """
        models:
          - name: orders
            versions:
              - v: 1
              - v: 2
        unit_tests:
          - name: keeps_ids
            model: orders
            given:
              - input: ref('stg')
                rows: [{id: 1, name: a}]
            expect:
              rows: [{id: 1}]
          - name: upper_names
            model: orders
            versions: {include: [2]}
            given:
              - input: ref('stg')
                rows: [{id: 1, name: a}]
            expect:
              rows: [{id: 1, name: A}]
          - name: lower_names
            model: orders
            versions: {exclude: [2]}
            given:
              - input: ref('stg')
                rows: [{id: 1, name: a}]
            expect:
              rows: [{id: 1, name: a}]
          - name: reads_both
            model: report
            given:
              - input: ref('orders', v=1)
                rows: [{id: 1, name: a}]
              - input: ref('orders', v=2)
                rows: [{id: 2, name: B}]
            expect:
              rows: [{id: 1, name: a}, {id: 2, name: B}]

        """,
    ]

    /// dbt runs a unit test on every version of a versioned model unless `versions:` includes or
    /// excludes some; each version's test runs that version's SQL, and `ref('m', v=1)` is an input.
    @Test func unitTestsRunOnEachVersionTheyName() async throws {
        let p = try TempProject(files: Self.versionedFiles)
        let r = try await CLI.swiftdbt(["build"], in: p)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        for label in ["orders::keeps_ids_v1", "orders::keeps_ids_v2", "orders::upper_names_v2", "orders::lower_names_v1", "report::reads_both"] {
            #expect(r.stdout.contains("START unit_test \(label) "), "\(label): \(r.stdout)")
        }
        #expect(!r.stdout.contains("upper_names_v1") && !r.stdout.contains("lower_names_v2"), "\(r.stdout)")
        #expect(!r.stdout.contains("FAIL"), "\(r.stdout)")
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(p.read("target/manifest.json").utf8)) as? [String: Any])
        let units = try #require(manifest["unit_tests"] as? [String: [String: Any]])
        #expect(
            Set(units.keys) == [
                "unit_test.proj.orders.keeps_ids_v1", "unit_test.proj.orders.keeps_ids_v2", "unit_test.proj.orders.upper_names_v2",
                "unit_test.proj.orders.lower_names_v1", "unit_test.proj.report.reads_both",
            ])
        let upper = try #require(units["unit_test.proj.orders.upper_names_v2"])
        #expect(upper["version"] as? String == "2")
        #expect((upper["depends_on"] as? [String: [String]])?["nodes"] == ["model.proj.orders.v2"])
        #expect((upper["versions"] as? [String: Any])?["include"] as? [String] == ["2"])
        try await ArtifactSchemaTests.expectValid(p, require: ["manifest", "run_results"], "unit tests on versioned models")
        // A version that does not exist is an error where it is written.
        try p.write(
            "models/_orders.yml",
            (Self.versionedFiles["models/_orders.yml"] ?? "").replacingOccurrences(of: "{include: [2]}", with: "{include: [2, 3]}"))
        let bad = try await CLI.swiftdbt(["ls"], in: p)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("models/_orders.yml:16:29: error: model 'orders' has no version 3"), "\(bad.stderr)")
    }

    /// project.yml's `unit_tests:` block configures unit tests by fqn (property file folders, model,
    /// test): tags and meta accumulate with the test's own, `+enabled: false` drops one, and a key
    /// a unit test does not take is an error.
    @Test func projectYmlConfiguresUnitTestsByFolder() async throws {
        let project = """
            name: proj
            profile: proj
            unit_tests:
              proj:
                marts:
                  +tags: [marts_units]
                  +meta: {owner: sales}
                  order_totals:
                    broken_case:
                      +enabled: false

            """
        let p = try UnitTestCommandTests.project()
        let unit = try p.read("models/unit.yml")
        try FileManager.default.removeItem(atPath: p.root + "/models/unit.yml")
        try p.write(
            "models/marts/unit.yml",
            unit + """

                  - name: broken_case
                    model: order_totals
                    given:
                      - input: ref('stg_orders')
                        rows: []
                    expect:
                      rows: [{status: never, n: 1}]

                """)
        try p.write("project.yml", project)
        let tagged = try await CLI.swiftdbt(["ls", "-s", "tag:marts_units", "--output", "name"], in: p)
        #expect(tagged.status == 0 && tagged.stdout == "counts_by_status\n", "\(tagged.stdout)\(tagged.stderr)")
        let money = try await CLI.swiftdbt(["ls", "-s", "tag:money,config.meta.owner:sales", "--output", "name"], in: p)
        #expect(money.stdout == "counts_by_status\n", "its own tags stay: \(money.stdout)\(money.stderr)")
        let build = try await CLI.swiftdbt(["build"], in: p)
        #expect(build.status == 0, "the disabled failing test does not run: \(build.stdout)\(build.stderr)")
        #expect(build.stdout.contains("PASS counts_by_status") && !build.stdout.contains("broken_case"), "\(build.stdout)")

        try p.write("project.yml", project.replacingOccurrences(of: "+meta: {owner: sales}", with: "+materialized: table"))
        let refused = try await CLI.swiftdbt(["ls"], in: p)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("project.yml:7:7: error: unit test config 'materialized' is not supported"), "\(refused.stderr)")
    }

    /// `compile -s <unit test>` writes and prints the test's whole query, given rows as CTEs, and
    /// that query runs on DuckDB as written.
    @Test func compileWritesTheUnitTestsQuery() async throws {
        let p = try UnitTestCommandTests.project()
        let r = try await CLI.swiftdbt(["compile", "-s", "unit_test:counts_by_status"], in: p)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("Compiled 1 node for target 'local'"), "\(r.stdout)")
        #expect(r.stdout.contains("Compiled node 'counts_by_status' is:"), "\(r.stdout)")
        let path = "target/compiled/proj/models/unit.yml/models/counts_by_status.sql"
        let sql = try p.read(path)
        #expect(sql.contains("with __dbt__cte__stg_orders as (\nselect 1 as \"id\", 10 as \"amount\", 'paid' as \"status\""), "\(sql)")
        #expect(sql.contains("from __dbt__cte__stg_orders"), "\(sql)")
        #expect(r.stdout.contains(sql.trimmingCharacters(in: .newlines)), "the printed SQL is the file's")
        // The database file must exist to be opened; the query reads no relation of it.
        _ = try await CLI.swiftdbt(["seed"], in: p)
        let rows = try await p.query(sql + " order by status")
        #expect(rows == ["status,n,total", "open,1,NULL", "paid,2,15.5"], "\(rows)")
    }
}
