import Foundation
import Testing

/// dbt's semantic layer, groups and access through the real binary (issue 16, item 4): kept in
/// target/manifest.json as dbt-artifacts-parser's manifest v12 accepts it, listed and selected by
/// `ls`, never executed; private models enforced at parse as dbt does
/// (docs.getdbt.com/docs/mesh/govern/model-access).
@Suite(.serialized) struct SemanticLayerCommandTests {
    static let files = [
        "models/marts/orders.sql":
            "<< config(materialized='table', group='finance', access='private') >>\nselect 1 as order_id, 10.5 as amount, date '2024-01-02' as ordered_at\n",
        "models/marts/order_totals.sql": "<< config(group='finance') >>\nselect sum(amount) as total from << ref('orders') >>\n",
        "models/marts/_semantic.yml": """
        version: 2
        groups:
          - name: finance
            owner: {name: Finance team, email: finance@example.com}
        semantic_models:
          - name: orders_sm
            description: Orders as a semantic model.
            model: ref('orders')
            config: {group: finance}
            defaults: {agg_time_dimension: ordered_at}
            entities:
              - {name: order_id, type: primary}
            dimensions:
              - name: ordered_at
                type: time
                type_params: {time_granularity: day}
            measures:
              - {name: order_total, agg: sum, expr: amount}
              - {name: order_count, agg: sum, expr: 1, create_metric: true}
        metrics:
          - name: revenue
            label: Revenue
            type: simple
            type_params: {measure: order_total}
            filter: "{{ Dimension('order_id__ordered_at') }} is not null"
          - name: revenue_per_order
            label: Revenue per order
            type: ratio
            type_params: {numerator: revenue, denominator: order_count}
          - name: revenue_7d
            label: Revenue, 7 days
            type: cumulative
            type_params:
              measure: order_total
              cumulative_type_params: {window: 7 days}
        exposures:
          - name: board
            type: dashboard
            owner: {email: finance@example.com}
            depends_on: [ref('order_totals')]
        saved_queries:
          - name: daily_revenue
            query_params:
              metrics: [revenue, revenue_per_order]
              group_by: ["TimeDimension('metric_time', 'day')"]
            exports:
              - name: daily_revenue_export
                config: {export_as: table}

        """,
    ]

    @Test func semanticLayerIsKeptListedSelectedAndNotExecuted() async throws {
        let p = try TempProject(files: Self.files)
        let ls = try await CLI.swiftdbt(["ls"], in: p)
        #expect(ls.status == 0, "\(ls.stdout)\(ls.stderr)")
        for line in [
            "semantic_model:proj.orders_sm", "metric:proj.revenue", "metric:proj.order_count", "metric:proj.revenue_7d",
            "metric:proj.revenue_per_order", "saved_query:proj.daily_revenue",
        ] {
            #expect(ls.stdout.contains(line + "\n"), "\(line) missing from:\n\(ls.stdout)")
        }
        // The graph runs from the saved query back to the model that feeds it.
        let up = try await CLI.swiftdbt(["ls", "-s", "+saved_query:daily_revenue", "--output", "name"], in: p)
        #expect(
            up.stdout.split(separator: "\n").sorted()
                == ["daily_revenue", "order_count", "orders", "orders_sm", "revenue", "revenue_per_order"], "\(up.stdout)\(up.stderr)")
        // Exposures are in the graph too, as in dbt: listed, and `+exposure:` reaches what they read.
        #expect(ls.stdout.contains("exposure:proj.board\n"), "\(ls.stdout)")
        let board = try await CLI.swiftdbt(["ls", "-s", "+exposure:board", "--output", "name"], in: p)
        #expect(board.stdout.split(separator: "\n").sorted() == ["board", "order_totals", "orders"], "\(board.stdout)\(board.stderr)")
        let kinds = try await CLI.swiftdbt(["ls", "--resource-type", "metric", "--output", "name"], in: p)
        #expect(kinds.stdout == "order_count\nrevenue\nrevenue_7d\nrevenue_per_order\n", "\(kinds.stdout)\(kinds.stderr)")
        let grouped = try await CLI.swiftdbt(["ls", "-s", "group:finance", "--resource-type", "model", "--output", "name"], in: p)
        #expect(grouped.stdout == "order_totals\norders\n", "\(grouped.stdout)\(grouped.stderr)")
        let priv = try await CLI.swiftdbt(["ls", "-s", "access:private", "--output", "name"], in: p)
        #expect(priv.stdout == "orders\n", "\(priv.stdout)\(priv.stderr)")

