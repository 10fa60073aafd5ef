import Foundation
import Testing

/// Issue 17 items 1 and 2 end to end: `--state`, `state:modified+` and `--defer` on the real
/// binary and the real DuckDB CLI. "Production" is the `prod` target, a second schema of the same
/// database file as the `dev` target: DuckDB lets one process write a file at a time, and a schema
/// per environment is how the resolution is tested on both targets alike (on Athena a schema is a
/// Glue database).
@Suite("state selection and deferral", .serialized)
struct StateCommandTests {
    static let files: [String: String] = [
        "project.yml": "name: shop\nprofile: shop\nvars:\n  min_total: 10\n",
        "profiles.yml": """
        shop:
          target: prod
          outputs:
            prod: {type: duckdb, path: warehouse.duckdb, schema: prod, threads: 1}
            dev: {type: duckdb, path: warehouse.duckdb, schema: dev, threads: 1}

        """,
        "seeds/regions.csv": "code,name\neu,Europe\nus,America\n",
        "macros/cents.sql": "<< macro cents(col) >><< times_hundred(col) >><< endmacro >>\n",
        "macros/times.sql": "<< macro times_hundred(col) >>(<< col >> * 100)<< endmacro >>\n",
        "macros/unused.sql": "<< macro unused() >>1<< endmacro >>\n",
        "models/orders.sql": "select 1 as id, 20 as total, 'eu' as region\n",
        "models/order_cents.sql": "select id, << cents('total') >> as cents from << ref('orders') >>\n",
        "models/big_orders.sql": "select * from << ref('orders') >> where total > << var('min_total') >>\n",
        "models/with_region.sql": "select o.id, r.name from << ref('orders') >> o join << ref('regions') >> r on r.code = o.region\n",
        "models/report.sql": "select count(*) as n from << ref('big_orders') >>\n",
        "models/untouched.sql": "select 42 as answer\n",
        "models/props.yml": "version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: id\n        data_tests: [not_null]\n",
    ]

    /// The project built on `prod`, its target/ kept as prod-artifacts/ (what a CI job downloads).
    static func production() async throws -> TempProject {
        let p = try TempProject(files: files, name: "shop")
        let build = try await CLI.swiftdbt(["build"], in: p)
        try #require(build.status == 0, "\(build.stdout)\n\(build.stderr)")
        try FileManager.default.copyItem(atPath: p.root + "/target", toPath: p.root + "/prod-artifacts")
        return p
    }

    static func names(_ args: [String], _ p: TempProject) async throws -> [String] {
        let r = try await CLI.swiftdbt(["ls", "--output", "name", "--state", "prod-artifacts/"] + args, in: p)
        try #require(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        return r.stdout.split(separator: "\n").map(String.init).sorted()
    }

