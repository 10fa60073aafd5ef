import SDBasics
import SDTestSupport
import Testing

@testable import SDGraph

@Suite struct DependencyGraphTests {
    static func node(_ name: String) -> GraphNode {
        GraphNode(
            uniqueId: "model.p.\(name)", name: name, resourceType: .model, packageName: "p", fqn: ["p", name],
            originalFilePath: "models/\(name).sql")
    }

    static func graph(_ names: [String], _ edges: [(String, String)]) -> DependencyGraph {
        DependencyGraph(
            nodes: names.map(node), edges: edges.map { GraphEdge(parent: "model.p.\($0.0)", child: "model.p.\($0.1)") })
    }

    @Test func topologicalOrderBreaksTiesByUniqueId() {
        // d and b are both ready first; b sorts first. c waits for a.
        let g = Self.graph(["d", "c", "b", "a"], [("b", "a"), ("a", "c"), ("d", "c")])
        #expect(g.topologicalOrder == ["model.p.b", "model.p.a", "model.p.d", "model.p.c"])
        #expect(g.isAcyclic)
    }

    @Test func topologicalOrderIgnoresInputOrder() {
        let names = ["e", "a", "d", "c", "b", "f"]
        let edges = [("a", "b"), ("a", "c"), ("c", "d"), ("b", "d"), ("f", "e"), ("a", "c")]
        let first = Self.graph(names, edges).topologicalOrder
        var generator = SplitMix64(seed: 7)
        for _ in 0..<20 {
            let shuffled = Self.graph(names.shuffled(using: &generator), edges.shuffled(using: &generator))
            #expect(shuffled.topologicalOrder == first)
        }
        #expect(first.map { $0.split(separator: ".").last.map(String.init) ?? "" } == ["a", "b", "c", "d", "f", "e"])
    }

    @Test func parentsAndChildrenAreSortedAndDeduplicated() {
        let g = Self.graph(["a", "b", "c", "z"], [("z", "c"), ("a", "c"), ("b", "c"), ("a", "c")])
        #expect(g.parents(of: "model.p.c") == ["model.p.a", "model.p.b", "model.p.z"])
        #expect(g.children(of: "model.p.a") == ["model.p.c"])
        #expect(g.parentMap["model.p.c"] == ["model.p.a", "model.p.b", "model.p.z"])
        #expect(g.childMap["model.p.c"] == [])
        #expect(g.parents(of: "model.p.missing") == [])
    }

    @Test func ancestorsAndDescendantsHonourDepth() {
        // a -> b -> c -> d, and a -> d directly: d is one generation below a by the short path.
        let g = Self.graph(["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("c", "d"), ("a", "d")])
        #expect(g.ancestors(of: "model.p.d") == ["model.p.a", "model.p.b", "model.p.c"])
        #expect(g.ancestors(of: "model.p.d", depth: 1) == ["model.p.a", "model.p.c"])
        #expect(g.ancestors(of: "model.p.d", depth: 0) == [])
        #expect(g.descendants(of: "model.p.a", depth: 1) == ["model.p.b", "model.p.d"])
        #expect(g.descendants(of: "model.p.b") == ["model.p.c", "model.p.d"])
    }

    @Test func emptyGraphSelectsNothingAndWarns() {
        let g = DependencyGraph(nodes: [], edges: [])
        #expect(g.topologicalOrder.isEmpty)
        #expect(g.isAcyclic)
        let selector = NodeSelector(graph: g)
        #expect(selector.select([]).uniqueIds.isEmpty)
        let result = selector.select(["+anything"])
        #expect(result.uniqueIds.isEmpty)
        #expect(result.diagnostics.map(\.severity) == [.warning])
    }

    @Test func blankSelectValueMeansEverything() {
        let g = Self.graph(["a", "b"], [("a", "b")])
        #expect(NodeSelector(graph: g).select(["  "]).uniqueIds == ["model.p.a", "model.p.b"])
    }

    @Test func selectionWorksAcrossACycle() {
        let g = Self.graph(["a", "b", "c"], [("a", "b"), ("b", "a"), ("b", "c")])
        let result = NodeSelector(graph: g).select(["+c"])
        #expect(Set(result.uniqueIds) == ["model.p.a", "model.p.b", "model.p.c"])
    }

    @Test func selfLoopIsACycle() {
        let g = Self.graph(["a", "b"], [("a", "a"), ("a", "b")])
        #expect(g.cycles.map(\.description) == ["model.p.a -> model.p.a"])
        #expect(g.cycles.map(\.nameDescription) == ["a -> a"])
        #expect(Set(g.topologicalOrder) == ["model.p.a", "model.p.b"])
    }

    @Test func twoCycleIsReportedWhole() {
        let g = Self.graph(["a", "b", "c"], [("a", "b"), ("b", "a"), ("b", "c")])
        #expect(g.cycles.map(\.description) == ["model.p.a -> model.p.b -> model.p.a"])
        #expect(DiagnosticRenderer().render(g.cycleDiagnostics()) == "error: dependency cycle: a -> b -> a\n")
        #expect(
            DiagnosticRenderer().render(g.cycleDiagnostics(plainNames: false))
                == "error: dependency cycle: model.p.a -> model.p.b -> model.p.a\n")
    }

    @Test func longCycleStartsAtTheSmallestIdAndTakesTheShortestWay() {
        // e -> c -> a -> d -> b -> e, plus a shortcut d -> e; a longer detour would be reported otherwise.
        let g = Self.graph(
            ["a", "b", "c", "d", "e", "x"],
            [("e", "c"), ("c", "a"), ("a", "d"), ("d", "b"), ("b", "e"), ("d", "e"), ("x", "a")])
        #expect(g.cycles.map(\.nameDescription) == ["a -> d -> e -> c -> a"])
        #expect(g.cycles.first?.otherMembers == ["model.p.b"])
        #expect(
            DiagnosticRenderer().render(g.cycleDiagnostics()) == """
                error: dependency cycle: a -> d -> e -> c -> a
                  hint: also caught in cycles with these: b

                """)
        #expect(
            DiagnosticRenderer().render(g.cycleDiagnostics(plainNames: false)) == """
                error: dependency cycle: model.p.a -> model.p.d -> model.p.e -> model.p.c -> model.p.a
                  hint: also caught in cycles with these: model.p.b

                """)
        // x is not in the cycle and comes first; the cycle's nodes follow by uniqueId.
        #expect(g.topologicalOrder.first == "model.p.x")
    }

    @Test func separateCyclesAreAllReportedInOrder() {
        let g = Self.graph(
            ["m", "n", "a", "b", "c", "ok"],
            [("n", "m"), ("m", "n"), ("c", "b"), ("b", "a"), ("a", "c"), ("ok", "a")])
        #expect(g.cycles.map(\.nameDescription) == ["a -> c -> b -> a", "m -> n -> m"])
        #expect(
            DiagnosticRenderer().render(g.cycleDiagnostics()) == """
                error: dependency cycle: a -> c -> b -> a
                error: dependency cycle: m -> n -> m

                """)
        #expect(!g.isAcyclic)
    }

    @Test(.tags(.large)) func deepChainDoesNotOverflowTheStack() {
        let count = 50_000
        let names = (0..<count).map { "n\($0)" }
        var edges = (1..<count).map { ("n\($0 - 1)", "n\($0)") }
        edges.append(("n\(count - 1)", "n0"))
        let g = Self.graph(names, edges)
        #expect(g.cycles.count == 1)
        #expect(g.cycles.first?.uniqueIds.count == count)
        #expect(g.cycles.first?.uniqueIds.first == "model.p.n0")
    }
}
