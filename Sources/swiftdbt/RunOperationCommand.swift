import ArgumentParser
import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDProject

/// `swiftdbt run-operation MACRO --args '{...}'` (docs.getdbt.com, "About dbt run-operation
/// command"): calls a macro with a live connection; what it runs through `run_query` and `statement`
/// is its effect. The text the macro renders is not run, as in dbt. Exit 0 on success, 1 when the
/// macro fails to render or a statement fails (dbt: "Encountered an error while running operation").
struct RunOperationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-operation", abstract: "Call a macro with a live connection to the target.",
        discussion: """
            Examples:
              swiftdbt run-operation grant_select --args '{role: reporter}'
              swiftdbt run-operation vacuum_schema --args '{"schema": "gold"}' --target prod
            """)

    @OptionGroup var project: ProjectOptions

    @Argument(help: "The macro to call.")
    var macro: String

    @Option(name: .long, help: "The macro's keyword arguments as a YAML or JSON mapping, e.g. '{role: reporter}'.")
    var args: String?

    func run() async throws {
        let session = Session(project)
        let reporter = session.reporter()
        reporter.mainReportVersion("Running with swiftdbt=\(swiftdbtVersion)", version: swiftdbtVersion)
        let started = Date()
        var success = false
        defer { reporter.commandCompleted("run-operation", success: success, elapsed: Date().timeIntervalSince(started)) }
        var bag = DiagnosticBag()
        let arguments = RunOperationCommand.arguments(args, &bag)
        try session.report(bag)
        let loaded = try session.load()
        let (compiler, compiled) = try session.parse(loaded)
        let engine = try EngineFactory.open(loaded, session: session)
        var connected = compiler
        connected.options.connection = EngineConnection(engine: engine)
        let operation = connected
        let macro = self.macro
        var (text, found, said) = await EngineConnection.offPool {
            var b = DiagnosticBag()
            var said = CompileMessages()
            let text = operation.runOperation(macro, arguments: arguments, in: compiled, diagnostics: &b, messages: &said)
            return (text, b, said)
        }
        await engine.close()
        session.showMessages(&said, reporter: reporter)
        RunOperationCommand.writeResults(
            macro: macro, arguments: arguments, compiled: compiled, session: session, success: text != nil, startedAt: started, completedAt: Date())
        if text == nil { reporter.info("Encountered an error while running operation", event: "RunningOperationCaughtError", code: "Q001", level: "error") }
        try session.report(found)
        guard let text else { throw ExitCode(1) }
        if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            reporter.info(text, event: "Note", code: "Z050", level: "debug")
        }
        success = true
    }

    /// `--args` as a mapping (YAML, so JSON too, as dbt reads it); nothing given is no arguments.
    static func arguments(_ text: String?, _ bag: inout DiagnosticBag) -> [String: JSONValue] {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return [:] }
        let (node, diags) = YAMLNode.parse(SourceFile(path: "--args", text: text))
        bag.append(contentsOf: diags)
        guard let node else { return [:] }
        guard case .object(let o) = node.json else {
            bag.append(.error("--args must be a YAML mapping, like '{role: reporter}'", at: node.range))
            return [:]
        }
        return o
    }
}