    @Test func modifiedPicksExactlyWhatChangedAndItsChildren() async throws {
        let p = try await Self.production()
        #expect(try await Self.names(["--select", "state:modified+"], p) == [])
        // A CI or dev target writes elsewhere; that alone modifies nothing.
        #expect(try await Self.names(["--select", "state:modified+", "--target", "dev"], p) == [])

        // Reformatting and commenting a model, and editing a macro no node calls, change nothing.
        try p.write("models/untouched.sql", "-- the answer\nselect   42\n   as answer  /* still */\n")
        try p.write("macros/unused.sql", "<< macro unused() >>2<< endmacro >>\n")
        #expect(try await Self.names(["--select", "state:modified+"], p) == [])

        // A model, a macro called through another macro, a var and a seed change; one model is new.
        try p.write("models/untouched.sql", "select 43 as answer\n")
        try p.write("macros/times.sql", "<< macro times_hundred(col) >>(<< col >> * 100.0)<< endmacro >>\n")
        try p.write("seeds/regions.csv", "code,name\neu,Europe\nus,America\nap,Asia\n")
        try p.write("models/fresh.sql", "select 1 as one\n")
        let vars = ["--vars", "{min_total: 5}"]
        #expect(
            try await Self.names(["--select", "state:modified+"] + vars, p)
                == ["big_orders", "fresh", "order_cents", "regions", "report", "untouched", "with_region"])
        #expect(try await Self.names(["--select", "state:modified.macros"] + vars, p) == ["fresh", "order_cents"])
        #expect(try await Self.names(["--select", "state:modified.body"] + vars, p) == ["big_orders", "fresh", "regions", "untouched"])
        #expect(try await Self.names(["--select", "state:new"] + vars, p) == ["fresh"])
        // dbt's DBT_STATE stands for --state.
        let fromEnvironment = try await CLI.swiftdbt(["ls", "--output", "name", "--select", "state:new"], in: p, env: ["DBT_STATE": "prod-artifacts"])
        #expect(fromEnvironment.stdout == "fresh\n", "\(fromEnvironment.stdout)\n\(fromEnvironment.stderr)")
        #expect(
            try await Self.names(["--select", "state:modified", "--exclude", "state:new"] + vars, p)
                == ["big_orders", "order_cents", "regions", "untouched"])
        // Without the var change, big_orders and its child are as in production.
        #expect(!(try await Self.names(["--select", "state:modified+"], p)).contains("big_orders"))

        // A YAML selector reads the same method.
        try p.write("selectors.yml", "selectors:\n  - name: slim\n    definition: {method: state, value: modified, children: true}\n")
        #expect(try await Self.names(["--selector", "slim"], p).contains("with_region"))
    }

    @Test func configAndRelationChangesAreTheirOwnParts() async throws {
        let p = try await Self.production()
        try p.write(
            "models/props.yml",
            "version: 2\nmodels:\n  - name: orders\n    config: {materialized: table}\n    columns:\n      - name: id\n        data_tests: [not_null]\n"
                + "  - name: report\n    config: {alias: order_report}\n")
        // Eager indirect selection adds the tests of a selected model, as in dbt.
        #expect(try await Self.names(["--select", "state:modified.configs"], p) == ["not_null_orders_id", "orders", "report"])
        #expect(try await Self.names(["--select", "state:modified.relation"], p) == ["report"])
        #expect(try await Self.names(["--select", "state:modified.body"], p) == [])
    }

    @Test func deferReadsProductionForUnbuiltParents() async throws {
        let p = try await Self.production()
        // dev has nothing: order_cents alone is built there, reading orders from prod.
        let run = try await CLI.swiftdbt(
            ["run", "--target", "dev", "--select", "order_cents", "--defer", "--state", "prod-artifacts"], in: p)
        try #require(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let db = p.root + "/warehouse.duckdb"
        #expect(try await CLI.query(db, "select id, cents from dev.order_cents") == ["id,cents", "1,2000"])
        #expect(try await CLI.query(db, "select count(*) as n from information_schema.tables where table_schema = 'dev'") == ["n", "1"])
        let manifest = try p.read("target/manifest.json")
        #expect(manifest.contains("\"defer_relation\""))
        try await ArtifactSchemaTests.expectValid(p, require: ["manifest"], "a deferred run's manifest")

        // Shown in compile: prod's relation while dev lacks orders; dev's once it exists; prod's again with --favor-state.
        let compileArgs = ["compile", "--target", "dev", "--select", "order_cents", "--defer", "--state", "prod-artifacts"]
        var compiled = try await CLI.swiftdbt(compileArgs, in: p)
        try #require(compiled.status == 0, "\(compiled.stderr)")
        #expect(compiled.stdout.contains("\"warehouse\".\"prod\".\"orders\""), "\(compiled.stdout)")
        // `test` selects only tests, so the model they test is unselected and deferred, as in dbt.
        let tested = try await CLI.swiftdbt(["test", "--target", "dev", "--select", "orders", "--defer", "--state", "prod-artifacts"], in: p)
        #expect(tested.status == 0 && tested.stdout.contains("PASS=1"), "\(tested.stdout)\n\(tested.stderr)")
        let shown = try await CLI.swiftdbt(
            ["show", "--target", "dev", "--inline", "select total from << ref('orders') >>", "--output", "csv", "--defer", "--state", "prod-artifacts"],
            in: p)
        #expect(shown.status == 0 && shown.stdout == "total\n20\n", "\(shown.stdout)\n\(shown.stderr)")
        let built = try await CLI.swiftdbt(["run", "--target", "dev", "--select", "orders"], in: p)
        try #require(built.status == 0, "\(built.stderr)")
        compiled = try await CLI.swiftdbt(compileArgs, in: p)
        #expect(compiled.stdout.contains("\"warehouse\".\"dev\".\"orders\""), "\(compiled.stdout)")
        compiled = try await CLI.swiftdbt(compileArgs + ["--favor-state"], in: p)
        #expect(compiled.stdout.contains("\"warehouse\".\"prod\".\"orders\""), "\(compiled.stdout)")
        // Without --defer the ref is dev's own relation.
        compiled = try await CLI.swiftdbt(["compile", "--target", "dev", "--select", "order_cents"], in: p)
        #expect(compiled.stdout.contains("\"warehouse\".\"dev\".\"orders\""), "\(compiled.stdout)")
    }

    @Test func missingOrBrokenStateIsAPositionedError() async throws {
        let p = try TempProject(files: Self.files, name: "shop")
        var r = try await CLI.swiftdbt(["ls", "--select", "state:modified", "--state", "nowhere/"], in: p)
        #expect(r.status == 1)
        #expect(r.stderr.contains("command line:1:"), "\(r.stderr)")
        #expect(r.stderr.contains("the --state folder 'nowhere/' does not exist"), "\(r.stderr)")

        try p.write("broken/manifest.json", "{\"nodes\": {\n  oops\n}\n")
        r = try await CLI.swiftdbt(["ls", "--state", "broken"], in: p)
        #expect(r.status == 1)
        #expect(r.stderr.contains("broken/manifest.json:2:3: error: the state manifest is not valid JSON"), "\(r.stderr)")

        r = try await CLI.swiftdbt(["ls", "--select", "state:modified+"], in: p)
        #expect(r.status == 1)
        #expect(r.stderr.contains("the state method needs a previous manifest"), "\(r.stderr)")

        r = try await CLI.swiftdbt(["run", "--defer"], in: p)
        #expect(r.status == 1)
        #expect(r.stderr.contains("--defer needs --state"), "\(r.stderr)")
    }
}
