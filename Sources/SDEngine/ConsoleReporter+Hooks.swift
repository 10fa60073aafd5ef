import Foundation
import SDBasics
import SDCompiler

/// dbt's lines for project hooks (dbt-core's events/types.py): HooksRunning (E046) `Running 1
/// on-run-start hook`, LogHookStartLine (Q032) `1 of 1 START hook: proj.on-run-start.0 … [RUN]` and
/// LogHookEndLine (Q033) `1 of 1 OK hook: proj.on-run-start.0 … [OK in 0.01s]`.
extension ConsoleReporter {
    public func hooksRunning(_ count: Int, kind: ProjectHookKind) {
        let text = "Running \(count) \(kind.rawValue) hook\(count == 1 ? "" : "s")"
        info(text, event: "HooksRunning", code: "E046", data: ["num_hooks": .int(count), "hook_type": .string(kind.rawValue)])
    }

    public func hookStarted(_ statement: String, index: Int, total: Int) {
        let line = ConsoleReporter.fancyLine(index: index, total: total, message: "START hook: \(statement)", status: "RUN", seconds: nil)
        info(line, event: "LogHookStartLine", code: "Q032", data: ["statement": .string(statement), "index": .int(index), "total": .int(total)])
    }

    public func hookFinished(_ statement: String, result: NodeResult, index: Int, total: Int) {
        let ok = result.status == .success
        let status = ok ? green(result.message) : red("ERROR")
        let message = ok ? "\(green("OK")) hook: \(statement)" : "\(red("ERROR")) hook: \(statement)"
        let line = ConsoleReporter.fancyLine(index: index, total: total, message: message, status: status, seconds: result.executionTime)
        info(
            line, event: "LogHookEndLine", code: "Q033", level: ok ? "info" : "error",
            data: [
                "statement": .string(statement), "status": .string(ok ? result.message : "ERROR"), "index": .int(index),
                "total": .int(total), "execution_time": .double(result.executionTime),
            ])
    }
}
