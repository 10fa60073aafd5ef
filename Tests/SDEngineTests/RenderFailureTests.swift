import SDBasics
import SDCompiler
import SDEngine
import Testing

/// Which selected nodes a failed render blames (Invocation+RenderFailures.swift): the node whose file
/// or hook an error points at, the nodes inlining a failed ephemeral model, else every node.
@Suite struct RenderFailureTests {
    static let nodes = Nodes.byId([
        Nodes.model("a"), Nodes.model("b"), Nodes.model("eph", materialized: "ephemeral"),
        Nodes.model("uses_eph", dependsOn: ["eph"]), Nodes.model("c", dependsOn: ["a"]),
    ])
    static let order = ["model.p.a", "model.p.b", "model.p.uses_eph", "model.p.c"]

    static func error(at path: String) -> Diagnostic {
        .error("the query failed on the target", at: SourceRange(file: SourceFile(path: path, text: "x"), bytes: 0..<1))
    }

    @Test func anErrorInANodesFileOrHookBlamesThatNodeAlone() {
        #expect(Invocation.nodesBlamed(by: [Self.error(at: "models/a.sql")], order: Self.order, nodes: Self.nodes) == ["model.p.a"])
        #expect(Invocation.nodesBlamed(by: [Self.error(at: "models/b.sql (pre-hook 1)")], order: Self.order, nodes: Self.nodes) == ["model.p.b"])
        // A path-only diagnostic (no range) counts too.
        #expect(Invocation.nodesBlamed(by: [.error("bad hook", path: "models/b.sql")], order: Self.order, nodes: Self.nodes) == ["model.p.b"])
    }

    @Test func aFailedEphemeralModelBlamesTheNodesThatInlineIt() {
        #expect(Invocation.nodesBlamed(by: [Self.error(at: "models/eph.sql")], order: Self.order, nodes: Self.nodes) == ["model.p.uses_eph"])
    }

    @Test func anErrorNamingNoSelectedNodeBlamesThemAll() {
        #expect(Invocation.nodesBlamed(by: [Self.error(at: "macros/m.sql")], order: Self.order, nodes: Self.nodes) == Set(Self.order))
    }
}
