import ArgumentParser
import Foundation
import SDBasics

@main
struct SwiftDBT: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swiftdbt",
        abstract: "Compile and run SQL models on Amazon Athena and DuckDB.",
        version: swiftdbtVersion,
        subcommands: [
            CompileCommand.self, RunCommand.self, SeedCommand.self, BuildCommand.self, TestCommand.self, ShowCommand.self, ListCommand.self, DocsCommand.self,
            DebugCommand.self, CleanCommand.self, StreamingCommand.self, InitCommand.self, ImportDbtCommand.self, DepsCommand.self,
            SnapshotCommand.self, RetryCommand.self, SourceCommand.self, RunOperationCommand.self,
        ])

    /// ArgumentParser's own `main`, except that whatever escapes a command (an error's text, help)
    /// is printed through `Output`, so it passes the secret scrubber like every other line, and an
    /// error a command did not report itself (a file that cannot be written, a server that cannot be
    /// reached) is rendered as a diagnostic like every other error.
    static func main() async {
        // A reader that goes away (`swiftdbt ls | head`) is an EPIPE that Output handles, not a signal.
        signal(SIGPIPE, SIG_IGN)
        if let refused = UnsupportedFlags.finding(in: Array(CommandLine.arguments.dropFirst())) {
            Output.err(DiagnosticRenderer(colour: false).render([refused]))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        do {
            var command = try parseAsRoot()
            do {
                if var asyncCommand = command as? AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
            } catch let e where e is ExitCode || e is CleanExit || e is ValidationError || SwiftDBT.isParserError(e) {
                throw e
            } catch {
                let found = (error as? DiagnosticError)?.diagnostics ?? [.error("\(error)")]
                Output.err(DiagnosticRenderer(colour: false).render(found))
                throw ExitCode.failure
            }
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if code == .success { Output.out(message + "\n") } else { Output.err(message + "\n") }
            }
            Foundation.exit(code.rawValue)
        }
    }

    /// ArgumentParser answers `--help` by returning its own help command, whose `run` throws the
    /// parser's (internal) error type; ArgumentParser must render that itself, or `--help` would
    /// print the error's debug description instead of the help.
    static func isParserError(_ error: any Error) -> Bool {
        String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }
}
