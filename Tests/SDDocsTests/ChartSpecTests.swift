import SDBasics
import SDCompiler
import SDDocs
import SDEngine
import Testing

@Suite("chart spec")
struct ChartSpecTests {
    @Test(arguments: ["colour", "color"])
    func readsMeta(key: String) {
        let spec = ChartSpec.from(meta: ["chart": .object(["x": "trade_date", "y": "return_7d", .init(stringLiteral: key): "group_name"])])
        #expect(spec == ChartSpec(x: "trade_date", y: "return_7d", colour: "group_name"))
    }

    @Test func noChartWithoutBothAxes() {
        #expect(ChartSpec.from(meta: [:]) == nil)
        #expect(ChartSpec.from(meta: ["chart": ["x": "d"]]) == nil)
        #expect(ChartSpec.from(meta: ["chart": "yes"]) == nil)
        #expect(ChartSpec.from(meta: ["chart": ["x": "d", "y": "v"]])?.colour == nil)
    }

    @Test func queryQuotesColumnsAndOrdersByLineThenX() {
        let sql = ChartSpec(x: "trade_date", y: "return_7d", colour: "group_name")
            .sql(from: Relation(database: "rtsa", schema: "main", identifier: "gold_grouped_returns"), limit: 500)
        #expect(sql.contains("select \"trade_date\" as x, \"return_7d\" as y, cast(\"group_name\" as varchar) as series"))
        #expect(sql.contains("from \"rtsa\".\"main\".\"gold_grouped_returns\""))
        #expect(sql.contains("where \"return_7d\" is not null"))
        #expect(sql.contains("order by 3, 1"))
        #expect(sql.hasSuffix("limit 500"))
        #expect(ChartSpec(x: "d", y: "v").sql(from: Relation(database: "a", schema: "b", identifier: "c"), limit: 1).contains("'' as series"))
    }

    @Test func rowsBecomeOneSeriesPerColourValue() {
        let spec = ChartSpec(x: "d", y: "v", colour: "g")
        let result = QueryResult(
            columns: ["x", "y", "series"],
            rows: [
                ["2026-01-01", 1.0, "Defense"], ["2026-01-02", 2.0, "Defense"],
                ["2026-01-01", 3.0, "Technology"], ["2026-01-01", 4.0, .null],
            ])
        let series = spec.series(from: result)
        #expect(series.map(\.name) == ["(null)", "Defense", "Technology"])
        #expect(series[1].points == [["2026-01-01", 1.0], ["2026-01-02", 2.0]])
        let json = spec.json(series: series)
        #expect(json["series"]?.arrayValue?.count == 3)
        #expect(json["error"] == nil)
    }

    @Test func namesColumnsThePropertiesDoNotDocument() throws {
        let compiled = try MiniProject.compile()
        let gold = try #require(compiled.nodes["model.mini.gold"])
        let spec = try #require(ChartSpec.from(meta: gold.meta))
        #expect(spec.unknownColumns(in: gold) == ["day", "price", "name"])
        #expect(ChartSpec(x: "id", y: "ghost").unknownColumns(in: gold).isEmpty)
    }
}
