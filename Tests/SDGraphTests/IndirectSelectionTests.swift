import Testing

@testable import SDGraph

/// Indirect selection of tests (docs.getdbt.com reference/node-selection/test-selection-examples,
/// "Indirect selection"): eager, cautious, buildable and empty.
@Suite struct IndirectSelectionTests {
    static let cases: [(String, IndirectSelection, Set<String>)] = [
        // assert_returns_bounded also depends on gold_latest_price_v2, which is not selected.
        (
            "gold_grouped_returns", .eager,
            ["gold_grouped_returns", "unique_gold_grouped_returns_id", "assert_returns_bounded"]
        ),
        ("gold_grouped_returns", .cautious, ["gold_grouped_returns", "unique_gold_grouped_returns_id"]),
        ("gold_grouped_returns", .buildable, ["gold_grouped_returns", "unique_gold_grouped_returns_id"]),
        ("gold_grouped_returns", .empty, ["gold_grouped_returns"]),
        // The relationships test's other parent, silver_symbols, is an ancestor of gold_grouped_avg_daily.
        ("gold_grouped_avg_daily", .eager, ["gold_grouped_avg_daily", "relationships_avg_daily_symbols"]),
        ("gold_grouped_avg_daily", .cautious, ["gold_grouped_avg_daily"]),
        ("gold_grouped_avg_daily", .buildable, ["gold_grouped_avg_daily", "relationships_avg_daily_symbols"]),
        ("gold_grouped_avg_daily", .empty, ["gold_grouped_avg_daily"]),
        // Cautious: a test held back by one criterion joins once the union holds all its parents.
        (
            "gold_grouped_returns gold_latest_price_v2", .cautious,
            [
                "gold_grouped_returns", "gold_latest_price_v2", "unique_gold_grouped_returns_id",
                "assert_returns_bounded",
            ]
        ),
        ("gold_grouped_returns gold_latest_price_v2", .empty, ["gold_grouped_returns", "gold_latest_price_v2"]),
        // Sources count as built for buildable.
        ("bronze_ticks", .buildable, ["bronze_ticks", "not_null_bronze_ticks_symbol"]),
        ("source:lake", .eager, ["ticks_enriched_v2", "symbols", "source_not_null_lake_ticks"]),
        // A test selected directly stays selected whatever the mode.
        ("test_name:unique", .empty, ["unique_gold_grouped_returns_id"]),
        ("assert_returns_bounded", .cautious, ["assert_returns_bounded"]),
        // Intersection applies to the expanded sets: the test is in both sides.
        (
            "tag:gold,gold_grouped_returns", .eager,
            [
                "gold_grouped_returns", "unique_gold_grouped_returns_id", "assert_returns_bounded",
            ]
        ),
    ]

    @Test(arguments: cases)
    func selectsTests(input: String, mode: IndirectSelection, expected: Set<String>) {
        let result = RTSAFixture.selector.select([input], indirectSelection: mode)
        #expect(!result.hasErrors)
        #expect(RTSAFixture.names(result) == expected, "\(input) with \(mode)")
    }

    /// dbt parses --exclude with eager selection whatever the mode: excluding a model drops every test
    /// touching it, even one that also tests a selected model.
    @Test(arguments: IndirectSelection.allCases)
    func exclusionRemovesTestsOfExcludedNodes(mode: IndirectSelection) {
        let result = RTSAFixture.selector.select(
            ["silver_symbols+"], exclude: ["gold_grouped_avg_daily"], indirectSelection: mode)
        #expect(
            RTSAFixture.names(result) == [
                "silver_symbols", "gold_latest_price_v2_grouped", "gold_grouped_returns", "returns_dashboard",
                "unique_gold_grouped_returns_id", "assert_returns_bounded",
            ])
        #expect(!result.contains("test.rtsa.relationships_avg_daily_symbols.0a1b2c"))
    }

    /// A test's declared `testedNodeIds` count as dependencies even without a graph edge.
    @Test func testedNodeIdsJoinTheDependencies() {
        let model = RTSAFixture.model("m", "x")
        let test = GraphNode(
            uniqueId: "test.rtsa.not_null_m_id.1", name: "not_null_m_id", resourceType: .test, packageName: "rtsa",
            fqn: ["rtsa", "not_null_m_id"], originalFilePath: "models/x/schema.yml", testType: .generic,
            testName: "not_null", testedNodeIds: [model.uniqueId])
        let graph = DependencyGraph(nodes: [model, test], edges: [])
        let result = NodeSelector(graph: graph).select(["m"])
        #expect(result.uniqueIds == ["model.rtsa.m", "test.rtsa.not_null_m_id.1"])
    }
}
