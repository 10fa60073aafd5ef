import ArgumentParser
import SDBasics

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
}
