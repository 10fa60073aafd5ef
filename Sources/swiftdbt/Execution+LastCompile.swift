import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDGraph
import SDProject

/// `run` without loading the project, when the last full compile already holds what it would run.
///
/// `run --select one_model` on 100,000 models spent its time loading and parsing every file to
/// render one (issue 20: "selection costs what is selected"). When the compile that left its graph
/// under target/ still stands (its cache record hits: CompileCommand+Select.swift), the selection is
/// made on that graph, and table and view models are made from that compile's outputs
/// (SDCompiler's ProjectPipeline+LastCompile.swift says when that is exact and what falls back). The
/// run itself is the same: the catalog is read for the selected relations, the nodes go to the same
/// `Invocation`, run_results.json is written the same way. manifest.json and the compiled files are
/// left as that compile wrote them: the selected nodes' compiled code is already in both.
///
/// Only what the full path would do identically takes this path: `run` with text logs, no
/// `--full-refresh`, `--empty`, `--state`, `--defer` or `--target-path` (nor their environment
/// variables), not a retry, and a selection of table and view models alone (an external source in
/// it is built by the full path; one that is not is left out by both).
extension Execution {
    /// A run made from the last full compile.
    struct LastCompileRun {
        /// The engine, opened while the selected models were made.
        var engine: any Engine
        var ids: [String]
        var models: LastCompiledModels
        var found: String
        var note: String?
        /// What the selection said (a warning that it matched nothing), reported once this path is taken.
        var findings: DiagnosticBag
    }

    /// The run from the last full compile, or nil (having printed nothing) when it cannot be made.
    /// The target's engine is opened on another thread while the last compile is checked and its
    /// selected models are made; it is closed again when this path is not taken after all, and the
    /// full path opens its own after the load, as it always has.
    func lastCompileRun() async throws -> LastCompileRun? {
        let options = session.options
        let environment = session.environment
        // What the full path would read from elsewhere: another target folder, a state manifest.
        let elsewhere = ["DBT_TARGET_PATH", "SWIFTDBT_STATE", "DBT_STATE"].contains { !(environment[$0] ?? "").isEmpty }
        let pipeline = session.pipeline
        guard command == .run, !fullRefresh, !empty, only == nil, options.logFormat == .text, options.targetPath == nil, !elsewhere,
            selection.state == nil, !selection.deferToState, !selection.favorState,
            let folder = pipeline.targetFolder(), pipeline.hasGraphSnapshot(in: folder)
        else { return nil }
        // The profile's secrets join the scrubber before anything can print, as the load does.
        guard let target = pipeline.targetOnly() else { return nil }
        session.registerLiteralCredentials()
        var secrets = DiagnosticBag()
        Session.registerSecrets(of: target, into: &secrets)
        guard secrets.diagnostics.isEmpty else { return nil }
        // The engine is opened while the last compile is checked and read (a duckdb CLI takes tens
        // of milliseconds to start, which came after all of that). On a thread of its own: it
        // mostly waits for the process, and the graph's decoding wants the pool's threads.
        let opening = Background(ownThread: true) { EngineFactory.make(target, session: session) }
        let made: Made?
        do {
            made = try await madeFromLastCompile(folder: folder)
        } catch {
            // Closed before the error goes on: a duckdb left open would hold the database's lock.
            if case .success(let engine) = try opening.value() { await engine.close() }
            throw error
        }
        guard let made else {
            if case .success(let engine) = try opening.value() { await engine.close() }
            return nil
        }
        return LastCompileRun(
            engine: try EngineFactory.opened(opening.value(), session: session), ids: made.ids, models: made.models, found: made.found,
            note: made.note, findings: made.findings)
    }

    /// What `lastCompileRun` runs, but the engine.
    private struct Made {
        var ids: [String]
        var models: LastCompiledModels
        var found: String
        var note: String?
        var findings: DiagnosticBag
    }

