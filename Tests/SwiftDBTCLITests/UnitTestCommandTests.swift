import Foundation
import Testing

/// dbt's unit tests (issue 16 item 3) through the real binary on DuckDB: given rows stand in for a
/// model's parents, the model's SQL runs over them, and its rows are compared with `expect`.
@Suite("unit tests on DuckDB", .serialized)
struct UnitTestCommandTests {
    static let unitTests = """
        version: 2
        unit_tests:
          - name: counts_by_status
            model: order_totals
            description: cancelled orders are left out
            config: {tags: [money]}
            given:
              - input: ref('stg_orders')
                rows:
                  - {id: 1, amount: 10, status: paid}
                  - {id: 2, amount: 5.5, status: paid}
                  - {id: 3, amount: 7, status: cancelled}
                  - {id: 4, status: open}
            expect:
              rows:
                - {status: open, n: 1, total: null}
                - {status: paid, n: 2, total: 15.5}
        """

    /// A seed, a staging view, the tested model and a child of it.
    static func project(expectTotal: String = "15.5") throws -> TempProject {
        try TempProject(files: [
            "seeds/raw_orders.csv": "id,amount,status\n1,3.00,paid\n2,4.00,cancelled\n",
            "models/stg_orders.sql": "select id, cast(amount as decimal(10,2)) as amount, status from << ref('raw_orders') >>\n",
            "models/order_totals.sql": """
            << config(materialized='table') >>
            select status, count(*) as n, sum(amount) as total
            from << ref('stg_orders') >>
            where status <> 'cancelled'
            group by status

            """,
            "models/report.sql": "select * from << ref('order_totals') >>\n",
            "models/unit.yml": unitTests.replacingOccurrences(of: "total: 15.5", with: "total: \(expectTotal)"),
        ])
    }

