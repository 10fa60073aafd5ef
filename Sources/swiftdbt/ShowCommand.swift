import ArgumentParser
import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDGraph
import SDProject

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Run a model's compiled SQL (or an inline query) and print the first rows.",
        discussion: """
            Examples:
              swiftdbt show -s stg_orders                        # first 5 rows as a table
              swiftdbt show -s stg_orders --limit 20 --output json
              swiftdbt show --inline "select count(*) from << ref('stg_orders') >>"
            """)

    enum Format: String, ExpressibleByArgument { case table, json, csv }

    @OptionGroup var project: ProjectOptions

    @Option(name: [.short, .long], help: "The model (or seed) to preview.")
    var select: String?

    @Option(name: .long, help: "SQL to run; templates allowed, e.g. \"select * from << ref('m') >>\".")
    var inline: String?

    @Option(name: .long, parsing: .unconditional, help: "How many rows to show (-1 for all).")
    var limit: Int = 5

    @Option(name: .customLong("output"), help: "table (default), json or csv.")
    var output: Format = .table

    @Option(name: .long, help: "Folder with a previous run's manifest.json, for --defer (also $SWIFTDBT_STATE, $DBT_STATE).")
    var state: String?

    @Flag(name: .customLong("defer"), help: "Refs to models missing from the target read the --state manifest's relations.")
    var deferToState = false

    @Flag(name: .customLong("favor-state"), help: "With --defer: refs always read the --state relations.")
    var favorState = false

    func validate() throws {
        if (select == nil) == (inline == nil) {
            throw ValidationError("give exactly one of --select or --inline")
        }
    }

    func run() async throws {
        let session = Session(project)
        let loaded = try session.load()
        var (compiler, compiled) = try session.parse(loaded)
        var bag = DiagnosticBag()
        let sql: String
        let title: String
        var previewed: CompiledNode?
        if deferToState || favorState {
            try await applyDeferral(&compiled, session: session, loaded: loaded)
        }
        if let inline {
            guard let s = compiler.compileInline(inline, in: compiled, diagnostics: &bag) else {
                try session.report(bag)
                throw ExitCode(1)
            }
            sql = s
            title = "inline query"
        } else {
            let ids = try session.select(compiled, SelectionOptions.parse(["--select", select ?? ""]), types: [.model, .seed, .source])
            guard ids.count == 1, let id = ids.first, let node = compiled.nodes[id] else {
                bag.append(
                    .error(
                        "--select must pick exactly one model, seed or source; '\(select ?? "")' picks \(ids.count)",
                        hint: ids.isEmpty ? nil : "it picks: \(ids.prefix(5).compactMap { compiled.nodes[$0]?.name }.joined(separator: ", "))"))
                try session.report(bag)
                throw ExitCode(1)
            }
            title = node.name
            switch node.resourceType {
            case .model:
                // run_query/statement open the target on first use, as in compile (docs/hooks.md).
                let connection = LazyEngineConnection { [session, loaded] in try EngineFactory.open(loaded, session: session) }
                compiler.options.connection = connection
                let found: DiagnosticBag
                (compiled, found) = await EngineConnection.offPool { [compiler, compiled] in
                    var project = compiled
                    var rendered = DiagnosticBag()
                    compiler.render(&project, ids: [id], diagnostics: &rendered)
                    return (project, rendered)
                }
                await connection.close()
                session.showMessages(&compiled, reporter: session.reporter())
                bag.append(contentsOf: found.diagnostics)
                try session.report(bag)
                previewed = compiled.nodes[id]
                sql = compiled.nodes[id]?.compiledCode ?? ""
            default:
                sql = "select * from \(node.relation?.quoted ?? node.name)"
            }
        }
        try session.report(bag)
        let engine = try EngineFactory.open(loaded, session: session)
        let result: QueryResult
        do {
            result = try await engine.query(sql, limit: limit < 0 ? nil : limit)
        } catch {
            await engine.close()
            // The database's whole text (DuckDB's spans lines), then, for a model, the template line
            // the failing SQL came from when the database gave a position.
            var found = [Diagnostic.error("the query for \(title) failed:\n\(error)")]
            if let previewed, let e = error as? EngineError { found += DatabaseErrorLocator.diagnostics(for: e, node: previewed) }
            try session.report(DiagnosticError(found))
            throw ExitCode(1)
        }
        await engine.close()
        switch output {
        case .table:
            Output.out("Previewing \(title):\n" + TableFormatter.render(result))
        case .json:
            Output.out(ShowCommand.json(columns: result.columns, rows: result.rows))
        case .csv:
            var out = result.columns.map(ShowCommand.csvField).joined(separator: ",") + "\n"
            for row in result.rows {
                out +=
                    row.map { v -> String in
                        switch v {
                        case .null: return ""
                        case .string(let s): return ShowCommand.csvField(s)
                        default: return ShowCommand.csvField(TableFormatter.plain(v))
                        }
                    }.joined(separator: ",") + "\n"
            }
            Output.out(out)
        }
    }

    /// `--defer`: the previewed model is the selected node; with `--inline` every model and seed is.
    private func applyDeferral(_ compiled: inout CompiledProject, session: Session, loaded: ProjectPipeline.Loaded) async throws {
        var args = state.map { ["--state", $0] } ?? []
        if deferToState { args.append("--defer") }
        if favorState { args.append("--favor-state") }
        let options = try SelectionOptions.parse(args)
        let ids = try select.map { try session.select(compiled, SelectionOptions.parse(["--select", $0]), types: [.model, .seed, .source]) } ?? []
        var engine: (any Engine)? = nil
        if !favorState { engine = try EngineFactory.open(loaded, session: session) }
        do { try await session.applyDeferral(&compiled, selection: options, selected: ids, engine: engine, inline: inline != nil) } catch {
            await engine?.close()
            throw error
        }
        await engine?.close()
    }

    /// `{"show": [{…}, …]}` as dbt prints it: each row's keys in the query's column order (JSONValue's
    /// writer sorts keys, which would reorder them), values written by JSONValue.
    static func json(columns: [String], rows: [[JSONValue]]) -> String {
        var out = "{\n  \"show\": ["
        for (i, row) in rows.enumerated() {
            out += (i == 0 ? "" : ",") + "\n    {"
            for (j, (column, value)) in zip(columns, row).enumerated() {
                var key: [UInt8] = []
                JSONValue.writeString(column, into: &key)
                out += (j == 0 ? "" : ",") + "\n      " + String(decoding: key, as: UTF8.self) + ": " + value.serialized(indent: 0)
            }
            out += "\n    }"
        }
        return out + (rows.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
    }

    static func csvField(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}

struct DebugCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug", abstract: "Check the project, the profile and the connection.",
        discussion: """
            Examples:
              swiftdbt debug                            # project.yml, the profiles.yml used, a test query
              swiftdbt debug --target prod
              swiftdbt debug --profiles-dir ~/.dbt
            """)
    @OptionGroup var project: ProjectOptions

    func run() async throws {
        let session = Session(project)
        Output.out("swiftdbt version: \(swiftdbtVersion)\nproject folder: \(session.root)\n")
        let loaded: ProjectPipeline.Loaded
        do {
            loaded = try session.load()
        } catch {
            Output.out("Configuration:\n  project.yml and profiles.yml [ERROR]\n")
            throw error
        }
        Output.out("Configuration:\n  project.yml file [OK found and valid]\n  profiles.yml file [OK found and valid]\n")
        Output.out("  profiles.yml used: \(loaded.profilesFile ?? "none")\n")
        Output.out(
            "Target '\(loaded.target.name)' (\(loaded.target.type)): schema \(loaded.target.schema), database \(loaded.target.database), threads \(loaded.target.threads)\n"
        )
        Output.out("Connection:\n")
        if let adapter = adapters.adapter(for: loaded.target) {
            let steps = await adapter.preflight(EngineFactory.context(loaded, session: session))
            for step in steps { Output.out("  \(step.name): [\(step.succeeded ? "OK" : "ERROR")] \(step.detail)\n") }
            if steps.contains(where: { !$0.succeeded }) { throw ExitCode(1) }
        }
        let engine = try EngineFactory.open(loaded, session: session)
        do {
            let r = try await engine.query("select 1 as ok", limit: nil)
            guard r.rows.count == 1 else {
                Output.out("  Connection test: [ERROR] the test query returned \(r.rows.count) rows instead of 1\n")
                await engine.close()
                throw ExitCode(1)
            }
            Output.out("  Connection test: [OK connection ok]\n")
        } catch let e as ExitCode {
            throw e
        } catch {
            Output.out("  Connection test: [ERROR]\n  \(error)\n")
            await engine.close()
            throw ExitCode(1)
        }
        await engine.close()
        Output.out("All checks passed!\n")
    }
}

struct CleanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean", abstract: "Delete the target folder (compiled SQL, artifacts).",
        discussion: """
            Examples:
              swiftdbt clean                            # the folders project.yml's clean-targets names
              swiftdbt clean --project-dir ../other
            """)
    @OptionGroup var project: ProjectOptions

    func run() async throws {
        let session = Session(project)
        var bag = DiagnosticBag()
        let loader = SDProject.ProjectLoader(fileSystem: session.fileSystem, adapters: adapters.registry)
        guard let config = loader.loadConfig(root: session.root, diagnostics: &bag) else {
            try session.report(bag)
            throw ExitCode(1)
        }
        guard !bag.hasErrors else {
            try session.report(bag)
            throw ExitCode(1)
        }
        for target in config.cleanTargets {
            try session.fileSystem.removeItem(session.root + "/" + target)
            Output.out("Cleaned \(target)/\n")
        }
    }
}
