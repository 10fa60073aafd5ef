import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDGraph
import SDTestSupport
import Testing

/// The runner as the CLI drives it (`Invocation` → `Runner` → `NodeExecutor` → engine), on a
/// recording engine: what was sent, what was skipped, what run_results.json says.
@Suite struct InvocationTests {
    static func invocation(
        _ command: ExecutionCommand, _ engine: RecordingEngine, _ fs: MemoryFileSystem, threads: Int = 1,
        failFast: Bool = false
    ) -> Invocation {
        Invocation(
            command: command, engine: engine, files: RunFiles(root: "/p", targetPath: "target", fileSystem: fs),
            threads: threads, failFast: failFast, fullRefresh: false, now: { Date() })
    }

    /// The nodes the engine was asked to build, in order.
    static func built(_ engine: RecordingEngine) -> [String] {
        engine.calls.compactMap { if case .build(let id) = $0 { id } else { nil } }
    }

    static func statuses(_ outcome: RunOutcome) -> [String: NodeResult.Status] {
        Dictionary(uniqueKeysWithValues: outcome.results.map { ($0.uniqueId, $0.status) })
    }

    /// bad → c → d fail and skip; a → b and e are untouched by it, on one thread and on four.
    @Test(arguments: [1, 4]) func aFailureSkipsExactlyItsDependents(threads: Int) async throws {
        let nodes = [
            Nodes.model("a"), Nodes.model("bad"), Nodes.model("b", dependsOn: ["a"]), Nodes.model("c", dependsOn: ["bad"]),
            Nodes.model("d", dependsOn: ["c", "a"]), Nodes.model("e"),
        ]
        let engine = RecordingEngine(script: .init(errors: ["model.p.bad": Nodes.binderError("bad")]))
        let fs = MemoryFileSystem()
        let outcome = await Self.invocation(.run, engine, fs, threads: threads)
            .execute(order: nodes.map(\.uniqueId), nodes: Nodes.byId(nodes), reporter: nil, cancellation: CancellationFlag())
        let status = Self.statuses(outcome)
        #expect(
            status == [
                "model.p.a": .success, "model.p.bad": .error, "model.p.b": .success, "model.p.c": .skipped,
                "model.p.d": .skipped, "model.p.e": .success,
            ])
        #expect(outcome.hasFailures)
        #expect(!outcome.interrupted)
        // A skipped node sends nothing to the database.
        #expect(Set(Self.built(engine)) == ["model.p.a", "model.p.bad", "model.p.b", "model.p.e"])
        #expect(engine.statements.count == 4)
        // The failing node's statement is in its run file, for reproducing the failure.
        #expect(try fs.readFile("/p/target/run/p/models/bad.sql") == "select 1 as x;\n")
        #expect(!fs.fileExists("/p/target/run/p/models/c.sql"))
    }

    /// `build` runs a model's tests before its children: a failing test skips the children. `run`
    /// has no tests in its selection, so the same DAG builds the child.
    @Test func buildMakesAFailingTestSkipTheModelsChildren() async throws {
        let nodes = [Nodes.model("m"), Nodes.test("not_null_m_id", on: "m"), Nodes.model("child", dependsOn: ["m"])]
        let engine = RecordingEngine(script: .init(testFailures: ["test.p.not_null_m_id": 2]))
        let outcome = await Self.invocation(.build, engine, MemoryFileSystem())
            .execute(order: nodes.map(\.uniqueId), nodes: Nodes.byId(nodes), reporter: nil, cancellation: CancellationFlag())
        #expect(Self.statuses(outcome) == ["model.p.m": .success, "test.p.not_null_m_id": .fail, "model.p.child": .skipped])

        let models = [nodes[0], nodes[2]]
        let run = await Self.invocation(.run, RecordingEngine(script: .init(testFailures: ["test.p.not_null_m_id": 2])), MemoryFileSystem())
            .execute(order: models.map(\.uniqueId), nodes: Nodes.byId(nodes), reporter: nil, cancellation: CancellationFlag())
        #expect(Self.statuses(run) == ["model.p.m": .success, "model.p.child": .success])
    }

    /// Ctrl-C while a node runs: the engine is interrupted, that node ends in error, its dependent is
    /// skipped, nothing new starts, and run_results.json still lists what happened.
    @Test func interruptionStopsSchedulingAndInterruptsTheEngine() async throws {
        let nodes = [Nodes.model("slow"), Nodes.model("after", dependsOn: ["slow"]), Nodes.model("other")]
        let engine = RecordingEngine(script: .init(blocking: ["model.p.slow"]))
        let fs = MemoryFileSystem()
        let cancellation = CancellationFlag()
        cancellation.onCancel { Task { await engine.interrupt() } }
        let invocation = Self.invocation(.run, engine, fs)
        let watcher = Task {
            while !Self.built(engine).contains("model.p.slow") { try await Task.sleep(nanoseconds: 2_000_000) }
            cancellation.cancel()
        }
        let outcome = await invocation.execute(
            order: nodes.map(\.uniqueId), nodes: Nodes.byId(nodes), reporter: nil,
            cancellation: cancellation)
        try await watcher.value
        #expect(engine.wasInterrupted)
        #expect(outcome.interrupted)
        #expect(Self.statuses(outcome) == ["model.p.slow": .error, "model.p.after": .skipped])
        #expect(Self.built(engine) == ["model.p.slow"])

        invocation.finish(
            outcome, nodes: Nodes.byId(nodes), reporter: nil, invocationId: "inv-1", version: "0.1.0",
            args: RunResults.Args(
                select: [], exclude: [], target: "dev", fullRefresh: false, failFast: false,
                projectDir: "/p"))
        let doc = try JSONSerialization.jsonObject(with: Data(try fs.readFile("/p/target/run_results.json").utf8)) as? [String: Any]
        let results = try #require(doc?["results"] as? [[String: Any]])
        #expect(results.map { $0["unique_id"] as? String } == ["model.p.slow", "model.p.after"])
        #expect(results.first?["message"] as? String == "interrupted")
    }

    /// run_results.json's `args.which` is dbt's command name, exactly as before commands were an enum.
    @Test(arguments: [(ExecutionCommand.run, "run"), (.seed, "seed"), (.build, "build"), (.test, "test")])
    func runResultsNameTheCommandAsDbtDoes(command: ExecutionCommand, which: String) async throws {
        let nodes = [Nodes.model("m")]
        let fs = MemoryFileSystem()
        let invocation = Self.invocation(command, RecordingEngine(), fs)
        let outcome = await invocation.execute(order: ["model.p.m"], nodes: Nodes.byId(nodes), reporter: nil, cancellation: CancellationFlag())
        invocation.finish(
            outcome, nodes: Nodes.byId(nodes), reporter: nil, invocationId: "inv-1", version: "0.1.0",
            args: RunResults.Args(
                select: ["m+"], exclude: ["x"], target: "local", fullRefresh: true, failFast: false,
                projectDir: "/p"))
        let doc = try JSONSerialization.jsonObject(with: Data(try fs.readFile("/p/target/run_results.json").utf8)) as? [String: Any]
        let args = try #require(doc?["args"] as? [String: Any])
        #expect(args["which"] as? String == which)
        #expect(args["select"] as? [String] == ["m+"])
        #expect(args["exclude"] as? [String] == ["x"])
        #expect(args["target"] as? String == "local")
        #expect(args["full_refresh"] as? Bool == true)
        #expect(args["fail_fast"] as? Bool == false)
        #expect(args["project_dir"] as? String == "/p")
        let meta = try #require(doc?["metadata"] as? [String: Any])
        #expect(meta["invocation_id"] as? String == "inv-1")
    }

    @Test func commandsSelectWhatTheyExecute() {
        #expect(ExecutionCommand.run.resourceTypes == [.model, .source])
        #expect(ExecutionCommand.seed.resourceTypes == [.seed])
        #expect(ExecutionCommand.build.resourceTypes == [.model, .seed, .source, .test, .snapshot, .unitTest])
        #expect(ExecutionCommand.test.resourceTypes == [.test, .unitTest])
        #expect(ExecutionCommand.snapshot.resourceTypes == [.snapshot])
        #expect(ExecutionCommand.snapshot.rawValue == "snapshot")
        #expect(ExecutionCommand.allCases.filter(\.testsBlockChildren) == [.build])
    }
}
