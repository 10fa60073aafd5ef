import SDBasics
import SDCompiler
import SDEngine

/// What templates said with `log(…)` and `print(…)` (SDCompiler's CompileMessages), shown as dbt
/// shows them (dbt-core's `dbt/context/base.py`, events JinjaLogInfo I062 and JinjaLogDebug I063):
/// `log(msg, info=true)` is an info line with a timestamp, or a JinjaLogInfo event with
/// `--log-format json`; `log(msg)` is the same at debug level, so only `--debug`/`--log-level debug`
/// shows it; `print(msg)` writes the text alone on stdout in either format, even under `--quiet`,
/// unless `--no-print` is given.
extension Session {
    /// Shows the messages not shown yet, in the order they were said; each is shown once per command.
    func showMessages(_ compiled: inout CompiledProject, reporter: ConsoleReporter) {
        showMessages(&compiled.messages, reporter: reporter)
    }

    /// Shows the messages of `said` not shown yet (what `run-operation`'s macro said).
    func showMessages(_ said: inout CompileMessages, reporter: ConsoleReporter) {
        let messages = said.take()
        guard !messages.isEmpty else { return }
        ticker?.stop()
        for m in messages {
            switch m.level {
            case .print:
                if !options.noPrint { Output.out(m.text + "\n") }
            case .info:
                reporter.info(m.text, event: "JinjaLogInfo", code: "I062", data: ["msg": .string(m.text)])
            case .debug:
                // The reporter prints debug events when no level was asked for; dbt does not.
                guard reporter.minimumLevel == "debug" else { continue }
                reporter.info(m.text, event: "JinjaLogDebug", code: "I063", level: "debug", data: ["msg": .string(m.text)])
            }
        }
    }
}
