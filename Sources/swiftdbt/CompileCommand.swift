import ArgumentParser
import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDGraph

struct CompileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile", abstract: "Render the selected models' SQL into target/compiled and write target/manifest.json.")

    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions

    func run() async throws {
        let session = Session(project)
        // With --log-format json every line is an event, as in run/build (docs/artifacts.md).
        let json = session.options.logFormat == .json
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
        try session.writeCompiled(compiled, ids: ids)
        let compiledCount = ids.filter { compiled.nodes[$0]?.compiledPath != nil }.count
        success = true
        if json {
            reporter.info(Session.foundLine(compiled), event: "FoundStats", code: "W006", data: ["stat_line": .string(Session.foundLine(compiled))])
            let done = "Compiled \(compiledCount) node\(compiledCount == 1 ? "" : "s") for target '\(loaded.target.name)'"
            reporter.info(done, event: "Note", code: "Z050", data: ["msg": .string(done)])
            return
        }
        Output.out("\(Session.foundLine(compiled))\nCompiled \(compiledCount) node\(compiledCount == 1 ? "" : "s") for target '\(loaded.target.name)' (\(loaded.target.type)) into \(compiled.project.config.targetPath)/compiled/\(compiled.project.name)\n")
    }
}
