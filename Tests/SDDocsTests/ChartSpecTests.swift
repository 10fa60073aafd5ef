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

    /// `y: [a, b, c]` asks for a switch: one query reads every column, a row stays while any has a
    /// value, and each point carries one value per column (nulls kept, so the page skips them per column).
    @Test func aListOfYsIsOneQueryAndPointsWithEveryColumn() throws {
        let spec = try #require(ChartSpec.from(meta: ["chart": ["x": "d", "y": ["r7", "r30"], "colour": "g"]]))
        #expect(spec.y == "r7")
        #expect(spec.ys == ["r7", "r30"])
        #expect(ChartSpec.from(meta: ["chart": ["x": "d", "y": []]]) == nil)
        let sql = spec.sql(from: Relation(database: "a", schema: "b", identifier: "c"), limit: 9)
        #expect(sql.contains("select \"d\" as x, \"r7\" as y, cast(\"g\" as varchar) as series, \"r30\" as y2"))
        #expect(sql.contains("where (\"r7\" is not null or \"r30\" is not null) and \"d\" is not null"))
        let rows: [[JSONValue]] = [["2026-01-01", .null, "T", 0.5], ["2026-01-02", 1.0, "T", .null]]
        let series = spec.series(from: QueryResult(columns: ["x", "y", "series", "y2"], rows: rows))
        #expect(series.first?.points == [["2026-01-01", .null, 0.5], ["2026-01-02", 1.0, .null]])
        #expect(spec.json(series: series)["ys"] == ["r7", "r30"])
        #expect(ChartSpec(x: "d", y: "v").json(series: [])["ys"] == nil)
    }

    @Test func namesColumnsThePropertiesDoNotDocument() throws {
        let compiled = try MiniProject.compile()
        let gold = try #require(compiled.nodes["model.mini.gold"])
        let spec = try #require(ChartSpec.from(meta: gold.meta))
        #expect(spec.unknownColumns(in: gold) == ["day", "price", "name"])
        #expect(ChartSpec(x: "id", y: "ghost").unknownColumns(in: gold).isEmpty)
    }
}
