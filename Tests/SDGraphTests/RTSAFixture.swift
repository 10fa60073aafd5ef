@testable import SDGraph

/// A hand-built graph shaped like the RTSA project: a lake source, bronze/silver/gold models, a
/// seed, an exposure, generic and singular tests, and a second package.
enum RTSAFixture {
    static func model(
        _ name: String, _ layer: String, tags: [String] = [], config: [String: ConfigValue] = [:],
        package: String = "rtsa"
    ) -> GraphNode {
        let path = layer.isEmpty ? "models/\(name).sql" : "models/\(layer)/\(name).sql"
        let fqn = layer.isEmpty ? [package, name] : [package, layer, name]
        return GraphNode(
            uniqueId: "model.\(package).\(name)", name: name, resourceType: .model, packageName: package, fqn: fqn,
            originalFilePath: path, tags: tags, config: config)
    }

    static func source(_ source: String, _ table: String) -> GraphNode {
        GraphNode(
            uniqueId: "source.rtsa.\(source).\(table)", name: table, resourceType: .source, packageName: "rtsa",
            fqn: ["rtsa", "bronze", source, table], originalFilePath: "models/bronze/sources.yml", tags: ["lake"],
            sourceName: source)
    }

    static func genericTest(_ name: String, _ testName: String, on tested: [String], yaml: String) -> GraphNode {
        GraphNode(
            uniqueId: "test.rtsa.\(name).0a1b2c", name: name, resourceType: .test, packageName: "rtsa",
            fqn: ["rtsa", name], originalFilePath: yaml, testType: .generic, testName: testName,
            testedNodeIds: [tested[0]])
    }

    static let nodes: [GraphNode] = [
        source("lake", "ticks_enriched_v2"),
        source("lake", "symbols"),
        GraphNode(
            uniqueId: "seed.rtsa.symbol_groups", name: "symbol_groups", resourceType: .seed, packageName: "rtsa",
            fqn: ["rtsa", "symbol_groups"], originalFilePath: "seeds/symbol_groups.csv"),
        model("calendar", "", package: "utils"),
        model("bronze_ticks", "bronze", tags: ["bronze"], config: ["materialized": .string("view")]),
        model("silver_daily_close", "silver", tags: ["silver", "nightly"], config: ["materialized": .string("table")]),
        model("silver_symbols", "silver", tags: ["silver"], config: ["materialized": .string("table")]),
        model(
            "gold_latest_price_v2", "gold", tags: ["gold", "nightly"],
            config: ["materialized": .string("incremental")]),
        model("gold_latest_price_v2_grouped", "gold", tags: ["gold"], config: ["materialized": .string("view")]),
        model(
            "gold_grouped_avg_daily", "gold", tags: ["gold"],
            config: ["materialized": .string("view"), "partitioned_by": .list(["dt"])]),
        model(
            "gold_grouped_returns", "gold", tags: ["gold", "finance"],
            config: [
                "materialized": .string("table"), "meta.owner": .string("alice"), "contract_enforced": .bool(true),
                "partitioned_by": .list(["dt", "symbol"]), "threads": .number(4),
            ]),
        GraphNode(
            uniqueId: "exposure.rtsa.returns_dashboard", name: "returns_dashboard", resourceType: .exposure,
            packageName: "rtsa", fqn: ["rtsa", "returns_dashboard"], originalFilePath: "models/exposures.yml"),
        genericTest(
            "not_null_bronze_ticks_symbol", "not_null", on: ["model.rtsa.bronze_ticks"],
            yaml: "models/bronze/schema.yml"),
        genericTest(
            "source_not_null_lake_ticks", "not_null", on: ["source.rtsa.lake.ticks_enriched_v2"],
            yaml: "models/bronze/sources.yml"),
        genericTest(
            "unique_gold_grouped_returns_id", "unique", on: ["model.rtsa.gold_grouped_returns"],
            yaml: "models/gold/schema.yml"),
        genericTest(
            "relationships_avg_daily_symbols", "relationships", on: ["model.rtsa.gold_grouped_avg_daily"],
            yaml: "models/gold/schema.yml"),
        GraphNode(
            uniqueId: "test.rtsa.assert_returns_bounded", name: "assert_returns_bounded", resourceType: .test,
            packageName: "rtsa", fqn: ["rtsa", "assert_returns_bounded"],
            originalFilePath: "tests/assert_returns_bounded.sql", testType: .singular),
    ]

    static let edges: [(String, String)] = [
        ("source.rtsa.lake.ticks_enriched_v2", "model.rtsa.bronze_ticks"),
        ("model.rtsa.bronze_ticks", "model.rtsa.silver_daily_close"),
        ("model.utils.calendar", "model.rtsa.silver_daily_close"),
        ("source.rtsa.lake.symbols", "model.rtsa.silver_symbols"),
        ("seed.rtsa.symbol_groups", "model.rtsa.silver_symbols"),
        ("model.rtsa.silver_daily_close", "model.rtsa.gold_latest_price_v2"),
        ("model.rtsa.gold_latest_price_v2", "model.rtsa.gold_latest_price_v2_grouped"),
        ("model.rtsa.silver_symbols", "model.rtsa.gold_latest_price_v2_grouped"),
        ("model.rtsa.silver_daily_close", "model.rtsa.gold_grouped_avg_daily"),
        ("model.rtsa.silver_symbols", "model.rtsa.gold_grouped_avg_daily"),
        ("model.rtsa.gold_grouped_avg_daily", "model.rtsa.gold_grouped_returns"),
        ("model.rtsa.gold_grouped_returns", "exposure.rtsa.returns_dashboard"),
        ("model.rtsa.bronze_ticks", "test.rtsa.not_null_bronze_ticks_symbol.0a1b2c"),
        ("source.rtsa.lake.ticks_enriched_v2", "test.rtsa.source_not_null_lake_ticks.0a1b2c"),
        ("model.rtsa.gold_grouped_returns", "test.rtsa.unique_gold_grouped_returns_id.0a1b2c"),
        ("model.rtsa.gold_grouped_avg_daily", "test.rtsa.relationships_avg_daily_symbols.0a1b2c"),
        ("model.rtsa.silver_symbols", "test.rtsa.relationships_avg_daily_symbols.0a1b2c"),
        ("model.rtsa.gold_grouped_returns", "test.rtsa.assert_returns_bounded"),
        ("model.rtsa.gold_latest_price_v2", "test.rtsa.assert_returns_bounded"),
    ]

    static let graph = DependencyGraph(nodes: nodes, edges: edges.map { GraphEdge(parent: $0.0, child: $0.1) })
    static let selector = NodeSelector(graph: graph)

    static let allNames: Set<String> = Set(nodes.map(\.name))

    /// Names of the selected nodes, which are unique in this fixture.
    static func names(_ result: SelectionResult) -> Set<String> {
        Set(result.uniqueIds.compactMap { graph.node($0)?.name })
    }
}
