import Foundation
import SDTestSupport
import Testing

/// `swiftdbt import-dbt` end to end: a dbt project converted by the real binary, then built by it on
/// the real duckdb CLI (docs/import-dbt.md).
@Suite(.serialized) struct ImportDbtCommandTests {
    /// A dbt project using what dbt projects use in models without packages: folder configs, vars with
    /// defaults, env_var, target, config(), whitespace control, a macro with defaults and keyword
    /// arguments, an incremental model on `this`, seeds and property tests.
    static let dbtFiles: [String: String] = [
        "dbt_project.yml": """
        name: shop
        version: '1.0.0'
        config-version: 2
        profile: shop
        require-dbt-version: ">=1.8.0"
        vars:
          currency: EUR
        models:
          shop:
            +materialized: view
            marts:
              +materialized: table

        """,
        "profiles.yml": """
        shop:
          target: dev
          outputs:
            dev:
              type: duckdb
              path: "{{ env_var('SHOP_DB', 'target/shop.duckdb') }}"
              schema: main
              threads: 1

        """,
        "seeds/orders.csv": "order_id,amount_cents,day\n1,1250,2024-01-01\n2,800,2024-01-02\n",
        "macros/money.sql": """
        {% macro to_money(col, scale=2) -%}
            round(cast({{ col }} as double) / 100, {{ scale }})
        {%- endmacro %}

        """,
        "models/stg_orders.sql": """
        {#- staging -#}
        select order_id, {{ to_money('amount_cents', scale=1) }} as amount, cast(day as date) as day,
               '{{ var("currency") }}' as currency, '{{ var("region", "eu") }}' as region,
               '{{ target.type }}' as engine
        from {{ ref('orders') }}

        """,
        "models/marts/daily.sql": """
        {{ config(materialized='incremental', unique_key='day') }}
        select day, sum(amount) as total,
        {%- for c in ['EUR'] %}
            count(*) filter (where currency = '{{ c }}') as n_{{ c | lower }}
        {%- endfor %}
        from {{ ref('stg_orders') }}
        {% if is_incremental() %}where day >= (select max(day) from {{ this }}){% endif %}
        group by day

        """,
        "models/marts/_marts.yml": """
        version: 2
        models:
          - name: daily
            columns:
              - name: day
                data_tests: [unique, not_null]

        """,
    ]

    @Test func importedProjectBuildsOnDuckDB() async throws {
        let dbt = try TempProject(files: Self.dbtFiles.merging(["project.yml": ""]) { $1 })
        try FileManager.default.removeItem(atPath: dbt.root + "/project.yml")
        let out = dbt.root + "-out"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let imported = try await CLI.run(CLI.binary, ["import-dbt", dbt.root, "--out", out], cwd: dbt.root)
        #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
        #expect(imported.stdout.contains("Imported 7 files (6 converted, 1 copied)"), "\(imported.stdout)")
        #expect(imported.stderr.contains("dbt_project.yml:5:1: warning: 'require-dbt-version' is dropped"), "\(imported.stderr)")
        let built = try await CLI.run(CLI.binary, ["build"], cwd: out)
        #expect(built.status == 0, "\(built.stdout)\(built.stderr)")
        let db = out + "/target/shop.duckdb"
        #expect(
            try await CLI.query(db, "select order_id, amount, day, currency, region, engine from main.stg_orders order by 1")
                == ["order_id,amount,day,currency,region,engine", "1,12.5,2024-01-01,EUR,eu,duckdb", "2,8.0,2024-01-02,EUR,eu,duckdb"])
        #expect(try await CLI.query(db, "select * from main.daily order by 1") == ["day,total,n_eur", "2024-01-01,12.5,1", "2024-01-02,8.0,1"])
        // The incremental model keeps its rows and merges the newest day again.
        try Data("order_id,amount_cents,day\n1,1250,2024-01-01\n2,800,2024-01-02\n3,100,2024-01-02\n".utf8)
            .write(to: URL(fileURLWithPath: out + "/seeds/orders.csv"))
        #expect(try await CLI.run(CLI.binary, ["build"], cwd: out).status == 0)
        #expect(try await CLI.query(db, "select * from main.daily order by 1") == ["day,total,n_eur", "2024-01-01,12.5,1", "2024-01-02,9.0,2"])
    }

    @Test func checkFailsOnWhatWasNotConvertedAndTheOutputFailsThereToo() async throws {
        var files = Self.dbtFiles
        files["models/nodes.sql"] = "select {{ graph.nodes | length }} as n\n"
        let dbt = try TempProject(files: files.merging(["project.yml": ""]) { $1 })
        try FileManager.default.removeItem(atPath: dbt.root + "/project.yml")
        let out = dbt.root + "-out"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let checked = try await CLI.run(CLI.binary, ["import-dbt", dbt.root, "--out", out, "--check"], cwd: dbt.root)
        #expect(checked.status == 1)
        #expect(checked.stderr.contains("models/nodes.sql:1:11: error: 'graph.nodes' has no swiftdbt equivalent"), "\(checked.stderr)")
        #expect(checked.stdout.contains("1 not converted"), "\(checked.stdout)")
        #expect(!FileManager.default.fileExists(atPath: out))
        // Without --check the file is written, and compiling it fails where the construct was.
        let imported = try await CLI.run(CLI.binary, ["import-dbt", dbt.root, "--out", out], cwd: dbt.root)
        #expect(imported.status == 0)
        let compiled = try await CLI.run(CLI.binary, ["compile", "-s", "nodes"], cwd: out)
        #expect(compiled.status == 1)
        #expect(compiled.stderr.contains("import-dbt: models/nodes.sql:1:11: 'graph.nodes' has no swiftdbt equivalent"), "\(compiled.stderr)")
    }

    /// The fixture of issue 16: a local package using dispatch (a wrapper with a default argument, as
    /// dbt packages write them), a `{% call %}` macro, whitespace control, a unit test and an
    /// incremental model; imported, its package installed with `deps`, built on DuckDB.
    @Test func fixtureProjectImportsAndBuildsTheExpectedTables() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("swiftdbt-shop-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let fixture = Repository.root + "/Tests/Fixtures/dbt_shop"
        let imported = try await CLI.run(CLI.binary, ["import-dbt", fixture, "--out", out, "--check"], cwd: fixture)
        #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
        #expect(try await CLI.run(CLI.binary, ["import-dbt", fixture, "--out", out], cwd: fixture).status == 0)
        let deps = try await CLI.run(CLI.binary, ["deps"], cwd: out)
        #expect(deps.status == 0, "\(deps.stdout)\(deps.stderr)")
        let built = try await CLI.run(CLI.binary, ["build"], cwd: out)
        #expect(built.status == 0, "\(built.stdout)\(built.stderr)")
        let db = out + "/target/shop.duckdb"
        let expected = Repository.root + "/Tests/Fixtures/dbt_shop_expected/"
        for (table, order) in [("customer_payments", "customer_id"), ("orders_incremental", "order_id")] {
            let rows = try await CLI.query(db, "select * from main.\(table) order by \(order)")
            let want = try String(contentsOfFile: expected + table + ".csv", encoding: .utf8).split(separator: "\n").map(String.init)
            #expect(rows == want, "\(table)")
        }
    }
}
