import Testing

@testable import SDGraph

/// YAML selector definitions (docs.getdbt.com reference/node-selection/yaml-selectors) evaluated
/// over the RTSA graph: each must select what the equivalent `--select`/`--exclude` selects.
@Suite struct SelectorDefinitionTests {
    static func names(_ d: SelectorDefinition, _ mode: IndirectSelection = .eager) -> Set<String> {
        RTSAFixture.names(RTSAFixture.selector.select(definition: d, indirectSelection: mode))
    }

    static func cli(_ select: [String], exclude: [String] = [], _ mode: IndirectSelection = .eager) -> Set<String> {
        RTSAFixture.names(RTSAFixture.selector.select(select, exclude: exclude, indirectSelection: mode))
    }

    @Test func unionWithExcludeIsSelectMinusExclude() {
        let d = SelectorDefinition.union([.expression("silver_symbols+"), .exclude([.expression("gold_grouped_avg_daily")])])
        #expect(Self.names(d) == Self.cli(["silver_symbols+"], exclude: ["gold_grouped_avg_daily"]))
        #expect(!Self.names(d).contains("relationships_avg_daily_symbols"), "an excluded model takes its tests")
    }

    @Test func intersectionIsTheCommaForm() {
        let d = SelectorDefinition.intersection([.expression("tag:gold"), .expression("gold_grouped_returns")])
        #expect(Self.names(d) == Self.cli(["tag:gold,gold_grouped_returns"]))
        #expect(!Self.names(d).isEmpty)
    }

    @Test func unionOfExpressionsIsTheSpaceForm() {
        let d = SelectorDefinition.union([.expression("gold_grouped_returns"), .expression("bronze_ticks")])
        #expect(Self.names(d, .cautious) == Self.cli(["gold_grouped_returns", "bronze_ticks"], .cautious))
    }

    /// Cautious selection sees the whole union: the test on both models joins (IndirectSelectionTests).
    @Test func cautiousSeesTheWholeUnion() {
        let d = SelectorDefinition.union([.expression("gold_grouped_returns"), .expression("gold_latest_price_v2")])
        #expect(Self.names(d, .cautious).contains("assert_returns_bounded"))
        #expect(Self.names(d, .cautious) == Self.cli(["gold_grouped_returns", "gold_latest_price_v2"], .cautious))
    }

    @Test func topLevelExcludeIsEverythingElse() {
        let d = SelectorDefinition.exclude([.expression("tag:gold")])
        #expect(Self.names(d) == Self.cli([], exclude: ["tag:gold"]))
        #expect(Self.names(d).count < RTSAFixture.allNames.count)
    }

    @Test func resultIsTopologicalAndKeptToResourceTypes() {
        let r = RTSAFixture.selector.select(definition: .expression("+gold_grouped_returns"), resourceTypes: [.model])
        let plain = RTSAFixture.selector.select(["+gold_grouped_returns"], resourceTypes: [.model])
        #expect(r.uniqueIds == plain.uniqueIds)
    }

    @Test func aBrokenExpressionSelectsNothing() {
        let r = RTSAFixture.selector.select(definition: .union([.expression("tag:gold"), .expression("resource_type:modle")]))
        #expect(r.uniqueIds.isEmpty)
        #expect(r.diagnostics.contains { $0.severity == .error })
    }
}
