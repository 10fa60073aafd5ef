import Foundation
import SDBasics
import SDCompiler
import Testing

/// The progress line shows on a terminal only and says which phases have begun.
@Suite("compile progress")
struct CompileProgressTests {
    @Test func onlyOnATerminalAndNotQuiet() {
        #expect(ProgressPolicy.enabled(quiet: false, stdoutIsTerminal: true, stderrIsTerminal: true))
        #expect(!ProgressPolicy.enabled(quiet: true, stdoutIsTerminal: true, stderrIsTerminal: true))
        #expect(!ProgressPolicy.enabled(quiet: false, stdoutIsTerminal: false, stderrIsTerminal: true))
        #expect(!ProgressPolicy.enabled(quiet: false, stdoutIsTerminal: true, stderrIsTerminal: false))
    }

    @Test func lineNamesThePhasesBegun() {
        var c = CompileProgress.Counts()
        c.filesRead = 1
        #expect(CompileProgress.line(c) == "read 1 file")
        c.filesRead = 12
        c.modelsToParse = 10
        c.modelsParsed = 4
        #expect(CompileProgress.line(c) == "read 12 files · parsed 4/10 models")
        c.nodesToRender = 20
        c.nodesRendered = 20
        #expect(ProgressPolicy.frame(c) == "\r\u{1B}[Kread 12 files · parsed 4/10 models · rendered 20/20 nodes")
    }

    /// The counts come from the real load, parse and render (ProjectPipeline with a progress set).
    @Test func aCompileCountsItsWork() throws {
        let dir = try CompileCacheTests.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var pipeline = ProjectPipeline(root: dir, environment: [:], adapters: builtinAdapters)
        let progress = CompileProgress()
        pipeline.progress = progress
        var bag = DiagnosticBag()
        _ = try #require(pipeline.compile(runStartedAt: Date(timeIntervalSince1970: 0), invocationId: "x", diagnostics: &bag))
        let c = progress.snapshot
        #expect(c.modelsToParse == 2 && c.modelsParsed == 2)
        #expect(c.nodesToRender == 2 && c.nodesRendered == 2)
        #expect(c.filesRead >= 5)  // project.yml, profiles.yml, a macro, two models, a property file
    }
}