        // build runs the models and says once that the semantic layer is kept, not executed.
        let build = try await CLI.swiftdbt(["build"], in: p)
        #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
        #expect(build.stdout.components(separatedBy: "does not execute the semantic layer").count == 2, "\(build.stdout)")
        #expect(build.stdout.contains("1 semantic model, 4 metrics, 1 saved query"), "\(build.stdout)")
        #expect(build.stdout.contains("PASS=2"), "\(build.stdout)")

        let manifest = try JSONSerialization.jsonObject(with: Data(try p.read("target/manifest.json").utf8)) as? [String: Any] ?? [:]
        let metrics = manifest["metrics"] as? [String: Any] ?? [:]
        let ratio = metrics["metric.proj.revenue_per_order"] as? [String: Any] ?? [:]
        #expect((ratio["depends_on"] as? [String: Any])?["nodes"] as? [String] == ["metric.proj.order_count", "metric.proj.revenue"])
        let inputs = ((ratio["type_params"] as? [String: Any])?["input_measures"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(Set(inputs) == ["order_total", "order_count"], "\(inputs)")
        let cumulative = (metrics["metric.proj.revenue_7d"] as? [String: Any])?["type_params"] as? [String: Any]
        let window = (cumulative?["cumulative_type_params"] as? [String: Any])?["window"] as? [String: Any]
        #expect((window?["count"] as? NSNumber)?.intValue == 7 && window?["granularity"] as? String == "day", "\(String(describing: window))")
        let sm = (manifest["semantic_models"] as? [String: Any])?["semantic_model.proj.orders_sm"] as? [String: Any]
        #expect((sm?["node_relation"] as? [String: Any])?["alias"] as? String == "orders")
        #expect(((manifest["groups"] as? [String: Any])?["group.proj.finance"] as? [String: Any])?["name"] as? String == "finance")
        #expect((manifest["group_map"] as? [String: [String]])?["finance"]?.contains("model.proj.orders") == true)
        let orders = (manifest["nodes"] as? [String: Any])?["model.proj.orders"] as? [String: Any]
        #expect(orders?["access"] as? String == "private" && orders?["group"] as? String == "finance")
        try await ArtifactSchemaTests.expectValid(p, require: ["manifest"], "semantic layer")
    }

    @Test func badReferencesAreRefusedWhereTheyAreWritten() async throws {
        var files = Self.files
        files["models/marts/_semantic.yml"] = """
            version: 2
            semantic_models:
              - name: orders_sm
                model: ref('orderz')
                measures:
                  - {name: order_total, agg: summ}
            metrics:
              - name: revenue
                type: simple
                label: Revenue
                type_params: {measure: order_totl}

            """
        files["models/marts/orders.sql"] = "select 1 as order_id\n"
        files["models/marts/order_totals.sql"] = "select 1 as x\n"
        let p = try TempProject(files: files)
        // A value outside dbt's enumerations stops the parse where it is written.
        let bad = try await CLI.swiftdbt(["ls"], in: p)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("_semantic.yml:6:34: error: 'summ' is not a valid agg") && bad.stderr.contains("did you mean 'sum'"), "\(bad.stderr)")
        // With the YAML well formed, the names are checked against the project.
        try p.write("models/marts/_semantic.yml", try p.read("models/marts/_semantic.yml").replacingOccurrences(of: "summ", with: "sum"))
        let r = try await CLI.swiftdbt(["ls"], in: p)
        #expect(r.status != 0)
        #expect(r.stderr.contains("_semantic.yml:4:"), "\(r.stderr)")
        #expect(r.stderr.contains("no model has that name") && r.stderr.contains("did you mean 'orders'"), "\(r.stderr)")
        #expect(r.stderr.contains("uses measure 'order_totl', which no semantic model declares"), "\(r.stderr)")
        #expect(r.stderr.contains("did you mean 'order_total'"), "\(r.stderr)")
    }

