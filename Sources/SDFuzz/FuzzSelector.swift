import SDBasics
import SDGraph

/// Selector input: each line is one `--select` value (a line starting with `!` is an `--exclude`
/// value instead), evaluated over an RTSA-shaped graph with every indirect-selection mode. What
/// is selected must be nodes of the graph, each once; a parse error must select nothing.
enum FuzzSelector {
    static func run(_ text: String) {
        var select: [String] = []
        var exclude: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("!") { exclude.append(String(line.dropFirst())) } else { select.append(String(line)) }
        }
        for mode in IndirectSelection.allCases {
            let result = selector.select(select, exclude: exclude, indirectSelection: mode)
            FuzzCheck.diagnostics(result.diagnostics, "selector")
            if result.hasErrors, !result.isEmpty { FuzzCheck.fail("a selector with errors selected \(result.count) nodes") }
            if Set(result.uniqueIds).count != result.count { FuzzCheck.fail("a node was selected twice") }
            if let stray = result.uniqueIds.first(where: { !graph.contains($0) }) { FuzzCheck.fail("selected '\(stray)', not in the graph") }
        }
    }

    static let selector = NodeSelector(graph: graph, rootPackage: "rtsa")

    /// The RTSA project's shape (docs/selectors.md), plus a second package and a dotted fqn.
    static let graph: DependencyGraph = {
        func model(_ name: String, _ layer: String, _ materialized: String, package: String = "rtsa") -> GraphNode {
            GraphNode(
                uniqueId: "model.\(package).\(name)", name: name, resourceType: .model, packageName: package,
                fqn: [package, layer, name], originalFilePath: "models/\(layer)/\(name).sql", tags: [layer],
                config: ["materialized": .string(materialized), "enabled": .bool(true), "threads": .number(4)])
        }
        func test(_ name: String, on tested: String, generic: Bool) -> GraphNode {
            GraphNode(
                uniqueId: "test.rtsa.\(name)", name: name, resourceType: .test, packageName: "rtsa", fqn: ["rtsa", name],
                originalFilePath: generic ? "models/gold/_gold.yml" : "tests/\(name).sql",
                testType: generic ? .generic : .singular, testName: generic ? "not_null" : nil, testedNodeIds: [tested])
        }
        let nodes = [
            GraphNode(
                uniqueId: "source.rtsa.lake.ticks_enriched_v2", name: "ticks_enriched_v2", resourceType: .source,
                packageName: "rtsa", fqn: ["rtsa", "bronze", "lake", "ticks_enriched_v2"],
                originalFilePath: "models/bronze/_sources.yml", tags: ["lake"], sourceName: "lake"),
            GraphNode(
                uniqueId: "seed.rtsa.symbol_groups", name: "symbol_groups", resourceType: .seed, packageName: "rtsa",
                fqn: ["rtsa", "symbol_groups"], originalFilePath: "seeds/symbol_groups.csv", tags: ["reference"]),
            model("bronze_ticks", "bronze", "view"),
            model("silver_daily_close", "silver", "incremental"),
            model("gold_grouped_returns", "gold", "table"),
            model("calendar", "v1.utils", "ephemeral", package: "utils"),
            GraphNode(
                uniqueId: "exposure.rtsa.returns_dashboard", name: "returns_dashboard", resourceType: .exposure,
                packageName: "rtsa", fqn: ["rtsa", "returns_dashboard"], originalFilePath: "models/exposures.yml"),
            GraphNode(
                uniqueId: "connector.rtsa.s3-sink-ticks", name: "s3-sink-ticks", resourceType: "connector",
                packageName: "rtsa", fqn: ["rtsa", "s3-sink-ticks"], originalFilePath: "streaming/rtsa.yml"),
            test("not_null_gold_grouped_returns_group_id", on: "model.rtsa.gold_grouped_returns", generic: true),
            test("assert_daily_bar_is_consistent", on: "model.rtsa.silver_daily_close", generic: false),
        ]
        let edges = [
            ("connector.rtsa.s3-sink-ticks", "source.rtsa.lake.ticks_enriched_v2"),
            ("source.rtsa.lake.ticks_enriched_v2", "model.rtsa.bronze_ticks"),
            ("model.rtsa.bronze_ticks", "model.rtsa.silver_daily_close"),
            ("seed.rtsa.symbol_groups", "model.rtsa.silver_daily_close"),
            ("model.utils.calendar", "model.rtsa.silver_daily_close"),
            ("model.rtsa.silver_daily_close", "model.rtsa.gold_grouped_returns"),
            ("model.rtsa.gold_grouped_returns", "exposure.rtsa.returns_dashboard"),
            ("model.rtsa.gold_grouped_returns", "test.rtsa.not_null_gold_grouped_returns_group_id"),
            ("model.rtsa.silver_daily_close", "test.rtsa.assert_daily_bar_is_consistent"),
        ].map { GraphEdge(parent: $0.0, child: $0.1) }
        return DependencyGraph(nodes: nodes, edges: edges)
    }()
}
