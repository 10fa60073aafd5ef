import Testing

@testable import SDGraph

/// dbt 1.8's unit tests in selection: they join their model's selection like data tests (eager,
/// cautious), `test_type:unit` picks them alone, `test_type:data` leaves them out, and
/// `resource_type:unit_test` names their kind.
@Suite struct UnitTestSelectionTests {
    static let graph: DependencyGraph = {
        let nodes = [
            GraphNode(uniqueId: "model.p.stg", name: "stg", resourceType: .model, packageName: "p", fqn: ["p", "stg"], originalFilePath: "models/stg.sql"),
            GraphNode(uniqueId: "model.p.m", name: "m", resourceType: .model, packageName: "p", fqn: ["p", "m"], originalFilePath: "models/m.sql"),
            GraphNode(
                uniqueId: "unit_test.p.m.u", name: "u", resourceType: .unitTest, packageName: "p", fqn: ["p", "m", "u"],
                originalFilePath: "models/unit.yml", testType: .unit, testedNodeIds: ["model.p.m"]),
            GraphNode(
                uniqueId: "test.p.not_null_m_id", name: "not_null_m_id", resourceType: .test, packageName: "p",
                fqn: ["p", "not_null_m_id"], originalFilePath: "models/unit.yml", testType: .generic, testName: "not_null",
                testedNodeIds: ["model.p.m"]),
        ]
        let edges = [
            GraphEdge(parent: "model.p.stg", child: "model.p.m"), GraphEdge(parent: "model.p.m", child: "unit_test.p.m.u"),
            GraphEdge(parent: "model.p.m", child: "test.p.not_null_m_id"),
        ]
        return DependencyGraph(nodes: nodes, edges: edges)
    }()

    static func select(_ s: [String], exclude: [String] = [], _ mode: IndirectSelection = .eager) -> Set<String> {
        Set(NodeSelector(graph: graph).select(s, exclude: exclude, indirectSelection: mode).uniqueIds)
    }

    @Test func unitTestsGoWithTheirModelAndByTheirOwnMethods() {
        #expect(Self.select(["m"]) == ["model.p.m", "unit_test.p.m.u", "test.p.not_null_m_id"])
        #expect(Self.select(["m"], .cautious) == ["model.p.m", "unit_test.p.m.u", "test.p.not_null_m_id"])
        // A unit test's fqn is the model's plus its name (dbt's), so `m` matches it as an fqn prefix
        // even without indirect selection; the data test is left out.
        #expect(Self.select(["m"], .empty) == ["model.p.m", "unit_test.p.m.u"])
        #expect(Self.select(["path:models/m.sql"], .empty) == ["model.p.m"])
        #expect(Self.select(["path:models/m.sql"]) == ["model.p.m", "unit_test.p.m.u", "test.p.not_null_m_id"])
        #expect(Self.select(["test_type:unit"]) == ["unit_test.p.m.u"])
        #expect(Self.select(["test_type:data"]) == ["test.p.not_null_m_id"])
        #expect(Self.select(["resource_type:unit_test"]) == ["unit_test.p.m.u"])
        #expect(Self.select(["+m"], exclude: ["test_type:unit"]) == ["model.p.stg", "model.p.m", "test.p.not_null_m_id"])
        // Excluding a model drops its unit tests, as it drops its data tests.
        #expect(Self.select([], exclude: ["m"]) == ["model.p.stg"])
    }

    /// dbt 1.8's `unit_test:` method: a unit test by name or `package.name`, each part a glob; a
    /// model's name is no unit test's name, and three parts are refused as dbt refuses them.
    @Test func unitTestMethodSelectsByNameAndPackage() {
        var nodes = Self.graph.nodes
        nodes.append(
            GraphNode(
                uniqueId: "unit_test.q.n.u2", name: "u2", resourceType: .unitTest, packageName: "q", fqn: ["q", "n", "u2"],
                originalFilePath: "models/unit.yml", testType: .unit, testedNodeIds: []))
        let selector = NodeSelector(graph: DependencyGraph(nodes: nodes, edges: []))
        func select(_ s: String) -> Set<String> { Set(selector.select([s], indirectSelection: .empty).uniqueIds) }
        #expect(select("unit_test:u") == ["unit_test.p.m.u"])
        #expect(select("unit_test:u*") == ["unit_test.p.m.u", "unit_test.q.n.u2"])
        #expect(select("unit_test:q.*") == ["unit_test.q.n.u2"])
        #expect(select("unit_test:p.u2") == [])
        #expect(select("unit_test:m") == [], "the model's name is not the unit test's")
        #expect(select("unit_test:*,test_type:unit") == ["unit_test.p.m.u", "unit_test.q.n.u2"])
        let refused = selector.select(["unit_test:p.m.u"])
        #expect(refused.diagnostics.map(\.message) == ["unit test selector 'p.m.u' has too many parts"])
    }
}
