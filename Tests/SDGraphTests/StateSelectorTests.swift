import SDBasics
import Testing

@testable import SDGraph

/// `state:` over a comparison outcome (`NodeStates`), with dbt's meanings: a new node is also
/// `modified` and every `modified.<part>`; graph operators and `--exclude` apply as to any method.
@Suite struct StateSelectorTests {
    /// silver_daily_close changed in body, gold_grouped_returns in config; calendar is new.
    static var selector: NodeSelector {
        var s = RTSAFixture.selector
        var known = Set(RTSAFixture.graph.nodes.map(\.uniqueId))
        known.remove("model.utils.calendar")
        s.states = NodeStates(
            known: known,
            changes: ["model.rtsa.silver_daily_close": [.body], "model.rtsa.gold_grouped_returns": [.configs, .relation]])
        return s
    }

    static func names(_ select: [String], exclude: [String] = []) -> Set<String> {
        RTSAFixture.names(selector.select(select, exclude: exclude, indirectSelection: .empty))
    }

    @Test func methodsAndParts() {
        #expect(Self.names(["state:new"]) == ["calendar"])
        #expect(Self.names(["state:modified"]) == ["calendar", "silver_daily_close", "gold_grouped_returns"])
        #expect(Self.names(["state:modified.body"]) == ["calendar", "silver_daily_close"])
        #expect(Self.names(["state:modified.configs"]) == ["calendar", "gold_grouped_returns"])
        #expect(Self.names(["state:modified.relation"]) == ["calendar", "gold_grouped_returns"])
        #expect(Self.names(["state:modified.macros"]) == ["calendar"])
        #expect(Self.names(["state:modified"], exclude: ["state:new"]) == ["silver_daily_close", "gold_grouped_returns"])
        #expect(Self.names(["state:old"]).count == RTSAFixture.graph.nodes.count - 1)
    }

    @Test func graphOperatorsReachChildren() {
        let children = Self.names(["state:modified.body+"])
        #expect(children.isSuperset(of: ["silver_daily_close", "gold_grouped_avg_daily", "gold_grouped_returns"]))
        #expect(!children.contains("bronze_ticks"))
        #expect(Self.names(["state:modified.body,tag:nightly"]) == ["silver_daily_close"])
    }

    @Test func unknownValueIsAPositionedError() {
        let result = Self.selector.select(["state:modifed"])
        #expect(result.uniqueIds.isEmpty)
        let text = DiagnosticRenderer(colour: false).render(result.diagnostics)
        #expect(text.contains("--select:1:7: error: unknown state selector 'modifed'"), "\(text)")
        #expect(text.contains("'modified'"), "\(text)")
    }

    @Test func withoutStateNothingIsGuessed() {
        let result = RTSAFixture.selector.select(["tag:nightly"], exclude: ["state:modified"])
        #expect(result.uniqueIds.isEmpty)
        #expect(result.diagnostics.contains { $0.severity == .error && $0.message.contains("needs a previous manifest") })
    }
}
