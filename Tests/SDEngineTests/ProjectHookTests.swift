import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDTestSupport
import Testing

/// What on-run-end sees and how project hooks are named and run (docs/hooks.md), on the recording engine.
@Suite struct ProjectHookTests {
    @Test func onRunEndSeesEachNodesResultAndTheSchemasWrittenOnce() {
        var other = Nodes.model("b")
        other.relation = Relation(database: "memory", schema: "gold", identifier: "b")
        let nodes = Nodes.byId([Nodes.model("a"), other, Nodes.test("t", on: "a")])
        let now = Date()
        let results = [
            NodeResult(uniqueId: "model.p.a", status: .success, message: "OK", startedAt: now, completedAt: now),
            NodeResult(uniqueId: "model.p.b", status: .error, message: "boom", startedAt: now, completedAt: now),
            NodeResult(uniqueId: "test.p.t", status: .pass, message: "PASS", startedAt: now, completedAt: now),
        ]
        let context = Invocation.endContext(results: results, nodes: nodes)
        #expect(context["schemas"] == .array(["main", "gold"]))
        #expect(context["database_schemas"] == .array([.array(["memory", "main"]), .array(["memory", "gold"])]))
        guard case .array(let list) = context["results"] ?? .null else {
            Issue.record("results is not a list")
            return
        }
        #expect(list.map { $0["status"]?.stringValue } == ["success", "error", "pass"])
        #expect(list[1]["node"]?["relation_name"]?.stringValue == #""memory"."gold"."b""#)
        #expect(list[1]["message"]?.stringValue == "boom")
    }

    @Test func aFailingHookStopsTheHooksAfterItWhichAreSkipped() async {
        // The recording engine answers only scripted queries; "bad" is not one, so it fails.
        let ok = QueryResult(columns: [], rows: [])
        let engine = RecordingEngine(script: RecordingEngine.Script(queryResults: ["select 1": ok, "select 2": ok]))
        let invocation = Invocation(
            command: .run, engine: engine, files: RunFiles(root: "/p", targetPath: "target", fileSystem: MemoryFileSystem()), threads: 1,
            failFast: false, fullRefresh: false, now: { Date() })
        let out = await invocation.runProjectHooks(.start, statements: ["select 1", "bad", "select 2"], project: "p", reporter: nil)
        #expect(out.map(\.node.uniqueId) == ["operation.p.p-on-run-start-0", "operation.p.p-on-run-start-1", "operation.p.p-on-run-start-2"])
        #expect(out.map(\.result.status) == [.success, .error, .skipped])
        #expect(engine.statements == ["select 1", "bad"])
    }
}
