import ArgumentParser
import Dispatch
import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDGraph
import SDProject

#if canImport(Glibc)
    import Glibc
#endif

/// What `run`, `seed`, `build` and `test` share: connect, compile what is selected, hand the nodes
/// to SDEngine's `Invocation` (schedule, execute, report, write artifacts), exit with dbt's codes
/// (0 ok, 1 a node failed, 130 interrupted). Only the wiring is here: options, the engine, signals.
struct Execution {
    let command: ExecutionCommand
    let session: Session
    let selection: SelectionOptions
    /// `--indirect-selection` where the command has it (build, test); dbt's default elsewhere.
    var indirect = "eager"
    var fullRefresh = false
    /// `--empty` (run, build): refs and sources read zero rows.
    var empty = false
    let execution: ExecutionOptions
    /// `--resource-type`/`--exclude-resource-type` (build, test), as typed.
    var keepKinds: [String] = []
    var dropKinds: [String] = []
    /// `swiftdbt retry`: only these of the selected nodes run (RetryCommand.swift).
    var only: Set<String>? = nil

    func run() async throws {
        let reporter = session.reporter()
        reporter.mainReportVersion("Running with swiftdbt=\(swiftdbtVersion)", version: swiftdbtVersion)
        // CommandCompleted ends every log, as dbt fires it however the command ends.
        let started = Date()
        var success = false
        defer { reporter.commandCompleted(command.rawValue, success: success, elapsed: Date().timeIntervalSince(started)) }
        // Table and view models the last full compile compiled run from its outputs, without loading
        // the project (Execution+LastCompile.swift); anything else loads it.
        let fromLastCompile = try await lastCompileRun()
        let loaded = fromLastCompile == nil ? try session.load() : nil
        let engine: any Engine
        if let fromLastCompile {
            engine = fromLastCompile.engine
        } else if let loaded {
            engine = try EngineFactory.open(loaded, session: session)
        } else {
            // The load throws when it fails, so there is always one of the two.
            return
        }
        // Every way out of the run, normal or thrown, ends the engine's session here and only here.
        let outcome: RunOutcome?
        do {
            if let fromLastCompile {
                outcome = try await run(on: engine, fromLastCompile, reporter: reporter)
            } else if let loaded {
                outcome = try await run(on: engine, loaded: loaded, reporter: reporter)
            } else {
                outcome = nil
            }
        } catch {
            await engine.close()
            throw error
        }
        await engine.close()
        success = outcome.map { !$0.interrupted && !$0.hasFailures } ?? true
        guard let outcome else { return }
        if outcome.interrupted { throw ExitCode(130) }
        if outcome.hasFailures { throw ExitCode(1) }
    }

    /// Compiles what is selected and runs it; nil when there was nothing to run.
    private func run(on engine: any Engine, loaded: ProjectPipeline.Loaded, reporter: ConsoleReporter) async throws -> RunOutcome? {
        var (compiler, compiled) = try session.parse(loaded, fullRefresh: fullRefresh, empty: empty)
        // External sources are built (as views over the lake) only when the selection includes them.
        let types = ResourceTypeOptions.narrowing(command.resourceTypes, keep: keepKinds, drop: dropKinds)
        var ids = try session.select(compiled, selection, indirect: indirect, types: types).filter { id in
            guard let n = compiled.nodes[id] else { return false }
            if n.resourceType == .source { return n.external != nil }
            return n.materialized != "ephemeral"
        }.filter { only?.contains($0) ?? true }
        try leaveOutSnapshotsWhenEmpty(&ids, compiled)
        // Before rendering, so is_incremental() and the engine see what exists: the selected nodes'
        // relations alone after --select/--exclude, else every schema they write to.
        let existing = try await existingRelations(engine, ids: ids, nodes: compiled.nodes, targetSchema: loaded.target.schema)
        compiler.options.existingTables = Set(existing.filter { $0.value == .table }.map(\.key))
        try await session.applyDeferral(&compiled, selection: selection, selected: ids, engine: engine)
        let threads = announce(loaded.target, found: Session.foundLine(compiled), note: Session.semanticLayerNote(compiled), reporter: reporter)
        if ids.isEmpty {
            try session.writeCompiled(compiled, ids: [])
            Execution.nothingToDo(reporter)
            return nil
        }

        return try await execute(
            ids, on: engine, target: loaded.target, targetPath: compiled.project.config.targetPath, cliVars: loaded.cliVars,
            threads: threads, reporter: reporter
        ) { invocation, cancellation, files in
            try await Execution.executeWithHooks(
                invocation, compiler: compiler, compiled: compiled, order: ids, reporter: reporter, session: session
            ) { rendered, notCompiled in
                await invocation.execute(
                    order: ids, nodes: rendered.nodes, reporter: reporter, cancellation: cancellation,
                    durations: files.lastDurations(), notCompiled: notCompiled,
                    postHooks: Execution.postHookRenderer(compiler, rendered, engine: engine))
            }
        }
    }

