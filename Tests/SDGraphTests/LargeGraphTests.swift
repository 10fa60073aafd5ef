import SDTestSupport
import Testing

@testable import SDGraph

/// A generated project of 10,000 models in 20 folders with 30,000 edges, checked against plain
/// reference implementations written differently from the library's (depth-first, on names).
@Suite(.tags(.large)) struct LargeGraphTests {
    static let count = 10_000
    static let layers = 20

    static func name(_ i: Int) -> String { "m\(i)" }

    /// Every edge goes from a lower to a higher number, so the graph is acyclic.
    static let generated: (nodes: [GraphNode], edges: [GraphEdge]) = {
        var generator = SplitMix64(seed: 42)
        let nodes = (0..<count).map { i in
            let folder = "f\(i * layers / count)"
            return GraphNode(
                uniqueId: "model.big.\(name(i))", name: name(i), resourceType: .model, packageName: "big",
                fqn: ["big", folder, name(i)], originalFilePath: "models/\(folder)/\(name(i)).sql",
                tags: i % 7 == 0 ? ["seventh"] : [])
        }
        var edges: [GraphEdge] = []
        for child in 1..<count {
            for _ in 0..<3 {
                let parent = Int(generator.next() % UInt64(child))
                edges.append(GraphEdge(parent: "model.big.\(name(parent))", child: "model.big.\(name(child))"))
            }
        }
        return (nodes, edges)
    }()

    static let graph = DependencyGraph(nodes: generated.nodes, edges: generated.edges)

    static func referenceAncestors(of id: String) -> Set<String> {
        var parents: [String: [String]] = [:]
        for e in generated.edges { parents[e.child, default: []].append(e.parent) }
        var seen: Set<String> = []
        var stack = [id]
        while let v = stack.popLast() {
            for p in parents[v] ?? [] where seen.insert(p).inserted { stack.append(p) }
        }
        return seen
    }

    @Test func topologicalOrderRespectsEveryEdge() {
        let order = Self.graph.topologicalOrder
        #expect(order.count == Self.count)
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        var violations = 0
        for e in Self.generated.edges where (position[e.parent] ?? 0) >= (position[e.child] ?? 0) { violations += 1 }
        #expect(violations == 0)
        #expect(Self.graph.isAcyclic)
    }

    @Test(arguments: [9_999, 5_000, 123])
    func ancestorSelectionMatchesReference(index: Int) {
        let target = "model.big.\(Self.name(index))"
        let selector = NodeSelector(graph: Self.graph)
        let result = selector.select(["+\(Self.name(index))"])
        #expect(Set(result.uniqueIds) == Self.referenceAncestors(of: target).union([target]))
        #expect(result.uniqueIds.last == target)
        // Small selections are ordered by rank, large ones by a pass over the order: both agree.
        #expect(result.uniqueIds == Self.graph.topologicalOrder.filter(result.contains))
    }

    @Test func folderIntersectionAndExclusionMatchReference() {
        let selector = NodeSelector(graph: Self.graph)
        let result = selector.select(["f3,tag:seventh f19"], exclude: ["m9999"])
        let expected = Set(
            Self.generated.nodes.filter { node in
                let folder = node.fqn[1]
                return ((folder == "f3" && node.tags == ["seventh"]) || folder == "f19") && node.name != "m9999"
            }.map(\.uniqueId))
        #expect(Set(result.uniqueIds) == expected)
        // f3 holds m1500…m1999 (71 multiples of 7); f19 holds m9500…m9999 minus the excluded m9999.
        #expect(result.count == 71 + 499)
    }
}
