import ArgumentParser
import Foundation
import SDBasics
import SDEngine

/// Every finding a command prints goes through `Session.report`, so an error found while running
/// (an unreadable catalog, a failed preview query, a missing docs site) is rendered exactly like a
/// compiler diagnostic: the same renderer, colour rule, stream and exit code.
extension Session {
    /// Reports one diagnostic; throws exit code 1 when it is an error.
    func report(_ diagnostic: Diagnostic) throws {
        var bag = DiagnosticBag()
        bag.append(diagnostic)
        try report(bag)
    }

    /// Reports the diagnostics an error carries; throws exit code 1 when any is an error.
    func report(_ error: DiagnosticError) throws {
        var bag = DiagnosticBag()
        bag.append(contentsOf: error.diagnostics)
        try report(bag)
    }

    /// `--log-format json`: the same diagnostics, in the same order (warnings, then errors), as one
    /// JSON event per line on stdout with the JSON log, each carrying the text the renderer prints.
    func reportEvents(_ bag: DiagnosticBag) throws {
        // On stdout, where dbt writes every JSON log line.
        let events = ConsoleReporter(
            format: .json, colour: false, invocationId: invocationId, now: { Date() },
            write: { Output.out($0) })
        let errors = bag.diagnostics.filter { $0.severity == .error }
        bag.diagnostics.filter { $0.severity != .error }.forEach(events.diagnostic)
        errors.forEach(events.diagnostic)
        if !errors.isEmpty { throw ExitCode(1) }
    }
}