    @Test func buildRunsTheUnitTestBeforeItsModel() async throws {
        let p = try Self.project()
        let r = try await CLI.swiftdbt(["build"], in: p)
        try #require(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let unitStart = try #require(lines.firstIndex { $0.contains("START unit_test order_totals::counts_by_status") })
        let modelStart = try #require(lines.firstIndex { $0.contains("START sql table model") && $0.contains("order_totals") })
        let stagingDone = try #require(lines.firstIndex { $0.contains("OK created") && $0.contains("stg_orders") })
        #expect(stagingDone < unitStart && unitStart < modelStart, "\(r.stdout)")
        #expect(r.stdout.contains("PASS counts_by_status"))
        #expect(r.stdout.contains("1 unit test"))
        // The real table is built from the seed, not from the unit test's rows.
        #expect(try await p.query("select status, n, total from main.order_totals") == ["status,n,total", "paid,1,3.00"])
        let results = try p.read("target/run_results.json")
        #expect(results.contains("\"unique_id\": \"unit_test.proj.order_totals.counts_by_status\""))
        try await ArtifactSchemaTests.expectValid(p, require: ["manifest", "run_results"], "a project with a unit test")
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(p.read("target/manifest.json").utf8)) as? [String: Any])
        let unit = try #require((manifest["unit_tests"] as? [String: [String: Any]])?["unit_test.proj.order_totals.counts_by_status"])
        #expect(unit["model"] as? String == "order_totals")
        #expect((unit["depends_on"] as? [String: [String]])?["nodes"] == ["model.proj.order_totals"])
        #expect(((unit["given"] as? [[String: Any]])?.first)?["input"] as? String == "ref('stg_orders')")
    }

    @Test func aFailingUnitTestSkipsTheModelAndPrintsTheDiff() async throws {
        let p = try Self.project(expectTotal: "16")
        let r = try await CLI.swiftdbt(["build"], in: p)
        #expect(r.status == 1, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("FAIL 2 counts_by_status"), "\(r.stdout)")
        #expect(r.stdout.contains("SKIP relation main.order_totals"), "\(r.stdout)")
        #expect(r.stdout.contains("SKIP relation main.report"), "\(r.stdout)")
        #expect(r.stdout.contains("actual differs from expected"))
        let results = try p.read("target/run_results.json")
        #expect(results.contains("\"message\": \"actual differs from expected"), "\(results)")
        #expect(results.contains("\"failures\": 2"), "\(results)")
        // One row expected and not returned, one returned and not expected, each with its values.
        let cells = r.stdout.split(separator: "\n").compactMap { line -> [String]? in
            guard let bar = line.firstIndex(of: "|") else { return nil }
            return line[bar...].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        #expect(cells.first == ["@@", "status", "n", "total"], "\(r.stdout)")
        #expect(cells.filter { $0.first == "---" && $0.count == 4 && $0[1] != "------" } == [["---", "paid", "2", "16"]], "\(r.stdout)")
        #expect(cells.filter { $0.first == "+++" } == [["+++", "paid", "2", "15.50"]], "\(r.stdout)")
        // The model was never built on a failed unit test.
        #expect(throws: (any Error).self) { try awaitQuery(p, "select * from main.order_totals") }
    }

    /// dbt's fixture file, csv rows, `this` with `is_incremental()` overridden, vars and env vars.
    @Test func fixturesOverridesAndSelection() async throws {
        let p = try TempProject(files: [
            "seeds/raw_orders.csv": "id,amount,status\n1,3.00,paid\n",
            "models/stg_orders.sql": "select id, cast(amount as decimal(10,2)) as amount, status from << ref('raw_orders') >>\n",
            "models/new_orders.sql": """
            << config(materialized='incremental', unique_key='id') >>
            select id, amount * << var('rate', 1) >> as amount, '<< env_var('REGION', 'eu') >>' as region
            from << ref('stg_orders') >>
            << if is_incremental() >>where id > (select max(id) from << this >>)<< endif >>

            """,
            "tests/fixtures/existing_orders.csv": "id,amount,region\n2,1,eu\n",
            "models/props.yml": "models:\n  - name: new_orders\n    columns:\n      - name: id\n        data_tests: [not_null]\n",
            "models/unit.yml": """
            unit_tests:
              - name: only_new_rows
                model: new_orders
                overrides:
                  macros: {is_incremental: true}
                  vars: {rate: 2}
                  env_vars: {REGION: us}
                given:
                  - input: ref('stg_orders')
                    format: csv
                    rows: |
                      id,amount
                      1,5
                      3,7
                  - input: this
                    format: csv
                    fixture: existing_orders
                expect:
                  format: csv
                  rows: |
                    id,amount,region
                    3,14,us
              - name: full_refresh_keeps_all
                model: new_orders
                given:
                  - input: ref('stg_orders')
                    format: sql
                    rows: select 1 as id, cast(5 as decimal(10,2)) as amount, 'paid' as status
                expect:
                  rows: [{id: 1, amount: 5}]

            """,
        ])
        // `this` must exist for its column types: build the model first, then run the unit tests alone.
        let built = try await CLI.swiftdbt(["build", "--exclude", "test_type:unit"], in: p)
        try #require(built.status == 0, "\(built.stdout)\n\(built.stderr)")
        #expect(!built.stdout.contains("only_new_rows"))
        let r = try await CLI.swiftdbt(["test", "-s", "new_orders"], in: p)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("PASS only_new_rows") && r.stdout.contains("PASS full_refresh_keeps_all"), "\(r.stdout)")
        #expect(r.stdout.contains("PASS not_null_new_orders_id"), "\(r.stdout)")
        let data = try await CLI.swiftdbt(["test", "-s", "test_type:data"], in: p)
        #expect(!data.stdout.contains("only_new_rows") && data.stdout.contains("PASS not_null_new_orders_id"), "\(data.stdout)")
        let units = try await CLI.swiftdbt(["test", "--resource-type", "unit_test"], in: p)
        #expect(units.stdout.contains("PASS only_new_rows") && !units.stdout.contains("not_null_new_orders_id"), "\(units.stdout)")
        let noUnits = try await CLI.swiftdbt(["build", "--exclude-resource-type", "unit_test"], in: p)
        #expect(noUnits.status == 0 && !noUnits.stdout.contains("only_new_rows"), "\(noUnits.stdout)")
        let typo = try await CLI.swiftdbt(["test", "--resource-type", "unit_tests"], in: p)
        #expect(typo.status != 0 && typo.stderr.contains("unknown resource type 'unit_tests'"), "\(typo.stderr)")
        let ls = try await CLI.swiftdbt(["ls", "--resource-type", "unit_test"], in: p)
        #expect(ls.stdout.split(separator: "\n").filter { $0.contains("only_new_rows") || $0.contains("full_refresh") }.count == 2, "\(ls.stdout)")
        let unit = try await CLI.swiftdbt(["ls", "-s", "test_type:unit"], in: p)
        #expect(unit.stdout.contains("proj.new_orders.only_new_rows"), "\(unit.stdout)")
    }

    /// A source input is typed from the source's table; an ephemeral parent has no table, so it is
    /// given as SQL (dbt's rule), and given as rows it is an error at compile time.
    @Test func sourcesAndEphemeralParents() async throws {
        let unit = """
            unit_tests:
              - name: joins
                model: combo
                given:
                  - input: source('shop', 'raw_orders')
                    rows: [{id: 1, status: paid}, {id: 2, status: open}]
                  - input: ref('eph')
                    format: sql
                    rows: select 2 as id
                expect:
                  rows: [{id: 2, status: open}]

            """
        let p = try TempProject(files: [
            "seeds/raw_orders.csv": "id,amount,status\n1,3.00,paid\n",
            "models/sources.yml": "sources:\n  - name: shop\n    schema: main\n    tables:\n      - name: raw_orders\n",
            "models/eph.sql": "<< config(materialized='ephemeral') >>\nselect id from << source('shop', 'raw_orders') >>\n",
            "models/combo.sql": "select e.id, s.status from << ref('eph') >> e join << source('shop', 'raw_orders') >> s using (id)\n",
            "models/unit.yml": unit,
        ])
        // A source is no node swiftdbt builds: until it exists, its column types are unknown.
        let early = try await CLI.swiftdbt(["test"], in: p)
        #expect(early.stdout.contains("error: source('shop', 'raw_orders') has no relation main.raw_orders"), "\(early.stdout)")
        let seeded = try await CLI.swiftdbt(["seed"], in: p)
        try #require(seeded.status == 0, "\(seeded.stdout)")
        let r = try await CLI.swiftdbt(["build"], in: p)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("PASS joins"), "\(r.stdout)")
        try p.write("models/unit.yml", unit.replacingOccurrences(of: "format: sql\n        rows: select 2 as id", with: "rows: [{id: 2}]"))
        let bad = try await CLI.swiftdbt(["test"], in: p)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("models/unit.yml:7:16: error: ephemeral model 'eph' can only be given as format: sql"), "\(bad.stderr)")
    }

    @Test func aColumnThatIsNotInTheParentOrTheModelIsAPositionedError() async throws {
        let p = try Self.project()
        try p.write(
            "models/unit.yml",
            Self.unitTests.replacingOccurrences(of: "{id: 4, status: open}", with: "{id: 4, stauts: open}"))
        let seeded = try await CLI.swiftdbt(["build", "-s", "+stg_orders"], in: p)
        try #require(seeded.status == 0, "\(seeded.stdout)\n\(seeded.stderr)")
        let r = try await CLI.swiftdbt(["test"], in: p)
        #expect(r.status == 1)
        #expect(r.stdout.contains("models/unit.yml:13:21: error: column 'stauts' is not a column of ref('stg_orders')"), "\(r.stdout)")
        #expect(r.stdout.contains("did you mean 'status'?"), "\(r.stdout)")
        try p.write("models/unit.yml", Self.unitTests.replacingOccurrences(of: "{status: open, n: 1, total: null}", with: "{status: open, count: 1}"))
        let model = try await CLI.swiftdbt(["test"], in: p)
        #expect(model.stdout.contains("error: column 'count' is not in the output of model 'order_totals'"), "\(model.stdout)")
        #expect(model.stdout.contains("the model returns status, n, total"), "\(model.stdout)")
    }
}

/// A query that must fail (the relation does not exist), run synchronously for `#expect(throws:)`.
private func awaitQuery(_ p: TempProject, _ sql: String) throws {
    let r = try CLI.runBlocking(CLI.duckdb, ["-csv", "-readonly", p.database, "-c", sql], cwd: "/")
    if r.status != 0 { throw CLI.QueryFailed(message: r.stderr) }
}
