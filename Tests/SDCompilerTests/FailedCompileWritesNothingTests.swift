import Foundation
import SDBasics
import SDCompiler
import SDTestSupport
import Testing

/// A failing compile must leave no output that looks valid: no target/compiled, no manifest.json.
@Suite("failed compile writes nothing")
struct FailedCompileWritesNothingTests {
    /// The CLI built next to this package (`swift build --product swiftdbt`), if present.
    static var binary: String? {
        let p = Repository.root + "/.build/debug/swiftdbt"
        return FileManager.default.isExecutableFile(atPath: p) ? p : nil
    }

    @Test("the pipeline records no write for any broken case")
    func pipelineWritesNothing() {
        for c in DiagnosticCase.all where c.expect == "error" {
            let (_, _, fs) = DiagnosticCorpusTests.run(c)
            #expect(fs.writes.isEmpty, "\(c.name) wrote \(fs.writes)")
        }
    }

    @Test(
        "swiftdbt compile on a broken project exits 1 and leaves no target folder",
        .enabled(if: binary != nil, "build the swiftdbt product first"))
    func cliWritesNothing() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("swiftdbt-nowrite-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: tmp) }
        // A project whose first model compiles and whose second has an undefined ref: a writer that
        // wrote node by node would leave the first model's SQL behind.
        try FileManager.default.createDirectory(at: tmp.appendingPathComponent("models"), withIntermediateDirectories: true)
        try "name: nowrite\nprofile: nowrite\n".write(to: tmp.appendingPathComponent("project.yml"), atomically: true, encoding: .utf8)
        try "nowrite:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: ':memory:'\n"
            .write(to: tmp.appendingPathComponent("profiles.yml"), atomically: true, encoding: .utf8)
        try "select 1 as a\n".write(to: tmp.appendingPathComponent("models/a_good.sql"), atomically: true, encoding: .utf8)
        try "select * from << ref('a_goood') >>\n".write(to: tmp.appendingPathComponent("models/b_bad.sql"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.binary))
        process.arguments = ["compile", "--project-dir", tmp.path, "--no-color"]
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = tmp.path
        env["SWIFTDBT_PROFILES_DIR"] = nil
        process.environment = env
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(stderr.contains("error: no model or seed named 'a_goood'"))
        #expect(
            !FileManager.default.fileExists(atPath: tmp.appendingPathComponent("target").path),
            "a failed compile left target/ behind")
    }
}
