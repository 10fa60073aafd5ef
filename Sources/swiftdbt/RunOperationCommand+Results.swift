import Foundation
import SDBasics
import SDCompiler
import SDEngine

/// run-operation's target/run_results.json: dbt writes one result for the operation (dbt-core's
/// task/run_operation.py, 1.5 onwards), whose unique_id is the macro's (`macro.<package>.<name>`),
/// status `success` or `error`, failures 0 or 1, on the main thread, with compile and execute
/// timings. A macro that does not exist writes nothing, as dbt raises before writing.
extension RunOperationCommand {
    static func writeResults(
        macro: String, arguments: [String: JSONValue], compiled: CompiledProject, session: Session, success: Bool,
        startedAt: Date, completedAt: Date
    ) {
        let name = macro.split(separator: ".").last.map(String.init) ?? macro
        guard let definition = compiled.macros.macro(named: macro) ?? compiled.macros.macro(named: name) else { return }
        let package = compiled.project.package(ofFile: definition.file.path) ?? compiled.project.name
        let result = NodeResult(
            uniqueId: "macro.\(package).\(name)", status: success ? .success : .error, message: success ? "OK" : "error",
            failures: success ? 0 : 1, startedAt: startedAt, completedAt: completedAt, threadId: "MainThread")
        let doc = RunResults.operation(
            result, invocationId: session.invocationId, version: swiftdbtVersion,
            args: ["which": "run-operation", "macro": .string(macro), "args": .object(arguments), "project_dir": .string(session.root)])
        RunFiles(root: session.root, targetPath: compiled.project.config.targetPath, fileSystem: session.fileSystem).writeRunResults(doc)
    }
}
