import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDTestSupport
import Testing

/// One node on a recording engine: the statements it sent, its run file, and how each kind of
/// failure becomes the node's result.
@Suite struct NodeExecutorTests {
    static func executor(_ engine: RecordingEngine, _ fs: MemoryFileSystem, cancellation: CancellationFlag = CancellationFlag()) -> NodeExecutor {
        NodeExecutor(
            engine: engine, options: BuildOptions(), files: RunFiles(root: "/p", targetPath: "target", fileSystem: fs),
            cancellation: cancellation, now: { Date() })
    }

    @Test func aSeedIsReadWithItsColumnTypesAndLoaded() async throws {
        let fs = MemoryFileSystem(["/p/seeds/codes.csv": "code,n\n007,1\n042,2\n"])
        let engine = RecordingEngine()
        let result = await Self.executor(engine, fs).execute(Nodes.seed("codes", columnTypes: ["n": "varchar"]))
        #expect(result.status == .success)
        #expect(result.message == "INSERT 2")
        #expect(engine.statements == ["-- load seed main.codes (code VARCHAR, n varchar): 2 rows"])
        #expect(try fs.readFile("/p/target/run/p/seeds/codes.sql") == "-- load seed main.codes (code VARCHAR, n varchar): 2 rows;\n")
    }

    /// A malformed CSV never reaches the engine; the node's error names the file, line and column.
    @Test func aMalformedSeedIsAPositionedErrorAndSendsNothing() async throws {
        let fs = MemoryFileSystem(["/p/seeds/bad.csv": "a,b\n1,\"open\n"])
        let engine = RecordingEngine()
        let result = await Self.executor(engine, fs).execute(Nodes.seed("bad"))
        #expect(result.status == .error)
        #expect(result.message.hasPrefix("seeds/bad.csv:2:"), "\(result.message)")
        #expect(engine.statements.isEmpty)
        #expect(!fs.fileExists("/p/target/run/p/seeds/bad.sql"))
    }

    @Test func aTestsFailingRowsBecomeItsVerdict() async throws {
        let fs = MemoryFileSystem()
        let rows = QueryResult(columns: ["id"], rows: (0..<3).map { [.int($0)] })
        let engine = RecordingEngine(
            script: .init(
                testFailures: ["test.p.not_null_m_id": 3, "test.p.warned": 1],
                testSamples: ["test.p.not_null_m_id": rows]))
        let failed = await Self.executor(engine, fs).execute(Nodes.test("not_null_m_id", on: "m"))
        #expect(failed.status == .fail)
        #expect(failed.failures == 3)
        #expect(failed.message == "!= 0")
        #expect(failed.sample?.rows.count == 3)
        #expect(failed.failureSummary == "Got 3 results, configured to fail if != 0")
        // A generic test's run file is in its property file's folder, by the test's name, like its compiled file.
        #expect(
            try fs.readFile("/p/target/run/p/models/not_null_m_id.sql")
                == "select * from m where id is null;\n")

        let warned = await Self.executor(engine, fs).execute(Nodes.test("warned", on: "m", config: ["severity": "warn"]))
        #expect(warned.status == .warn)
        let passed = await Self.executor(engine, fs).execute(Nodes.test("clean", on: "m"))
        #expect(passed.status == .pass)
        #expect(passed.message == "PASS")
    }

    /// A database error keeps the database's text and gains diagnostics that place it; the position
    /// here is in the compiled code, which has no source map, so it is named as compiled SQL.
    @Test func aDatabaseErrorIsLocated() async throws {
        let node = Nodes.model("broken", "select bad from t")
        // `bad` starts at byte 7 of the compiled code, which is the statement the recording engine sends.
        var error = Nodes.binderError("broken")
        error.position = StatementPosition(line: 1, lineStart: 0, offset: 7)
        let engine = RecordingEngine(script: .init(errors: ["model.p.broken": error]))
        let result = await Self.executor(engine, MemoryFileSystem()).execute(node)
        #expect(result.status == .error)
        #expect(result.message == "Binder Error: no column bad in broken")
        let text = DiagnosticRenderer().render(result.diagnostics)
        #expect(text.hasPrefix("models/broken.sql: error: database error: Binder Error: no column bad in broken\n"), "\(text)")
        #expect(text.contains("target/compiled/p/models/broken.sql:1:8: note: compiled SQL"), "\(text)")
        #expect(result.statements == ["select bad from t"])
    }

    @Test func aNodeAfterCancellationIsNotSent() async throws {
        let cancellation = CancellationFlag()
        cancellation.cancel()
        let engine = RecordingEngine()
        let result = await Self.executor(engine, MemoryFileSystem(), cancellation: cancellation).execute(Nodes.model("m"))
        #expect(result.status == .error)
        #expect(result.message == "interrupted")
        #expect(engine.statements.isEmpty)
    }

    @Test func runFilesFollowDbtsLayout() {
        var source = CompiledNode(
            uniqueId: "source.p.lake.ticks", name: "ticks", resourceType: .source, packageName: "p",
            fqn: ["p", "lake", "ticks"], originalFilePath: "models/sources.yml", path: "models/sources.yml")
        source.sourceName = "lake"
        #expect(RunFiles.relativePath(of: source) == "models/sources/lake.ticks.sql")
        #expect(RunFiles.relativePath(of: Nodes.seed("codes")) == "seeds/codes.sql")
        #expect(RunFiles.relativePath(of: Nodes.model("m")) == "models/m.sql")
        #expect(RunFiles.relativePath(of: Nodes.test("t", on: "m")) == "models/t.sql")
    }
}
