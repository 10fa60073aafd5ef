import Testing

@testable import SDGraph

/// The examples of docs/selectors.md, over a graph with the shape of the RTSA project as shipped
/// (models/bronze, silver, gold; seed symbol_groups; source lake.ticks_enriched_v2; tests/).
@Suite struct SelectorDocsExamplesTests {
    static func model(_ name: String, _ layer: String, _ materialized: String) -> GraphNode {
        GraphNode(
            uniqueId: "model.rtsa.\(name)", name: name, resourceType: .model, packageName: "rtsa",
            fqn: ["rtsa", layer, name], originalFilePath: "models/\(layer)/\(name).sql", tags: [layer],
            config: ["materialized": .string(materialized)])
    }

    static func singular(_ name: String) -> GraphNode {
        GraphNode(
            uniqueId: "test.rtsa.\(name)", name: name, resourceType: .test, packageName: "rtsa", fqn: ["rtsa", name],
            originalFilePath: "tests/\(name).sql", testType: .singular)
    }

    static func generic(_ name: String, _ testName: String, on: String, yaml: String) -> GraphNode {
        GraphNode(
            uniqueId: "test.rtsa.\(name).5f3c", name: name, resourceType: .test, packageName: "rtsa",
            fqn: ["rtsa", name], originalFilePath: yaml, testType: .generic, testName: testName, testedNodeIds: [on])
    }

    static let relationships = "relationships_gold_grouped_avg_daily_group_id__group_id__ref_symbol_groups_"

    static let nodes: [GraphNode] = [
        GraphNode(
            uniqueId: "source.rtsa.lake.ticks_enriched_v2", name: "ticks_enriched_v2", resourceType: .source,
            packageName: "rtsa", fqn: ["rtsa", "bronze", "lake", "ticks_enriched_v2"],
            originalFilePath: "models/bronze/_sources.yml", sourceName: "lake"),
        GraphNode(
            uniqueId: "seed.rtsa.symbol_groups", name: "symbol_groups", resourceType: .seed, packageName: "rtsa",
            fqn: ["rtsa", "symbol_groups"], originalFilePath: "seeds/symbol_groups.csv", tags: ["reference"]),
        model("bronze_ticks", "bronze", "view"),
        model("silver_ticks_grouped", "silver", "ephemeral"),
        model("silver_daily_close", "silver", "incremental"),
        model("gold_latest_price_v2", "gold", "table"),
        model("gold_latest_price_v2_grouped", "gold", "table"),
        model("gold_grouped_avg_daily", "gold", "table"),
        model("gold_grouped_returns", "gold", "table"),
        singular("assert_one_row_per_group_and_day"),
        singular("assert_returns_null_iff_short_history"),
        singular("assert_daily_bar_is_consistent"),
        singular("assert_latest_price_is_newest_tick"),
        generic(
            "not_null_gold_grouped_returns_group_id", "not_null", on: "model.rtsa.gold_grouped_returns",
            yaml: "models/gold/_gold.yml"),
        generic(
            "unique_gold_latest_price_v2_symbol_v", "unique", on: "model.rtsa.gold_latest_price_v2",
            yaml: "models/gold/_gold.yml"),
        generic(relationships, "relationships", on: "model.rtsa.gold_grouped_avg_daily", yaml: "models/gold/_gold.yml"),
        generic(
            "not_null_bronze_ticks_symbol_v", "not_null", on: "model.rtsa.bronze_ticks",
            yaml: "models/bronze/_bronze.yml"),
        generic(
            "source_not_null_lake_ticks_enriched_v2_price", "not_null", on: "source.rtsa.lake.ticks_enriched_v2",
            yaml: "models/bronze/_sources.yml"),
        generic(
            "not_null_symbol_groups_group_id", "not_null", on: "seed.rtsa.symbol_groups", yaml: "seeds/_seeds.yml"),
    ]

    static let edges: [(String, String)] = [
        ("source.rtsa.lake.ticks_enriched_v2", "model.rtsa.bronze_ticks"),
        ("model.rtsa.bronze_ticks", "model.rtsa.silver_ticks_grouped"),
        ("seed.rtsa.symbol_groups", "model.rtsa.silver_ticks_grouped"),
        ("model.rtsa.silver_ticks_grouped", "model.rtsa.silver_daily_close"),
        ("model.rtsa.silver_daily_close", "model.rtsa.gold_latest_price_v2"),
        ("model.rtsa.gold_latest_price_v2", "model.rtsa.gold_latest_price_v2_grouped"),
        ("model.rtsa.silver_daily_close", "model.rtsa.gold_grouped_avg_daily"),
        ("model.rtsa.gold_grouped_avg_daily", "model.rtsa.gold_grouped_returns"),
        ("model.rtsa.gold_grouped_avg_daily", "test.rtsa.assert_one_row_per_group_and_day"),
        ("model.rtsa.gold_grouped_returns", "test.rtsa.assert_one_row_per_group_and_day"),
        ("model.rtsa.gold_grouped_avg_daily", "test.rtsa.assert_returns_null_iff_short_history"),
        ("model.rtsa.gold_grouped_returns", "test.rtsa.assert_returns_null_iff_short_history"),
        ("model.rtsa.silver_daily_close", "test.rtsa.assert_daily_bar_is_consistent"),
        ("model.rtsa.bronze_ticks", "test.rtsa.assert_latest_price_is_newest_tick"),
        ("model.rtsa.gold_latest_price_v2", "test.rtsa.assert_latest_price_is_newest_tick"),
        ("model.rtsa.gold_latest_price_v2_grouped", "test.rtsa.assert_latest_price_is_newest_tick"),
        ("model.rtsa.gold_grouped_returns", "test.rtsa.not_null_gold_grouped_returns_group_id.5f3c"),
        ("model.rtsa.gold_latest_price_v2", "test.rtsa.unique_gold_latest_price_v2_symbol_v.5f3c"),
        ("model.rtsa.gold_grouped_avg_daily", "test.rtsa.\(relationships).5f3c"),
        ("seed.rtsa.symbol_groups", "test.rtsa.\(relationships).5f3c"),
        ("model.rtsa.bronze_ticks", "test.rtsa.not_null_bronze_ticks_symbol_v.5f3c"),
        ("source.rtsa.lake.ticks_enriched_v2", "test.rtsa.source_not_null_lake_ticks_enriched_v2_price.5f3c"),
        ("seed.rtsa.symbol_groups", "test.rtsa.not_null_symbol_groups_group_id.5f3c"),
    ]

