import ArgumentParser
import Dispatch
import Foundation
import SDBasics
import SDAWS
import SDAthena
import SDCompiler
import SDDuckDB
import SDEngine
import SDGraph
import SDProject

#if canImport(Glibc)
import Glibc
#endif

/// Opens the engine for a target.
enum EngineFactory {
    static func open(_ loaded: ProjectPipeline.Loaded, session: Session) throws -> any Engine {
        switch loaded.target.kind {
        case .duckdb:
            do {
                return try DuckDBEngine(target: loaded.target, projectRoot: session.root, environment: session.environment,
                                        fileSystem: session.fileSystem)
            } catch {
                Output.err("error: cannot open the DuckDB target '\(loaded.target.name)': \(error)\n")
                throw ExitCode(1)
            }
        case .athena:
            do {
                let settings = AthenaSettings(target: loaded.target)
                let aws = try AWSClient(runtime: AWSRuntime.live(environment: session.environment, scrubber: Output.scrubber),
                                        options: AthenaEngine.clientOptions(settings))
                return AthenaEngine(settings: settings, aws: aws, now: { Date() },
                                    sleep: { try await Task.sleep(nanoseconds: UInt64(max(0, $0) * 1_000_000_000)) },
                                    runID: session.invocationId)
            } catch {
                Output.err("error: cannot open the Athena target '\(loaded.target.name)': \(error)\n")
                throw ExitCode(1)
            }
        }
    }
}

/// What `run`, `seed`, `build` and `test` share: connect, compile what is selected, schedule, report,
/// write artifacts, exit with dbt's codes (0 ok, 1 a node failed, 130 interrupted).
struct Execution {
    let command: String
    let session: Session
    let selection: SelectionOptions
    let execution: ExecutionOptions
    let types: Set<ResourceType>

    func run() async throws {
        let loaded = try session.load()
        let reporter = ConsoleReporter(format: session.options.logFormat == .json ? .json : .text, colour: session.colourOut,
                                       invocationId: session.invocationId, now: { Date() }, write: { Output.out($0) })
        reporter.info("Running with swiftdbt=\(swiftdbtVersion)", event: "MainReportVersion", code: "A001")
        let engine = try EngineFactory.open(loaded, session: session)
        // Every way out of the run, normal or thrown, ends the engine's session here and only here.
        let outcome: RunOutcome?
        do {
            outcome = try await run(on: engine, loaded: loaded, reporter: reporter)
        } catch {
            await engine.close()
            throw error
        }
        await engine.close()
        guard let outcome else { return }
        if outcome.interrupted { throw ExitCode(130) }
        if outcome.hasFailures { throw ExitCode(1) }
    }

    /// Compiles what is selected and runs it; nil when there was nothing to run.
    private func run(on engine: any Engine, loaded: ProjectPipeline.Loaded, reporter: ConsoleReporter) async throws -> RunOutcome? {
        var (compiler, compiled) = try session.parse(loaded, fullRefresh: execution.fullRefresh)
        // External sources are built (as views over the lake) only when the selection includes them.
        let ids = try session.select(compiled, selection, types: types).filter { id in
            guard let n = compiled.nodes[id] else { return false }
            if n.resourceType == .source { return n.external != nil }
            return n.materialized != "ephemeral"
        }
        // Before rendering, so is_incremental() and the engine see what exists: the selected nodes'
        // relations alone after --select/--exclude, else every schema they write to (RunCatalog).
        let existing = try await Execution.listRelations {
            try await RunCatalog.read(engine, ids: ids, nodes: compiled.nodes, targetSchema: loaded.target.schema,
                                      selective: !selection.select.isEmpty || !selection.exclude.isEmpty)
        }
        compiler.options.existingTables = Set(existing.filter { $0.value == .table }.map(\.key))
        var bag = DiagnosticBag()
        compiler.render(&compiled, ids: Set(ids), diagnostics: &bag)
        try session.report(bag)
        try session.writeCompiled(compiled, ids: ids)
        reporter.info("Registered adapter: \(loaded.target.kind.rawValue)=\(swiftdbtVersion)", event: "AdapterRegistered", code: "E034")
        reporter.info(Session.foundLine(compiled), event: "FoundStats", code: "W006")
        reporter.blank()
        let threads = execution.threads ?? loaded.target.threads
        reporter.info("Concurrency: \(threads) thread\(threads == 1 ? "" : "s") (target='\(loaded.target.name)')",
                      event: "ConcurrencyLine", code: "Q027")
        reporter.blank()
        if ids.isEmpty {
            reporter.info("Nothing to do. Try checking your model configs and model specification args", event: "NothingToDo", code: "Q035", level: "warn")
            return nil
        }

        let cancellation = CancellationFlag()
        cancellation.onCancel { Task { await engine.interrupt() } }
        let signalSources = Execution.trapInterrupt(cancellation)
        let nodes = compiled.nodes
        let root = session.root
        let targetPath = compiled.project.config.targetPath
        let fs = session.fileSystem
        let options = BuildOptions(fullRefresh: execution.fullRefresh)
        let runner = Runner(threads: threads, failFast: execution.failFast, reporter: reporter, now: { Date() })
        let outcome = await runner.run(order: ids, nodes: nodes, cancellation: cancellation, testsBlockChildren: command == "build",
                                      durations: CriticalPath.durations(lastRunResults: "\(root)/\(targetPath)/run_results.json", fileSystem: fs))
        { node in
            await Execution.execute(node, engine: engine, options: options, root: root, targetPath: targetPath, fileSystem: fs,
                                    cancellation: cancellation)
        }
        signalSources.forEach { $0.cancel() }
        reporter.summary(nodes: nodes, results: outcome.results, elapsed: outcome.elapsed, interrupted: outcome.interrupted)
        let doc = RunResults.document(outcome: outcome, nodes: nodes, invocationId: session.invocationId, generatedAt: Date(),
                                      version: swiftdbtVersion, args: args(loaded))
        try? fs.writeFile("\(root)/\(targetPath)/run_results.json", doc.serialized())
        return outcome
    }

