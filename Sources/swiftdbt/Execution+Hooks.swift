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

    /// Renders `ids` once on-run-start has run, so a model's or hook's `run_query` sees what
    /// on-run-start did (dbt compiles each node just before it runs it: docs.getdbt.com, "on-run-start
    /// & on-run-end"), and writes target/compiled and the manifest. A template error is reported at
    /// its line; the nodes it belongs to are returned as not compiled (Invocation+RenderFailures.swift)
    /// and are not written, as they have no SQL.
    static func renderSelection(
        _ compiler: Compiler, _ compiled: CompiledProject, ids: [String], engine: any Engine, session: Session
    ) async throws -> (CompiledProject, notCompiled: Set<String>) {
        var compiler = compiler
        compiler.options.postHooksAfterBuild = true
        var (rendered, bag) = await renderConnected(compiler, compiled, ids: ids, engine: engine)
        session.showMessages(&rendered, reporter: session.reporter())
        var failed = Set<String>()
        do {
            try session.report(bag)
        } catch {
            // With --warn-error the bag holds no error, only the warnings report() promoted.
            let errors = bag.diagnostics.filter { $0.severity == .error }
            failed = Invocation.nodesBlamed(by: errors.isEmpty ? bag.diagnostics : errors, order: ids, nodes: rendered.nodes)
        }
        try session.writeCompiled(rendered, ids: ids.filter { !failed.contains($0) })
        return (rendered, failed)
    }

    /// Renders a node's post-hooks when its build is done, with the engine answering `run_query`,
    /// on a thread outside Swift's cooperative pool (as `renderConnected`): a post-hook's query sees
    /// the relation the node just built.
    static func postHookRenderer(_ compiler: Compiler, _ compiled: CompiledProject, engine: any Engine) -> PostHookRenderer {
        var connected = compiler
        connected.options.connection = EngineConnection(engine: engine)
        let renderer = connected
        return { node in
            let rendered = await EngineConnection.offPool { () -> Result<[RenderedHook], DiagnosticError> in
                do throws(DiagnosticError) { return .success(try renderer.renderPostHooks(of: node, in: compiled)) } catch { return .failure(error) }
            }
            return try rendered.get()
        }
    }

    /// on-run-start, then the selection is rendered (`renderSelection`) and `run` runs it, then
    /// on-run-end; the outcome holds the hooks' results around the nodes', and `nodes` the rendered
    /// nodes and the hooks', for the summary and run_results.json.
    static func executeWithHooks(
        _ invocation: Invocation, compiler: Compiler, compiled: CompiledProject, order: [String], reporter: ConsoleReporter,
        session: Session, run: (CompiledProject, Set<String>) async -> RunOutcome
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
        var outcome: RunOutcome
        if startResults.contains(where: { $0.result.status == .error }) {
            // Nothing of the selection is rendered (its queries would reach the target); the manifest is still written.
            try session.writeCompiled(compiled, ids: [])
            outcome = invocation.skippedOutcome(order: order, startedAt: started)
        } else {
            let (rendered, notCompiled) = try await renderSelection(compiler, compiled, ids: order, engine: invocation.engine, session: session)
            for (id, node) in rendered.nodes { nodes[id] = node }
            outcome = await run(rendered, notCompiled)
        }
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
