import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDTestSupport
import Testing

/// dbt's console lines, byte for byte, from a run on the recording engine.
@Suite struct ConsoleReporterTests {
    /// Collects what the reporter writes.
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        func write(_ s: String) { lock.withLock { text += s } }
        var all: [String] { lock.withLock { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) } }
    }

    static let epoch = Date(timeIntervalSince1970: 3600 * 7 + 62)

    static func reporter(_ format: ConsoleReporter.Format, _ lines: Lines) -> ConsoleReporter {
        ConsoleReporter(format: format, colour: false, invocationId: "inv-1", now: { epoch }, write: { lines.write($0) })
    }

    @Test func aRunPrintsDbtsLines() async throws {
        let nodes = [Nodes.model("bad"), Nodes.model("child", dependsOn: ["bad"]), Nodes.model("ok", materialized: "view")]
        let lines = Lines()
        let reporter = Self.reporter(.text, lines)
        let invocation = Invocation(
            command: .run, engine: RecordingEngine(script: .init(errors: ["model.p.bad": Nodes.binderError("bad")])),
            files: RunFiles(root: "/p", targetPath: "target", fileSystem: MemoryFileSystem()),
            threads: 1, failFast: false, fullRefresh: false, now: { Self.epoch })
        let outcome = await invocation.execute(
            order: nodes.map(\.uniqueId), nodes: Nodes.byId(nodes), reporter: reporter,
            cancellation: CancellationFlag())
        invocation.finish(
            outcome, nodes: Nodes.byId(nodes), reporter: reporter, invocationId: "inv-1", version: "0.1.0",
            args: RunResults.Args(select: [], exclude: [], target: "t", fullRefresh: false, failFast: false, projectDir: "/p"))
        // Each result line is dbt's 80 columns up to the bracket (ConsoleReporter.printerWidth).
        let expected = [
            "07:01:02  1 of 3 START sql table model main.bad .......................................... [RUN]",
            "07:01:02  1 of 3 ERROR creating sql table model main.bad ................................. [ERROR in 0.00s]",
            "07:01:02  2 of 3 SKIP relation main.child ................................................ [SKIP]",
            "07:01:02  3 of 3 START sql view model main.ok ............................................ [RUN]",
            "07:01:02  3 of 3 OK created sql view model main.ok ....................................... [OK in 0.00s]",
            "07:01:02  ",
            "07:01:02  Finished running 2 table models, 1 view model in 0 hours 0 minutes and 0.00 seconds (0.00s).",
            "07:01:02  ",
            "07:01:02  Completed with 1 error, 0 partial successes, and 0 warnings:",
            "07:01:02  ",
            "07:01:02  [ERROR]: in model bad (models/bad.sql)",
            "07:01:02    Runtime Error in model bad (models/bad.sql)",
            "07:01:02    Binder Error: no column bad in bad",
            "07:01:02  ",
            "07:01:02    compiled code at target/compiled/p/models/bad.sql",
            "07:01:02  ",
            "07:01:02  Done. PASS=1 WARN=0 ERROR=1 SKIP=1 NO-OP=0 TOTAL=3",
            "",
        ]
        #expect(lines.all == expected, "\(lines.all.joined(separator: "\n"))")
    }

    @Test func aFailingTestPrintsItsRowsUnderTheSummary() {
        let lines = Lines()
        let reporter = Self.reporter(.text, lines)
        let test = Nodes.test("not_null_m_id", on: "m")
        var result = NodeResult(
            uniqueId: test.uniqueId, status: .fail, message: "!= 0", failures: 2, startedAt: Self.epoch,
            completedAt: Self.epoch)
        result.sample = QueryResult(columns: ["id"], rows: [[.null], [.null]])
        reporter.nodeFinished(test, result: result, index: 1, total: 1)
        #expect(lines.all.first == "07:01:02  1 of 1 FAIL 2 not_null_m_id .................................................... [FAIL 2 in 0.00s]")
        reporter.summary(nodes: Nodes.byId([test]), results: [result], elapsed: 1.5, interrupted: false)
        #expect(lines.all.contains("07:01:02    Got 2 results, configured to fail if != 0"), "\(lines.all)")
        #expect(lines.all.contains("07:01:02  Finished running 1 data test in 0 hours 0 minutes and 1.50 seconds (1.50s)."))
    }

    @Test func everyLineIsDbtsFancyWidth() {
        let line = ConsoleReporter.fancyLine(index: 2, total: 10, message: "START sql view model main.m", status: "RUN", seconds: nil)
        #expect(line == "2 of 10 START sql view model main.m " + String(repeating: ".", count: 44) + " [RUN]")
        #expect(line.count - " [RUN]".count == ConsoleReporter.printerWidth)
        let long = ConsoleReporter.fancyLine(index: 1, total: 1, message: String(repeating: "x", count: 90), status: "OK", seconds: 1.234)
        #expect(long == "1 of 1 " + String(repeating: "x", count: 90) + "  [OK in 1.23s]")
    }

    @Test func jsonFormatIsOneEventPerLine() throws {
        let lines = Lines()
        let reporter = Self.reporter(.json, lines)
        reporter.nodeSkipped(Nodes.model("m"), index: 1, total: 1)
        let objects = lines.all.filter { !$0.isEmpty }
        #expect(objects.count == 1)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(objects[0].utf8)) as? [String: Any])
        let info = try #require(obj["info"] as? [String: Any])
        #expect(info["name"] as? String == "SkippingDetails")
        #expect(info["code"] as? String == "Q034")
        #expect(info["invocation_id"] as? String == "inv-1")
        #expect(info["ts"] as? String == "1970-01-01T07:01:02.000Z")
        let node = try #require((obj["data"] as? [String: Any])?["node_info"] as? [String: Any])
        #expect(node["unique_id"] as? String == "model.p.m")
        #expect(node["node_status"] as? String == "skipped")
    }

    /// A diagnostic in json mode carries the renderer's text and its parts; in text mode it is the
    /// renderer's text on timestamped lines like every other line.
    @Test func aDiagnosticEventCarriesTheRenderedText() throws {
        let file = SourceFile(path: "models/m.sql", text: "select * from << ref('nope') >>\n")
        let d = Diagnostic.error("no model named 'nope'", at: SourceRange(file: file, bytes: 22..<26), hint: "check the name")
        let lines = Lines()
        Self.reporter(.json, lines).diagnostic(d)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(lines.all[0].utf8)) as? [String: Any])
        let info = try #require(obj["info"] as? [String: Any])
        #expect(info["name"] as? String == "MainEncounteredError")
        #expect(info["level"] as? String == "error")
        #expect(info["msg"] as? String == DiagnosticRenderer().render(d).trimmingCharacters(in: .newlines))
        #expect((info["msg"] as? String)?.hasPrefix("models/m.sql:1:23: error: no model named 'nope'\n") == true)
        let parts = try #require((obj["data"] as? [String: Any])?["diagnostic"] as? [String: Any])
        #expect(parts["file"] as? String == "models/m.sql")
        #expect(parts["line"] as? Int == 1)
        #expect(parts["column"] as? Int == 23)
        #expect(parts["hint"] as? String == "check the name")
        #expect(parts["severity"] as? String == "error")

        let warned = Lines()
        Self.reporter(.json, warned).diagnostic(.warning("the chart names column 'x'", path: "models/_p.yml"))
        let w = try #require(try JSONSerialization.jsonObject(with: Data(warned.all[0].utf8)) as? [String: Any])
        #expect((w["info"] as? [String: Any])?["level"] as? String == "warn")
        #expect(((w["data"] as? [String: Any])?["diagnostic"] as? [String: Any])?["file"] as? String == "models/_p.yml")
    }
}
