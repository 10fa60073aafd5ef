import ArgumentParser
import Foundation
import SDBasics
import SDCompiler
import SDGraph

struct CompileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile", abstract: "Render the selected models' SQL into target/compiled and write target/manifest.json.")

    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions

    func run() async throws {
        let session = Session(project)
        let loaded = try session.load()
        var (compiler, compiled) = try session.parse(loaded)
        let ids = try session.select(compiled, selection, types: [.model, .test, .analysis])
        var bag = DiagnosticBag()
        compiler.render(&compiled, ids: Set(ids), diagnostics: &bag)
        try session.report(bag)
        try session.writeCompiled(compiled, ids: ids)
        let compiledCount = ids.filter { compiled.nodes[$0]?.compiledPath != nil }.count
        Output.out("\(Session.foundLine(compiled))\nCompiled \(compiledCount) node\(compiledCount == 1 ? "" : "s") for target '\(loaded.target.name)' (\(loaded.target.type)) into \(compiled.project.config.targetPath)/compiled/\(compiled.project.name)\n")
    }
}
