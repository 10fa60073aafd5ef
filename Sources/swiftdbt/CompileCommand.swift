import ArgumentParser
import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDGraph

#if canImport(Glibc)
    import Glibc
#endif

struct CompileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile", abstract: "Render the selected models' SQL into target/compiled and write target/manifest.json.",
        discussion: """
            With --select picking one node, or --inline, the compiled SQL is also printed (with --quiet, only the SQL), as dbt 1.5+ does.

            Examples:
              swiftdbt compile                                  # every model, test and analysis
              swiftdbt compile -s stg_orders                    # prints stg_orders' compiled SQL
              swiftdbt compile -q --inline "select * from << ref('stg_orders') >>"
            """)

    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var indirect: IndirectSelectionOptions

    @Option(name: .long, help: "SQL to compile and print; templates allowed, e.g. \"select * from << ref('m') >>\".")
    var inline: String?

    func validate() throws {
        if inline != nil && !(selection.select.isEmpty && selection.exclude.isEmpty) {
            throw ValidationError("--inline cannot be combined with --select or --exclude")
        }
    }

    func run() async throws {
        var session = Session(project)
        // With --log-format json every line is an event, as in run/build (docs/artifacts.md). The
        // cache keeps the text summary only, so a compile that prints anything else (JSON, the SQL of
        // --inline or -s, another target path) neither reads nor writes it. A recorded compile printed
        // nothing but that summary at any level (no diagnostic, hidden or not, and no template
        // message), so a level that only hides lines (--quiet, --log-level info/warn/error/none) replays
        // it exactly; --debug is left out, since it is the level that adds lines.
        let json = session.options.logFormat == .json
        let plain =
            !json && inline == nil && project.consoleLevel != .debug && project.targetPath == nil && selection.state == nil
            && !selection.deferToState
        let usesCache = plain && selection.select.isEmpty
        // Nothing read or written since the last compile changed: its outputs stand (CompileCache.swift).
        let pipeline = session.pipeline
        let key = Self.key(
            pipeline, select: selection.select, exclude: selection.exclude, selector: selection.selector, indirect: indirect.indirectSelection)
        // A selection out of the last full compile, when that compile's outputs all stand (CompileCommand+Select.swift).
        let selecting = !selection.select.isEmpty || !selection.exclude.isEmpty || selection.selector != nil
        if plain, !usesCache, try selectFromLastCompile(session, indirect: indirect.indirectSelection) { return }
        if usesCache {
            var cacheNotes = DiagnosticBag()
            let (cached, _) = pipeline.cachedCompile(key: key, version: swiftdbtVersion, diagnostics: &cacheNotes)
            // Only notes: printed without marking the compile as one that printed diagnostics, and
            // hidden where Session.report hides notes (--quiet, --log-level error/none).
            let levelShows = session.reporter()
            if !cacheNotes.diagnostics.isEmpty, levelShows.prints("warn") {
                Output.err(DiagnosticRenderer(colour: session.colourErrors).render(cacheNotes.diagnostics))
            }
            // The summary at the level the compile it replaces would print it (below, `prints("info")`).
            if let cached {
                if levelShows.prints("info") { Output.out(cached) }
                return
            }
            if selecting, try selectFromLastCompile(session, indirect: indirect.indirectSelection) { return }
            // Only model files changed: re-render those alone (CompilePatch.swift), else compile everything.
            if case .patched(let summary, _) = pipeline.patchCompile(
                key: key, version: swiftdbtVersion, runStartedAt: session.startedAt, invocationId: session.invocationId)
            {
                if levelShows.prints("info") { Output.out(summary) }
                return
            }
        }

        if ProgressPolicy.enabled(quiet: project.quiet, stdoutIsTerminal: isatty(1) == 1, stderrIsTerminal: isatty(2) == 1) {
            session.ticker = ProgressTicker(progress: CompileProgress())
        }
        defer { session.ticker?.stop() }
        let inputs = CompileInputs(stamp: { FileStamp.local($0) })
        session.inputs = inputs
        let reporter = session.reporter()
        let started = Date()
        var success = false
        if json { reporter.mainReportVersion("Running with swiftdbt=\(swiftdbtVersion)", version: swiftdbtVersion) }
        defer { if json { reporter.commandCompleted("compile", success: success, elapsed: Date().timeIntervalSince(started)) } }
        let loaded = try session.load()
        var (compiler, compiled) = try session.parse(loaded)
        defer { ExitKeeper.keep(compiled) }
        if let inline {
            var bag = DiagnosticBag()
            let sql = compiler.compileInline(inline, in: compiled, diagnostics: &bag)
            try session.report(bag)
            guard let sql else { throw ExitCode(1) }
            success = true
            printCompiled(sql, header: "Compiled inline node is:", name: "inline_query", reporter: reporter, session: session)
            return
        }
        let ids = try session.select(compiled, selection, indirect: indirect.indirectSelection, types: [.model, .test, .analysis, .unitTest])
        if selection.deferToState {
            // Whether a parent exists in the target is the database's answer; --favor-state needs none.
            var engine: (any Engine)? = nil
            if !selection.favorState { engine = try EngineFactory.open(loaded, session: session) }
            do { try await session.applyDeferral(&compiled, selection: selection, selected: ids, engine: engine) } catch {
                await engine?.close()
                throw error
            }
            await engine?.close()
        }
        // run_query/statement open the target on first use (docs/hooks.md); the render then runs off the
        // cooperative pool, since each query blocks it.
        let connection = LazyEngineConnection { [session, loaded] in try EngineFactory.open(loaded, session: session) }
        compiler.options.connection = connection
        let bag: DiagnosticBag
        // The render gets the only copy of the nodes: with a second one left here, every node it
        // writes its SQL into would be copied first (CompiledNode's copy on write).
        let handOver = HandOver(compiled)
        compiled.nodes = [:]
        (compiled, bag) = await EngineConnection.offPool { [compiler, handOver] in
            var project = handOver.take()
            var found = DiagnosticBag()
            compiler.render(&project, ids: Set(ids), diagnostics: &found)
            return (project, found)
        }
        await connection.close()
        compiled.releaseTemplates()
        session.showMessages(&compiled, reporter: reporter)
        try session.report(bag)
        let compiledCount = ids.filter { compiled.nodes[$0]?.compiledPath != nil }.count
        let summary =
            "\(Session.foundLine(compiled))\nCompiled \(compiledCount) node\(compiledCount == 1 ? "" : "s") for target '\(loaded.target.name)' (\(loaded.target.type)) into \(compiled.project.config.targetPath)/compiled/\(compiled.project.name)\n"
        let cacheable = usesCache && !session.printed.any && !connection.wasUsed && !compiled.messages.any
        // What a later `compile --select` selects from (CompileCommand+Select.swift): saved only by a
        // compile of every node, and removed by any other.
        let compilable: Set<ResourceType> = [.model, .test, .analysis, .unitTest]
        let complete = cacheable && !selecting && ids.count == compiled.nodes.values.count(where: { compilable.contains($0.resourceType) })
        var notes = [
            "found": Session.foundLine(compiled), "target": loaded.target.name, "type": "\(loaded.target.type)",
            "into": "\(compiled.project.config.targetPath)/compiled/\(compiled.project.name)",
        ]
        // What a run prints about the semantic layer (Execution+LastCompile.swift).
        notes["semantic_note"] = Session.semanticLayerNote(compiled)
        // Sources a run builds (views over the lake): a run that selects one loads the project.
        notes["external_sources"] = compiled.nodes.values.filter { $0.resourceType == .source && $0.external != nil }.map(\.uniqueId)
            .sorted().joined(separator: "\n")
        // The index and the saved graph read the compiled project only, so they are written beside
        // the compiled files and manifest, which leave a core idle at times (bench/README.md).
        let output = session.pipeline
        let snapshotNotes = notes
        let (kept, renderer, targetPath) = (compiled, compiler, compiled.project.config.targetPath)
        let indexing = cacheable ? Background { try output.saveCompileIndex(kept, compiler: renderer, targetPath: targetPath) } : nil
        let snapshotting = Background { try output.saveGraphSnapshot(kept, complete: complete, notes: snapshotNotes) }
        let wrote = Result { try output.writeCompiled(compiled, ids: ids, version: swiftdbtVersion) }
        let (index, snapshot) = (Result { try indexing?.value() }, Result { try snapshotting.value() })
        // All three finished before any error is thrown; after one, neither the index nor the graph
        // is left beside the failed compile's outputs, as when they were written after them.
        let recorded: [String]
        do { recorded = try wrote.get() + [try index.get(), try snapshot.get()].compactMap { $0 } } catch {
            for case let path? in [try? index.get(), try? snapshot.get()] { try? output.fileSystem.removeItem(path) }
            throw error
        }
        session.ticker?.stop()
        try output.saveCache(
            inputs: inputs, key: key, version: swiftdbtVersion, outputs: recorded, summary: summary,
            targetPath: compiled.project.config.targetPath, cacheable: cacheable)
        success = true
        let done = "Compiled \(compiledCount) node\(compiledCount == 1 ? "" : "s") for target '\(loaded.target.name)'"
        if json {
            reporter.info(Session.foundLine(compiled), event: "FoundStats", code: "W006", data: ["stat_line": .string(Session.foundLine(compiled))])
            reporter.info(done, event: "Note", code: "Z050", data: ["msg": .string(done)])
        } else if reporter.prints("info") {
            let into = "\(compiled.project.config.targetPath)/compiled/\(compiled.project.name)"
            Output.out("\(Session.foundLine(compiled))\n\(done) (\(loaded.target.type)) into \(into)\n")
        }
        // dbt prints the SQL when the selection names one node (`compile -s x`).
        if !selection.select.isEmpty, ids.count == 1, let node = compiled.nodes[ids[0]] {
            // A unit test prints its whole query: given rows as CTEs, then the model (UnitTestPlan+SQL.swift).
            let sql = node.unitTest?.compiledSQL ?? node.compiledCode
            printCompiled(sql, header: "Compiled node '\(node.name)' is:", name: node.name, reporter: reporter, session: session)
        }
    }

    /// dbt's CompiledNode event (Q042): a header line and the SQL; `--quiet` prints the SQL alone, as
    /// dbt 1.8 does so the output can be piped (dbt-core PR 9958).
    func printCompiled(_ sql: String, header: String, name: String, reporter: ConsoleReporter, session: Session) {
        let body = sql.trimmingCharacters(in: .newlines)
        if session.options.logFormat == .json {
            let data: [String: JSONValue] = ["node_name": .string(name), "compiled": .string(body), "is_inline": .bool(name == "inline_query")]
            reporter.info("\(header)\n\(body)", event: "CompiledNode", code: "Q042", data: data, always: true)
        } else if reporter.prints("info") {
            Output.out("\(header)\n\(body)\n")
        } else {
            Output.out(body + "\n")
        }
    }
}

/// Moves a value into a closure and out again, leaving no copy behind in the box.
private final class HandOver<Value>: @unchecked Sendable {
    private var value: Value?
    init(_ value: Value) { self.value = value }
    func take() -> Value {
        defer { value = nil }
        guard let value else { preconditionFailure("HandOver.take called twice") }
        return value
    }
}
