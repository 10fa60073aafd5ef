import ArgumentParser
import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDGraph

#if canImport(Glibc)
import Glibc
#endif

struct CompileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile", abstract: "Render the selected models' SQL into target/compiled and write target/manifest.json.")

    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions

    @Flag(name: [.short, .long], help: "Print only errors and warnings: no summary, no progress line.")
    var quiet = false

    func run() async throws {
        var session = Session(project)
        // With --log-format json every line is an event, as in run/build (docs/artifacts.md); the
        // cache keeps the text summary only, so a JSON compile neither reads nor writes it.
        let json = session.options.logFormat == .json
        // Nothing read or written since the last compile changed: its outputs stand (CompileCache.swift).
        let pipeline = session.pipeline
        let key = pipeline.cacheKey(select: selection.select, exclude: selection.exclude, indirectSelection: selection.indirectSelection)
        if !json {
            var cacheNotes = DiagnosticBag()
            let (cached, _) = pipeline.cachedCompile(key: key, version: swiftdbtVersion, diagnostics: &cacheNotes)
            // Only notes: printed without marking the compile as one that printed diagnostics.
            if !cacheNotes.diagnostics.isEmpty { Output.err(DiagnosticRenderer(colour: session.colourErrors).render(cacheNotes.diagnostics)) }
            if let cached {
                if !quiet { Output.out(cached) }
                return
            }
        }

        if ProgressPolicy.enabled(quiet: quiet, stdoutIsTerminal: isatty(1) == 1, stderrIsTerminal: isatty(2) == 1) {
            session.ticker = ProgressTicker(progress: CompileProgress())
        }
        defer { session.ticker?.stop() }
        let inputs = CompileInputs(stamp: { FileStamp.local($0) })
        session.inputs = inputs
        let reporter = session.reporter()
        let started = Date()
        var success = false
        if json { reporter.mainReportVersion("Running with swiftdbt=\(swiftdbtVersion)", version: swiftdbtVersion) }
        defer { if json { reporter.commandCompleted("compile", success: success, elapsed: Date().timeIntervalSince(started)) } }
        let loaded = try session.load()
        var (compiler, compiled) = try session.parse(loaded)
        let ids = try session.select(compiled, selection, types: [.model, .test, .analysis])
        var bag = DiagnosticBag()
        compiler.render(&compiled, ids: Set(ids), diagnostics: &bag)
        try session.report(bag)
        let outputs = try session.pipeline.writeCompiled(compiled, ids: ids, version: swiftdbtVersion)
        session.ticker?.stop()
        let compiledCount = ids.filter { compiled.nodes[$0]?.compiledPath != nil }.count
        let summary = "\(Session.foundLine(compiled))\nCompiled \(compiledCount) node\(compiledCount == 1 ? "" : "s") for target '\(loaded.target.name)' (\(loaded.target.type)) into \(compiled.project.config.targetPath)/compiled/\(compiled.project.name)\n"
        try session.pipeline.saveCache(inputs: inputs, key: key, version: swiftdbtVersion, outputs: outputs, summary: summary,
                                       targetPath: compiled.project.config.targetPath,
                                       cacheable: !json && !session.printed.any && loaded.project.streamingFiles.isEmpty)
        success = true
        if json {
            reporter.info(Session.foundLine(compiled), event: "FoundStats", code: "W006", data: ["stat_line": .string(Session.foundLine(compiled))])
            let done = "Compiled \(compiledCount) node\(compiledCount == 1 ? "" : "s") for target '\(loaded.target.name)'"
            reporter.info(done, event: "Note", code: "Z050", data: ["msg": .string(done)])
            return
        }
        if !quiet { Output.out(summary) }
    }
}
