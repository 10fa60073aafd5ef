import Testing

@testable import SDGraph

@Suite struct NodeIndexTableTests {
    @Test func findsEveryIdAndNothingElse() {
        let ids = (0..<5_000).map { "model.p.m\($0)" } + ["", "é", "model.p.m1 "]
        var duplicates: [String] = []
        let table = NodeIndexTable(ids: ids) { duplicates.append($0) }
        for (i, id) in ids.enumerated() { #expect(table.index(of: id) == i) }
        #expect(table.index(of: "model.p.m5000") == nil)
        #expect(table.index(of: "model.p.m") == nil)
        #expect(duplicates.isEmpty)
    }

    @Test func reportsDuplicates() {
        var duplicates: [String] = []
        let table = NodeIndexTable(ids: ["a", "b", "a"]) { duplicates.append($0) }
        #expect(duplicates == ["a"])
        #expect(table.index(of: "a") == 0)
    }

    /// Edges to unknown nodes are a programmer error: the compiler resolves refs before building.
    @Test func edgeToUnknownNodeTraps() async {
        await #expect(processExitsWith: .failure) {
            let node = GraphNode(
                uniqueId: "model.p.a", name: "a", resourceType: .model, packageName: "p", fqn: ["p", "a"],
                originalFilePath: "models/a.sql")
            _ = DependencyGraph(nodes: [node], edges: [GraphEdge(parent: "model.p.a", child: "model.p.missing")])
        }
    }
}