    /// What `lastCompileRun` runs, but the engine: nil when the last compile, under the target
    /// folder `folder`, cannot answer.
    private func madeFromLastCompile(folder: String) async throws -> Made? {
        let pipeline = session.pipeline
        // Models edited since that compile are patched into its outputs first, as `compile` patches
        // them (CompilePatch.swift), so that editing a model and running it does not load the
        // project; not when the saved graph and index already say the run cannot be made from them.
        var last = session.lastCompile(indirect: "eager", anyOutputs: true)
        if last == nil {
            guard let saved = pipeline.loadGraphSnapshot(in: folder), let wanted = try selected(in: saved),
                pipeline.runnableFromIndex(wanted.ids.compactMap { saved.graph.node($0)?.originalFilePath }),
                case .patched = pipeline.patchCompile(
                    key: CompileCommand.everything(pipeline, indirect: "eager"), version: swiftdbtVersion, runStartedAt: session.startedAt,
                    invocationId: session.invocationId)
            else { return nil }
            last = session.lastCompile(indirect: "eager", anyOutputs: true)
        }
        guard let (record, snapshot) = last, let found = snapshot.notes["found"], let wanted = try selected(in: snapshot),
            let models = pipeline.modelsFromLastCompile(ids: wanted.ids, graph: snapshot.graph, compiledPaths: wanted.compiledPaths, record: record)
        else { return nil }
        return Made(ids: wanted.ids, models: models, found: found, note: snapshot.notes["semantic_note"], findings: wanted.findings)
    }

    /// The nodes the run selects on a saved graph, with their compiled files and what the selection
    /// said; nil when one is not a model this path can run or the selection has an error.
    private func selected(in snapshot: GraphSnapshot) throws -> (ids: [String], compiledPaths: [String: String], findings: DiagnosticBag)? {
        let graph = snapshot.graph
        var bag = DiagnosticBag()
        let types = ResourceTypeOptions.narrowing(command.resourceTypes, keep: keepKinds, drop: dropKinds)
        let selected = try session.select(graph, selection, indirect: indirect, types: types, states: nil, diagnostics: &bag)
        guard !bag.hasErrors else { return nil }
        // A source is run only when it is external, which only the compile that saved the graph knew.
        guard let external = snapshot.notes["external_sources"].map({ Set($0.split(separator: "\n").map(String.init)) }) else { return nil }
        var ids: [String] = []
        var compiledPaths: [String: String] = [:]
        for id in selected {
            guard let i = graph.index(of: id), let node = graph.node(id) else { return nil }
            if node.resourceType == .source, !external.contains(id) { continue }
            guard node.resourceType == .model else { return nil }
            // As the full path does: an ephemeral model is not run.
            if case .string("ephemeral")? = node.config["materialized"] { continue }
            guard let path = snapshot.compiledPath(i) else { return nil }
            compiledPaths[id] = path
            ids.append(id)
        }
        return (ids, compiledPaths, bag)
    }

    /// Runs `last`: the catalog read for its relations, then its nodes, as `run(on:loaded:)` runs
    /// a parsed project's (Execution.swift).
    func run(on engine: any Engine, _ last: LastCompileRun, reporter: ConsoleReporter) async throws -> RunOutcome? {
        try session.report(last.findings)
        let ids = last.ids
        let count = "\(ids.count) model\(ids.count == 1 ? "" : "s")"
        reporter.info(
            "Running \(count) from the outputs of the last compile (\(GraphSnapshot.fileName)); nothing it read has changed since",
            event: "Note", code: "Z050", level: "debug", jsonOnly: true)
        let nodes = last.models.nodes
        let target = last.models.target
        // The full path reads this to render is_incremental() and so the engine knows what exists;
        // the engine's own use is the same here.
        _ = try await existingRelations(engine, ids: ids, nodes: nodes, targetSchema: target.schema)
        let threads = announce(target, found: last.found, note: last.note, reporter: reporter)
        if ids.isEmpty {
            Execution.nothingToDo(reporter)
            return nil
        }
        return try await execute(
            ids, on: engine, target: target, targetPath: last.models.targetPath, cliVars: last.models.cliVars, threads: threads, reporter: reporter
        ) { invocation, cancellation, files in
            let outcome = await invocation.execute(
                order: ids, nodes: nodes, reporter: reporter, cancellation: cancellation, durations: files.lastDurations())
            return (outcome, nodes)
        }
    }
}