    /// The existing relations the run of `ids` needs (CatalogListing.swift): only theirs after
    /// `--select`/`--exclude`; a catalog that cannot be read is reported and ends the command.
    func existingRelations(_ engine: any Engine, ids: [String], nodes: [String: CompiledNode], targetSchema: String) async throws
        -> [Relation: RelationKind]
    {
        do {
            return try await CatalogListing.read(
                engine, ids: ids, nodes: nodes, targetSchema: targetSchema, selective: !selection.select.isEmpty || !selection.exclude.isEmpty)
        } catch {
            try session.report(error)
            throw ExitCode(1)
        }
    }

    /// dbt's warning when the selection leaves nothing to run.
    static func nothingToDo(_ reporter: ConsoleReporter) {
        reporter.info("Nothing to do. Try checking your model configs and model specification args", event: "NothingToDo", code: "Q035", level: "warn")
    }

    /// The lines before the first node (adapter, what the project holds, threads); returns the threads.
    func announce(_ target: Target, found: String, note: String?, reporter: ConsoleReporter) -> Int {
        reporter.info("Registered adapter: \(target.type)=\(swiftdbtVersion)", event: "AdapterRegistered", code: "E034")
        reporter.info(found, event: "FoundStats", code: "W006", data: ["stat_line": .string(found)])
        if let note { reporter.info(note, event: "Note", code: "Z050") }
        reporter.blank()
        let threads = execution.threads ?? target.threads
        reporter.info(
            "Concurrency: \(threads) thread\(threads == 1 ? "" : "s") (target='\(target.name)')",
            event: "ConcurrencyLine", code: "Q027")
        reporter.blank()
        return threads
    }

    /// What both ways of running share once the nodes are known: Ctrl-C handling, the invocation,
    /// and run_results.json. `body` runs the nodes and returns the outcome and every node it ran.
    func execute(
        _ ids: [String], on engine: any Engine, target: Target, targetPath: String, cliVars: [String: JSONValue], threads: Int,
        reporter: ConsoleReporter,
        body: (Invocation, CancellationFlag, RunFiles) async throws -> (RunOutcome, [String: CompiledNode])
    ) async throws -> RunOutcome {
        let cancellation = CancellationFlag()
        cancellation.onCancel { Task { await engine.interrupt() } }
        let signalSources = Execution.trapInterrupt(cancellation)
        let files = RunFiles(root: session.root, targetPath: targetPath, fileSystem: session.fileSystem)
        var invocation = Invocation(
            command: command, engine: engine, files: files, threads: threads, failFast: execution.failFast,
            fullRefresh: fullRefresh, now: { Date() })
        invocation.testWarningsFail = try session.warnErrorPolicy().promotes("LogTestResult")
        let (outcome, nodes) = try await body(invocation, cancellation, files)
        signalSources.forEach { $0.cancel() }
        var args = RunResults.Args(
            select: selection.select, exclude: selection.exclude, target: target.name,
            fullRefresh: fullRefresh, failFast: execution.failFast, projectDir: session.root)
        args = RetryCommand.completing(
            args, cliVars: cliVars, selection: selection, indirect: indirect, threads: threads, empty: empty,
            kinds: (keepKinds, dropKinds), environment: session.environment)
        invocation.finish(
            outcome, nodes: nodes, reporter: reporter, invocationId: session.invocationId,
            version: swiftdbtVersion, args: args)
        return outcome
    }

    /// Ctrl-C or SIGTERM: stop scheduling and interrupt the engine; a second one exits at once.
    ///
    /// dbt handles only SIGINT; a SIGTERM (what orchestrators and `timeout` send) ends it without
    /// cancelling the running query (dbt-core issue 8356). Here SIGTERM is treated exactly like
    /// Ctrl-C, exit code 130 included, so a stopped run always leaves run_results.json and no statement
    /// running. A second signal exits at once; the duckdb child dies with the process (it was started
    /// with a parent-death signal, Sources/CSDProcess).
    static func trapInterrupt(_ flag: CancellationFlag) -> [DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if flag.isCancelled { exit(130) }
                let name = number == SIGINT ? "Interrupted" : "Terminated (SIGTERM)"
                Output.err("\n\(name): stopping after the running nodes are cancelled (Ctrl-C again to exit now)\n")
                flag.cancel()
            }
            source.resume()
            return source
        }
    }
}
