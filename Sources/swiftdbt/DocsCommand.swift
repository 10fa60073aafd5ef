import ArgumentParser
import Foundation
import SDBasics
import SDCompiler
import SDDocs
import SDEngine
import SDGraph
import SDProject

/// `swiftdbt docs generate` and `swiftdbt docs serve`: the documentation site (docs/docs-site.md).
struct DocsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs", abstract: "Generate or serve the documentation site (lineage, node pages, charts).",
        discussion: """
            Examples:
              swiftdbt docs generate                    # target/docs/index.html and target/catalog.json
              swiftdbt docs serve                       # serve it on 127.0.0.1
            """,
        subcommands: [Generate.self, Serve.self])

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Write target/docs/ (a static site, no network needed) and target/catalog.json from the target's information_schema.")

        @OptionGroup var project: ProjectOptions

        @Flag(name: .customLong("empty-catalog"), help: "Do not connect to the target: no column types from it and no charts.")
        var emptyCatalog = false

        @Option(name: .customLong("chart-rows"), help: "The most rows a chart reads from its model.")
        var chartRows: Int = 20000

        func run() async throws {
            let session = Session(project)
            let loaded = try session.load()
            var engine: (any Engine)?
            var existing: [Relation: RelationKind] = [:]
            if !emptyCatalog {
                do {
                    let opened = try EngineFactory.open(loaded, session: session)
                    engine = opened
                    existing = try await opened.existingRelations(schemas: [])
                } catch {
                    if let engine { await engine.close() }
                    engine = nil
                    // EngineFactory has printed why it could not open the target; any other failure says it here.
                    let reason = error is ExitCode ? "" : ": \(error)"
                    try session.report(
                        .warning(
                            "the site is written without the target's column types and charts\(reason)",
                            hint: "pass --empty-catalog to write it without connecting to the target"))
                }
            }
            let tables = Set(existing.filter { $0.value == .table }.map(\.key))
            let compilerAndProject: (Compiler, CompiledProject)
            do {
                compilerAndProject = try session.parse(loaded, existing: tables)
            } catch {
                await engine?.close()
                throw error
            }
            var (compiler, compiled) = compilerAndProject
            // With the target open, run_query/statement answer while rendering (docs/hooks.md).
            if let engine { compiler.options.connection = EngineConnection(engine: engine) }
            let bag: DiagnosticBag
            (compiled, bag) = await EngineConnection.offPool { [compiler, compiled] in
                var project = compiled
                var found = DiagnosticBag()
                compiler.render(&project, ids: nil, diagnostics: &found)
                return (project, found)
            }
            do {
                try session.report(bag)
                try session.writeCompiled(compiled, ids: compiled.graph.topologicalOrder)
            } catch {
                await engine?.close()
                throw error
            }

            var catalog = Catalog(tables: [])
            var errors: [String] = []
            var charts: [String: JSONValue] = [:]
            if let engine {
                do {
                    let schemas = Catalog.schemas(of: compiled)
                    if let rows = try await engine.catalogRows(schemas: schemas) {
                        catalog = Catalog.parse(rows)
                    } else {
                        catalog = Catalog.parse(try await engine.query(Catalog.sql(schemas: schemas), limit: nil))
                    }
                } catch {
                    errors.append("\(error)")
                    try session.report(.warning("cannot read the target's catalog: \(error)"))
                }
                for id in compiled.nodes.keys.sorted() {
                    guard let node = compiled.nodes[id], let spec = ChartSpec.from(meta: node.meta) else { continue }
                    for column in spec.unknownColumns(in: node) {
                        try session.report(.warning("the chart of '\(node.name)' names column '\(column)', which its properties do not document"))
                    }
                    guard let relation = node.relation, catalog.table(for: relation) != nil else {
                        charts[id] = spec.json(series: nil, error: "'\(node.name)' is not built in target '\(loaded.target.name)' yet")
                        continue
                    }
                    do {
                        let result = try await engine.query(spec.sql(from: relation, limit: chartRows), limit: nil)
                        charts[id] = spec.json(series: spec.series(from: result))
                    } catch {
                        charts[id] = spec.json(series: nil, error: "the chart's query failed: \(error)")
                        try session.report(.warning("the chart of '\(node.name)' could not be read: \(error)"))
                    }
                }
                await engine.close()
            }

            let targetDir = session.root + "/" + compiled.project.config.targetPath
            let doc = catalog.document(
                compiled, version: swiftdbtVersion, invocationId: Manifest.stableId(compiled), generatedAt: nil,
                errors: errors)
            try session.fileSystem.writeFile(targetDir + "/catalog.json", doc.serialized())
            let data = DocsSiteData(compiled: compiled, catalog: catalog, charts: charts).document()
            for (path, text) in DocsAssets.files(data: data, title: compiled.project.name).sorted(by: { $0.key < $1.key }) {
                try session.fileSystem.writeFile(targetDir + "/docs/" + path, text)
            }
            let catalogued = doc["nodes"].flatMap { if case .object(let o) = $0 { o.count } else { nil } } ?? 0
            let sources = doc["sources"].flatMap { if case .object(let o) = $0 { o.count } else { nil } } ?? 0
            Output.out(Session.foundLine(compiled) + "\n")
            Output.out("Catalog written to \(compiled.project.config.targetPath)/catalog.json (\(catalogued) nodes, \(sources) sources from the target)\n")
            Output.out("Site written to \(compiled.project.config.targetPath)/docs/index.html; view it with `swiftdbt docs serve` or open the file\n")
        }
    }

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve", abstract: "Serve target/docs/ on 127.0.0.1 (run `swiftdbt docs generate` first).")

        @OptionGroup var project: ProjectOptions

        @Option(name: .long, help: "The port to listen on (0 picks a free one).")
        var port: Int = 8080

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        }

        func run() async throws {
            let session = Session(project)
            var bag = DiagnosticBag()
            let loader = ProjectLoader(fileSystem: session.fileSystem, adapters: adapters.registry)
            guard let config = loader.loadConfig(root: session.root, diagnostics: &bag) else {
                try session.report(bag)
                throw ExitCode(1)
            }
            let targetPath = session.targetPath(default: config.targetPath)
            let targetDir = session.root + "/" + targetPath
            guard session.fileSystem.fileExists(targetDir + "/docs/index.html") else {
                try session.report(.error("no site at \(targetPath)/docs/index.html", hint: "run `swiftdbt docs generate` first"))
                throw ExitCode(1)
            }
            let listener: DocsListener
            do {
                listener = try await DocsListener(port: port, serving: DocsServer(root: targetDir, fileSystem: session.fileSystem))
            } catch {
                try session.report(.error("\(error)", hint: port == 0 ? nil : "port \(port) may be taken or need privileges: pass --port 0 to pick a free one"))
                throw ExitCode(1)
            }
            Output.out("Serving the docs at http://127.0.0.1:\(listener.port)/ (Ctrl-C to stop)\n")
            await listener.serveForever()
        }
    }
}
