import Foundation
import SDBasics
import SDCompiler
import SDEngine

/// The connected parts of a run: rendering with the live engine behind `run_query`, and project
/// hooks around the nodes (docs/hooks.md).
extension Execution {
    /// Renders `ids` with `engine` answering run_query/statement, on a thread outside Swift's
    /// cooperative pool (EngineConnection.offPool says why).
    static func renderConnected(
        _ compiler: Compiler, _ compiled: CompiledProject, ids: [String], engine: any Engine
    ) async -> (CompiledProject, DiagnosticBag) {
        var compiler = compiler
        compiler.options.connection = EngineConnection(engine: engine)
        let renderer = compiler
        return await EngineConnection.offPool {
            var project = compiled
            var bag = DiagnosticBag()
            renderer.render(&project, ids: Set(ids), diagnostics: &bag)
            return (project, bag)
        }
    }

    /// on-run-start, the nodes, on-run-end; the outcome holds the hooks' results around the nodes',
    /// and `nodes` the hooks' nodes, for the summary and run_results.json.
    static func executeWithHooks(
        _ invocation: Invocation, compiler: Compiler, compiled: CompiledProject, order: [String], reporter: ConsoleReporter,
        session: Session, run: () async -> RunOutcome
    ) async throws -> (RunOutcome, [String: CompiledNode]) {
        var connected = compiler
        connected.options.connection = EngineConnection(engine: invocation.engine)
        let project = compiled.project.name
        var nodes = compiled.nodes
        let started = Date()
        var bag = DiagnosticBag()
        let startSQL = await EngineConnection.offPool { [connected] in
            var b = DiagnosticBag()
            let sql = connected.renderProjectHooks(.start, in: compiled, diagnostics: &b)
            return (sql, b)
        }
        bag.append(contentsOf: startSQL.1.diagnostics)
        try session.report(bag)
        let startResults = await invocation.runProjectHooks(.start, statements: startSQL.0 ?? [], project: project, reporter: reporter)
        var outcome =
            startResults.contains { $0.result.status == .error }
            ? invocation.skippedOutcome(order: order, startedAt: started)
            : await run()
        for (n, _) in startResults { nodes[n.uniqueId] = n }
        let context = Invocation.endContext(results: outcome.results, nodes: nodes)
        let endSQL = await EngineConnection.offPool { [connected] in
            var b = DiagnosticBag()
            let sql = connected.renderProjectHooks(.end, in: compiled, context: context, diagnostics: &b)
            return (sql, b)
        }
        // A template error in on-run-end is reported and fails the run as a hook error; the nodes'
        // results are still written.
        try? session.report(endSQL.1)
        var endResults = await invocation.runProjectHooks(.end, statements: endSQL.0 ?? [], project: project, reporter: reporter)
        if endSQL.0 == nil {
            let node = Invocation.hookNode(.end, index: 0, sql: "", project: project)
            let now = Date()
            let failed = NodeResult(uniqueId: node.uniqueId, status: .error, message: "on-run-end did not render", startedAt: now, completedAt: now)
            endResults.append((node, failed))
        }
        for (n, _) in endResults { nodes[n.uniqueId] = n }
        outcome.results = startResults.map(\.result) + outcome.results + endResults.map(\.result)
        outcome.elapsed = Date().timeIntervalSince(started)
        return (outcome, nodes)
    }
}
