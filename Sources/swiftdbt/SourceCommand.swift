import ArgumentParser
import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDGraph
import SDProject

/// `swiftdbt source freshness`, dbt's command of that name (docs.getdbt.com/reference/commands/source).
struct SourceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "source", abstract: "Commands on sources.", subcommands: [FreshnessCommand.self])
}

/// Checks how old the newest row of each selected source table is against its `freshness:`
/// criteria, prints dbt's lines and writes target/sources.json (FreshnessRun). Exit code 1 when a
/// table is stale past `error_after` or its query fails; a warning fails only with --warn-error.
struct FreshnessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "freshness", abstract: "Check the freshness of the selected sources and write target/sources.json.",
        discussion: """
            A source table is checked when it (or its source) declares freshness: with warn_after or error_after,
            and a loaded_at_field; the query is select max(loaded_at_field), current_timestamp from the table
            [where filter]. loaded_at_field and filter may use << >> (macros, var, target).
            Examples:
              swiftdbt source freshness                          # every source with criteria
              swiftdbt source freshness -s source:lake           # one source
              swiftdbt source freshness -o target/fresh.json     # write the results elsewhere
            """)
    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions
    @Option(name: [.short, .long], help: "Where to write the results (default: <target-path>/sources.json).")
    var output: String?
    @Option(name: .long, help: "How many tables may be checked at once (default: the target's threads).")
    var threads: Int?

    func run() async throws {
        let session = Session(project)
        let reporter = session.reporter()
        reporter.mainReportVersion("Running with swiftdbt=\(swiftdbtVersion)", version: swiftdbtVersion)
        let started = Date()
        var success = false
        defer { reporter.commandCompleted("source freshness", success: success, elapsed: Date().timeIntervalSince(started)) }
        let loaded = try session.load()
        let (compiler, compiled) = try session.parse(loaded)
        let ids = try session.select(compiled, selection, types: [.source])
        var bag = DiagnosticBag()
        let checks = FreshnessCommand.checks(ids: ids, compiled: compiled, compiler: compiler, diagnostics: &bag)
        try session.report(bag)
        let engine = try EngineFactory.open(loaded, session: session)
        let outcomes: [FreshnessRun.Outcome]
        do {
            outcomes = try await run(checks, engine: engine, loaded: loaded, compiled: compiled, reporter: reporter, session: session)
        } catch {
            await engine.close()
            throw error
        }
        await engine.close()
        let warnFails = try session.warnErrorPolicy().promotes("LogFreshnessResult")
        success = !outcomes.contains { $0.status == .error || $0.status == .runtimeError || (warnFails && $0.status == .warn) }
        if !success { throw ExitCode(1) }
    }

    private func run(
        _ checks: [FreshnessRun.Check], engine: any Engine, loaded: ProjectPipeline.Loaded, compiled: CompiledProject,
        reporter: ConsoleReporter, session: Session
    ) async throws -> [FreshnessRun.Outcome] {
        reporter.info("Registered adapter: \(loaded.target.type)=\(swiftdbtVersion)", event: "AdapterRegistered", code: "E034")
        reporter.info(Session.foundLine(compiled), event: "FoundStats", code: "W006", data: ["stat_line": .string(Session.foundLine(compiled))])
        reporter.blank()
        guard !checks.isEmpty else {
            reporter.info("Nothing to do. Try checking your model configs and model specification args", event: "NothingToDo", code: "Q035", level: "warn")
            return []
        }
        let threads = self.threads ?? loaded.target.threads
        reporter.info(
            "Concurrency: \(threads) thread\(threads == 1 ? "" : "s") (target='\(loaded.target.name)')", event: "ConcurrencyLine", code: "Q027")
        reporter.blank()
        let began = Date()
        let total = checks.count
        let outcomes = await FreshnessRun(engine: engine, threads: threads).run(
            checks,
            started: { check, index, thread in reporter.freshnessStarted(check.node, index: index, total: total, thread: thread) },
            finished: { check, outcome, index in reporter.freshnessFinished(check.node, outcome: outcome, index: index, total: total) })
        let elapsed = Date().timeIntervalSince(began)
        reporter.freshnessSummary(outcomes, nodes: compiled.nodes, elapsed: elapsed)
        let path =
            output.map { $0.hasPrefix("/") ? $0 : "\(session.root)/\($0)" }
            ?? "\(session.root)/\(compiled.project.config.targetPath)/sources.json"
        let doc = SourcesJSON.document(
            outcomes, invocationId: session.invocationId, startedAt: session.startedAt, generatedAt: Date(), version: swiftdbtVersion,
            elapsed: elapsed)
        try session.fileSystem.writeFile(path, doc.serialized())
        return outcomes
    }

    /// The selected source tables that have criteria, each with its query compiled (so
    /// `loaded_at_field` and `filter` may use macros); a table with criteria but no
    /// `loaded_at_field` is reported, since it cannot be checked.
    static func checks(ids: [String], compiled: CompiledProject, compiler: Compiler, diagnostics bag: inout DiagnosticBag) -> [FreshnessRun.Check] {
        var out: [FreshnessRun.Check] = []
        for id in ids {
            guard let node = compiled.nodes[id], node.resourceType == .source, let source = node.sourceName,
                let table = compiled.project.properties.sources.first(where: {
                    $0.sourceName == source && $0.name == node.name && ($0.package ?? compiled.project.name) == node.packageName
                }),
                let criteria = table.freshness, criteria.checksSomething
            else { continue }
            guard let field = table.loadedAtField, !field.isEmpty else {
                bag.append(
                    .warning(
                        "source '\(source).\(node.name)' has freshness criteria but no loaded_at_field, so its freshness is not checked",
                        at: table.range, hint: "add 'loaded_at_field: <timestamp column or expression>' to the table or its source"))
                continue
            }
            let template = FreshnessRun.sql(loadedAtField: field, relation: "<< source('\(source)', '\(node.name)') >>", filter: criteria.filter)
            guard let sql = compiler.compileInline(template, in: compiled, diagnostics: &bag) else { continue }
            out.append(FreshnessRun.Check(node: node, criteria: criteria, sql: sql))
        }
        return out
    }
}