    private func args(_ loaded: ProjectPipeline.Loaded) -> [String: JSONValue] {
        [
            "which": .string(command), "select": .array(selection.select.map { .string($0) }),
            "exclude": .array(selection.exclude.map { .string($0) }), "target": .string(loaded.target.name),
            "full_refresh": .bool(execution.fullRefresh), "fail_fast": .bool(execution.failFast),
            "project_dir": .string(session.root),
        ]
    }

    /// Runs one node and turns whatever happens into a result; statements go to target/run/.
    static func execute(_ node: CompiledNode, engine: any Engine, options: BuildOptions, root: String, targetPath: String,
                        fileSystem: FileSystem, cancellation: CancellationFlag) async -> NodeResult
    {
        let started = Date()
        let log = StatementLog()
        if cancellation.isCancelled {
            return NodeResult(uniqueId: node.uniqueId, status: .error, message: "interrupted", startedAt: started, completedAt: Date())
        }
        var result: NodeResult
        do {
            if node.resourceType == .test {
                let outcome = try await engine.runTest(node, sql: node.compiledCode, sampleLimit: 5, log: log)
                let verdict = TestVerdict.judge(failures: outcome.failures, config: node.config)
                result = NodeResult(uniqueId: node.uniqueId, status: verdict.status,
                                    message: verdict.status == .pass ? "PASS" : verdict.condition, response: outcome.response,
                                    failures: outcome.failures, startedAt: started, completedAt: Date(), statements: log.all,
                                    sample: outcome.sample)
                Execution.writeRunFile(node, log: log, root: root, targetPath: targetPath, fileSystem: fileSystem)
                return result
            }
            let response: AdapterResponse
            switch node.resourceType {
            case .seed:
                let path = root + "/" + node.originalFilePath
                let text = try fileSystem.readFile(path)
                let table = try Execution.parseSeed(text: text, node: node)
                response = try await engine.loadSeed(node, table: table, options: options, log: log)
            default:
                response = try await engine.build(node, options: options, log: log)
            }
            result = NodeResult(uniqueId: node.uniqueId, status: .success, message: response.message, response: response,
                                startedAt: started, completedAt: Date(), statements: log.all)
        } catch let e as EngineError {
            result = NodeResult(uniqueId: node.uniqueId, status: .error, message: e.message, startedAt: started, completedAt: Date(),
                                statements: log.all)
            result.diagnostics = DatabaseErrorLocator.diagnostics(for: e, node: node)
        } catch let e as DiagnosticError {
            result = NodeResult(uniqueId: node.uniqueId, status: .error,
                                message: DiagnosticRenderer().render(e.diagnostics).trimmingCharacters(in: .newlines),
                                startedAt: started, completedAt: Date(), statements: log.all)
        } catch {
            result = NodeResult(uniqueId: node.uniqueId, status: .error, message: "\(error)", startedAt: started, completedAt: Date(),
                                statements: log.all)
        }
        writeRunFile(node, log: log, root: root, targetPath: targetPath, fileSystem: fileSystem)
        return result
    }

    /// `target/run/<package>/<path>`: the exact statements a node executed.
    static func writeRunFile(_ node: CompiledNode, log: StatementLog, root: String, targetPath: String, fileSystem: FileSystem) {
        guard !log.all.isEmpty else { return }
        var relative = node.originalFilePath
        if node.resourceType == .source {
            relative = (relative as NSString).deletingPathExtension + "/\(node.sourceName ?? "").\(node.name).sql"
        } else if node.resourceType == .test, node.testName != nil {
            relative = (relative as NSString).deletingLastPathComponent + "/" + node.path
        } else if node.resourceType == .seed {
            relative = (relative as NSString).deletingPathExtension + ".sql"
        }
        try? fileSystem.writeFile("\(root)/\(targetPath)/run/\(node.packageName)/\(relative)", log.script)
    }

    /// The existing relations `read` returns. Fails closed: a relation missing from an unreadable
    /// list would be created over, or an incremental model rebuilt from scratch, so nothing runs on a guess.
    static func listRelations(_ read: () async throws -> [Relation: RelationKind]) async throws -> [Relation: RelationKind] {
        do {
            return try await read()
        } catch {
            Output.err("error: cannot read the list of existing relations from the target's catalog, so nothing was run: \(error)\n")
            throw ExitCode(1)
        }
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

extension Execution {
    /// Parses a seed CSV; malformed files are diagnostics naming file, line and column.
    static func parseSeed(text: String, node: CompiledNode) throws -> SeedTable {
        var types: [String: String] = [:]
        if case .object(let o) = node.config["column_types"] ?? .null {
            for (k, v) in o { if let s = v.stringValue { types[k] = s } }
        }
        var bag = DiagnosticBag()
        guard let table = SeedReader.read(path: node.originalFilePath, text: text, columnTypes: types, diagnostics: &bag) else {
            throw DiagnosticError(bag.diagnostics)
        }
        return table
    }
}