    @Test func aPrivateModelCanBeReadOnlyFromItsGroup() async throws {
        var files = Self.files
        files["models/marts/_semantic.yml"] = """
            version: 2
            groups:
              - name: finance
                owner: {name: Finance team}
            models:
              - name: order_totals
                access: public

            """
        files["models/outsider.sql"] = "select * from << ref('orders') >>\n"
        let p = try TempProject(files: files)
        let r = try await CLI.swiftdbt(["compile"], in: p)
        #expect(r.status != 0)
        #expect(r.stderr.contains("model 'outsider' refers to 'orders', which is private to group 'finance'"), "\(r.stderr)")
        #expect(r.stderr.contains("models/outsider.sql:1:"), "\(r.stderr)")
        // The same model inside the group may read it.
        try p.write("models/outsider.sql", "<< config(group='finance') >>\nselect * from << ref('orders') >>\n")
        let ok = try await CLI.swiftdbt(["compile"], in: p)
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        // An undeclared group is an error with a did-you-mean.
        try p.write("models/outsider.sql", "<< config(group='finanse') >>\nselect 1 as x\n")
        let typo = try await CLI.swiftdbt(["compile"], in: p)
        #expect(typo.stderr.contains("is in group 'finanse', which is not declared") && typo.stderr.contains("did you mean 'finance'"), "\(typo.stderr)")
    }

    @Test func projectLevelConfigsApplyByTheFoldersOfThePropertyFile() async throws {
        var files = Self.files
        files["project.yml"] = """
            name: proj
            profile: proj
            metrics:
              marts:
                +meta: {owner: finance}
            saved-queries:
              proj:
                +enabled: false

            """
        let p = try TempProject(files: files)
        let ls = try await CLI.swiftdbt(["ls", "--resource-type", "metric", "saved_query", "--output", "name"], in: p)
        #expect(ls.stdout == "order_count\nrevenue\nrevenue_7d\nrevenue_per_order\n", "\(ls.stdout)\(ls.stderr)")
        let owned = try await CLI.swiftdbt(["ls", "-s", "config.meta.owner:finance", "--output", "name"], in: p)
        #expect(owned.stdout == "revenue\nrevenue_7d\nrevenue_per_order\n", "\(owned.stdout)\(owned.stderr)")
    }

    @Test func initCreatesAProjectThatBuildsAtOnce() async throws {
        let parent = try TempProject(files: [:])
        let r = try await CLI.run(CLI.binary, ["init", "shop"], cwd: parent.root)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let shop = parent.root + "/shop"
        let build = try await CLI.run(CLI.binary, ["build"], cwd: shop)
        #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
        #expect(build.stdout.contains("PASS=7"), "\(build.stdout)")
        let rows = try await CLI.query(shop + "/target/shop.duckdb", "select region, countries from countries_by_region order by 1")
        #expect(rows == ["region,countries", "Americas,1", "Asia,1", "Europe,2"])
        let again = try await CLI.run(CLI.binary, ["init", "shop"], cwd: parent.root)
        #expect(again.status != 0 && again.stderr.contains("already exists"), "\(again.stderr)")
        let bad = try await CLI.run(CLI.binary, ["init", "my-shop"], cwd: parent.root)
        #expect(bad.status != 0 && bad.stderr.contains("my_shop"), "\(bad.stderr)")
    }
}