    static let selector = NodeSelector(
        graph: DependencyGraph(nodes: nodes, edges: edges.map { GraphEdge(parent: $0.0, child: $0.1) }))

    static let returnsUpstream: Set<String> = [
        "gold_grouped_returns", "gold_grouped_avg_daily", "silver_daily_close", "silver_ticks_grouped", "bronze_ticks",
        "symbol_groups", "ticks_enriched_v2",
    ]
    static let gold: Set<String> = [
        "gold_latest_price_v2", "gold_latest_price_v2_grouped", "gold_grouped_avg_daily", "gold_grouped_returns",
    ]
    static let returnsAsserts: Set<String> = [
        "assert_one_row_per_group_and_day", "assert_returns_null_iff_short_history",
    ]

    static let cases: [(String, IndirectSelection, Set<ResourceType>?, Set<String>)] = [
        ("tag:silver,config.materialized:incremental", .empty, nil, ["silver_daily_close"]),
        ("+gold_grouped_returns", .empty, nil, returnsUpstream),
        (
            "gold_grouped_avg_daily+", .empty, nil,
            returnsAsserts.union([
                "gold_grouped_avg_daily", "gold_grouped_returns", "not_null_gold_grouped_returns_group_id",
                relationships,
            ])
        ),
        ("1+gold_grouped_returns", .empty, nil, ["gold_grouped_returns", "gold_grouped_avg_daily"]),
        (
            "silver_daily_close+1", .empty, nil,
            [
                "silver_daily_close", "gold_latest_price_v2", "gold_grouped_avg_daily",
                "assert_daily_bar_is_consistent",
            ]
        ),
        (
            "@gold_latest_price_v2", .empty, nil,
            [
                "gold_latest_price_v2", "gold_latest_price_v2_grouped", "assert_latest_price_is_newest_tick",
                "unique_gold_latest_price_v2_symbol_v", "silver_daily_close", "silver_ticks_grouped", "bronze_ticks",
                "symbol_groups", "ticks_enriched_v2",
            ]
        ),
        (
            "path:models/gold", .empty, nil,
            gold.union([
                "not_null_gold_grouped_returns_group_id", "unique_gold_latest_price_v2_symbol_v", relationships,
            ])
        ),
        (
            "path:models/bronze", .empty, nil,
            [
                "bronze_ticks", "ticks_enriched_v2", "not_null_bronze_ticks_symbol_v",
                "source_not_null_lake_ticks_enriched_v2_price",
            ]
        ),
        (
            "path:tests", .empty, nil,
            returnsAsserts.union([
                "assert_daily_bar_is_consistent", "assert_latest_price_is_newest_tick",
            ])
        ),
        ("symbol_groups.csv", .empty, nil, ["symbol_groups"]),
        // Tests on ancestors are not descendants of gold_grouped_returns, so only its own asserts.
        ("test_type:singular,+gold_grouped_returns+", .empty, nil, returnsAsserts),
        (
            "resource_type:model,+gold_grouped_returns", .empty, nil,
            [
                "gold_grouped_returns", "gold_grouped_avg_daily", "silver_daily_close", "silver_ticks_grouped",
                "bronze_ticks",
            ]
        ),
        // Indirect selection table.
        (
            "gold_grouped_returns", .eager, nil,
            returnsAsserts.union([
                "gold_grouped_returns", "not_null_gold_grouped_returns_group_id",
            ])
        ),
        ("gold_grouped_returns", .cautious, nil, ["gold_grouped_returns", "not_null_gold_grouped_returns_group_id"]),
        (
            "gold_grouped_returns", .buildable, nil,
            returnsAsserts.union([
                "gold_grouped_returns", "not_null_gold_grouped_returns_group_id",
            ])
        ),
        ("gold_grouped_returns", .empty, nil, ["gold_grouped_returns"]),
        (
            "gold_grouped_avg_daily gold_grouped_returns", .cautious, nil,
            returnsAsserts.union([
                "gold_grouped_avg_daily", "gold_grouped_returns", "not_null_gold_grouped_returns_group_id",
            ])
        ),
        // `swiftdbt test -s +gold_grouped_returns`.
        (
            "+gold_grouped_returns", .eager, .test,
            returnsAsserts.union([
                "not_null_gold_grouped_returns_group_id", relationships, "assert_daily_bar_is_consistent",
                "assert_latest_price_is_newest_tick", "not_null_bronze_ticks_symbol_v",
                "source_not_null_lake_ticks_enriched_v2_price", "not_null_symbol_groups_group_id",
            ])
        ),
    ]

    @Test(arguments: cases)
    func docsExample(input: String, mode: IndirectSelection, types: Set<ResourceType>?, expected: Set<String>) {
        let selector = Self.selector
        let result = selector.select([input], indirectSelection: mode, resourceTypes: types)
        #expect(result.diagnostics.isEmpty)
        #expect(Set(result.uniqueIds.compactMap { selector.graph.node($0)?.name }) == expected, "\(input) \(mode)")
    }
}
