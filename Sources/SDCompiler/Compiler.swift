import Foundation
import SDBasics
import SDGraph
import SDProject
import SDTemplate

/// A project turned into nodes, a DAG and (for the nodes asked for) rendered SQL.
public struct CompiledProject: Sendable {
    public var project: Project
    public var target: Target
    public var nodes: [String: CompiledNode]
    public var graph: DependencyGraph
    public var macros: MacroLibrary
    /// Parsed templates of models and tests, by uniqueId, for the second render.
    var templates: [String: Template]
    /// What `log(…)`/`print(…)` said while parsing and rendering, for the command to show.
    public var messages = CompileMessages()

    /// Nodes of one type, by name.
    public func node(named name: String, type: ResourceType = .model) -> CompiledNode? {
        nodes.values.first { $0.name == name && $0.resourceType == type }
    }

    /// Drops the parsed templates, for a command that will not render again: what is written after
    /// the render (compiled files, manifest, compile index) reads the nodes, and the templates' trees
    /// were a tenth of a 100k-model compile's memory. A later `render` then renders no model.
    public mutating func releaseTemplates() { templates = [:] }
}

/// Turns a loaded project into compiled nodes: parse every template, capture refs and configs,
/// build the DAG, then render SQL for the target (docs/architecture.md, The compile pipeline: load →
/// template → graph → compile, each phase collecting all its diagnostics).
public struct Compiler: Sendable {
    public var project: Project
    public var options: CompileOptions

    public init(project: Project, options: CompileOptions) {
        self.project = project
        self.options = options
    }

    var adapterPrefix: String { options.target.type }

    func makeShared(vars packageVars: [String: JSONValue]? = nil, configKeys: ModelConfigKeys? = nil) -> SharedContext {
        var vars: [String: JSONValue] = [:]
        if let packageVars { vars = packageVars } else { for (k, v) in project.config.vars { vars[k] = v.json } }
        for (k, v) in options.cliVars { vars[k] = v }
        let shared = SharedContext(
            target: options.target, profileName: options.profileName, vars: vars,
            environment: options.environment, runStartedAt: Compiler.runStartedText(options.runStartedAt),
            invocationId: options.invocationId, projectName: project.name, fullRefresh: options.fullRefresh,
            configKeys: configKeys ?? project.config.configKeys)
        shared.empty = options.empty
        shared.connection = options.connection
        return shared
    }

    /// `run_started_at` as dbt prints it.
    static func runStartedText(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss.SSSSSS'+00:00'"
        return f.string(from: date)
    }

    /// Phases up to the DAG: every node with its config, relation and dependencies; no final SQL yet.
    /// Findings are reported in file order (then position), whichever step found them, so that a
    /// file's errors read together; findings about no file (cycles) come last.
    public func parse(diagnostics: inout DiagnosticBag) -> CompiledProject? {
        var phase = DiagnosticBag()
        let result = parseNodes(diagnostics: &phase)
        diagnostics.append(contentsOf: Compiler.inFileOrder(phase.diagnostics))
        return result
    }

    static func inFileOrder(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        func key(_ d: Diagnostic) -> (String, Int) {
            if let r = d.range { return (r.file.path, r.bytes.lowerBound) }
            if let p = d.path { return (p, -1) }
            return ("\u{10FFFF}", 0)
        }
        return diagnostics.enumerated().sorted { a, b in
            let (ka, kb) = (key(a.element), key(b.element))
            if ka.0 != kb.0 { return ka.0 < kb.0 }
            if ka.1 != kb.1 { return ka.1 < kb.1 }
            return a.offset < b.offset
        }.map(\.element)
    }

    func parseNodes(diagnostics: inout DiagnosticBag) -> CompiledProject? {
        let pkg = project.name
        let shared = makeShared()
        let packageShared = makePackageShared()

        // Macros first: models may call them during the capture render.
        var macroTemplates: [Template] = []
        var packageTemplates: [(String, Template)] = []
        for f in project.macroFiles {
            let (t, d) = Template.parse(f.file)
            diagnostics.append(contentsOf: d + JinjaDelimiters.find(in: f.file))
            if let p = f.package { packageTemplates.append((p, t)) } else { macroTemplates.append(t) }
        }
        var (library, dupes) = MacroLibrary.build(macroTemplates)
        Compiler.addPackageMacros(packageTemplates, project: project.name, to: &library, diagnostics: &dupes)
        diagnostics.append(contentsOf: dupes)
        BuiltinTests.add(to: &library)
        let schemaMacro = SchemaNameMacro(library: library, target: options.target, profileName: options.profileName, adapter: adapterPrefix)

        // Parse and capture-render every model (both cores; each render has its own host).
        let models = project.models
        let progress = options.progress
        progress?.update { $0.modelsToParse = models.count }
        let slots = versionSlots(diagnostics: &diagnostics)
        // Each model's node is made on the core that captured it; the loop below only files them.
        // Made in that loop, on one core, they were 0.1 s of a 10k-model compile with the other
        // core idle. A project's own `generate_schema_name` is rendered there still, one at a time.
        let customSchemaName = schemaMacro != nil
        let captures = ParallelMap.map(models) { file -> (ModelCapture, CompiledNode?, relationName: String) in
            defer { progress?.update { $0.modelsParsed += 1 } }
            let slot = slots[file.name]
            let configPath = Compiler.configPath(file, slot)
            let folderConfigs = project.modelConfigs(for: file)
            let cap = Compiler.capture(
                file: file, shared: file.package.flatMap { packageShared[$0] } ?? shared, library: library, adapter: adapterPrefix,
                folderConfig: folderConfigs.config(for: configPath), folderRanges: folderConfigs.configRanges(for: configPath),
                properties: slot?.properties ?? project.properties.models[file.name])
            let (id, name, fqn, relationName) = Compiler.modelIdentity(file, slot: slot, package: file.package ?? pkg)
            guard cap.template != nil else { return (cap, nil, relationName) }
            var node = CompiledNode(
                uniqueId: id, name: name, resourceType: .model, packageName: file.package ?? pkg,
                fqn: fqn, originalFilePath: file.path, path: file.relativePath,
                config: cap.config, description: cap.properties?.description ?? "", columns: cap.properties?.columns ?? [],
                meta: cap.config["meta"].flatMap { if case .object(let o) = $0 { o } else { nil } } ?? [:],
                rawCode: nil, file: file.file)
            if !customSchemaName {
                // Without a macro, working out a relation finds nothing to report.
                var none = DiagnosticBag()
                node.relation = relation(name: relationName, config: cap.config, fqn: node.fqn, resourceType: "model", diagnostics: &none)
            }
            node.version = slot?.version.v
            node.constraints = cap.properties?.constraints ?? []
            node.latestVersion = slot?.latest
            node.refs = cap.refs.map { r in r.package.map { [$0, r.name] } ?? [r.name] }
            node.refVersions = cap.refs.map(\.version)
            node.sources = cap.sources.map { [$0.source, $0.table] }
            node.recordReads(cap.reads, library: library, adapter: adapterPrefix)
            return (cap, node, relationName)
        }
        var nodes: [String: CompiledNode] = [:]
        var templates: [String: Template] = [:]
        var refCalls: [String: [RecordedRef]] = [:]
        var sourceCalls: [String: [RecordedSource]] = [:]
        // Sized once for the models and the tests most of them get: grown an insert at a time, each
        // table was copied into a larger one about log2(n) times.
        nodes.reserveCapacity(models.count * 2)
        templates.reserveCapacity(models.count)
        refCalls.reserveCapacity(models.count)
        sourceCalls.reserveCapacity(models.count)
        var usedFolders = Set<[String]>()
        var grantsReported = Set<Diagnostic>()
        var messages = CompileMessages()
        // The folders above a model are the last model's, most of the time: those are inserted once.
        var lastFolders: ArraySlice<String>? = nil
        for (file, (cap, made, relationName)) in zip(models, captures) {
            diagnostics.append(contentsOf: cap.diagnostics)
            let configPath = Compiler.configPath(file, slots[file.name])
            if file.package == nil {
                usedFolders.insert(configPath)
                let folders = configPath.dropLast()
                if folders != lastFolders {
                    for i in 0..<configPath.count { usedFolders.insert(Array(configPath.prefix(i))) }
                    lastFolders = folders
                }
            }
            guard let template = cap.template, var node = made else { continue }
            let id = node.uniqueId
            if let schemaMacro {
                node.relation = relation(
                    name: relationName, config: cap.config, fqn: node.fqn, resourceType: "model", schemaMacro: schemaMacro,
                    diagnostics: &diagnostics)
            }
            let grantsAt =
                cap.configRanges["grants"] ?? cap.properties?.configRanges["grants"]
                ?? cap.folderRanges["grants"]
            if let d = grantsFinding(cap.config, at: grantsAt, path: file.path), grantsReported.insert(d).inserted {
                diagnostics.append(d)
            }
            nodes[id] = node
            templates[id] = template
            messages.record(id, cap.messages)
            refCalls[id] = cap.refs
            sourceCalls[id] = cap.sources
        }
        addAnalyses(
            to: &nodes, templates: &templates, refCalls: &refCalls, sourceCalls: &sourceCalls, shared: shared,
            library: library, diagnostics: &diagnostics)
        diagnostics.append(
            contentsOf: Compiler.unusedPathWarnings(
                project.config.models, used: usedFolders, key: "models", noun: "model",
                hint: "configs under a folder name apply to the models in that folder below the model path"))

        // Seeds.
        var usedSeedFolders = Set<[String]>()
        for seed in project.seeds {
            if seed.package == nil { for i in 0...(seed.folders.count + 1) { usedSeedFolders.insert(Array((seed.folders + [seed.name]).prefix(i))) } }
            let props = project.properties.seeds[seed.name]
            let seedTree = project.seedConfigs(for: seed)
            var config = NodeConfig(seedTree.config(for: seed.folders + [seed.name]))
            if let props { config.merge(props.config) }
            let grantsAt = props?.configRanges["grants"] ?? seedTree.configRange("grants", for: seed.folders + [seed.name])
            if let d = grantsFinding(config, at: grantsAt, path: seed.path), grantsReported.insert(d).inserted {
                diagnostics.append(d)
            }
            let seedPackage = seed.package ?? pkg
            let id = "seed.\(seedPackage).\(seed.name)"
            var node = CompiledNode(
                uniqueId: id, name: seed.name, resourceType: .seed, packageName: seedPackage, fqn: [seedPackage] + seed.folders + [seed.name],
                originalFilePath: seed.path, path: seed.relativePath, config: config, description: props?.description ?? "",
                columns: props?.columns ?? [])
            node.relation = relation(
                name: seed.name, config: config, fqn: node.fqn, resourceType: "seed", schemaMacro: schemaMacro,
                diagnostics: &diagnostics)
            nodes[id] = node
        }
        diagnostics.append(
            contentsOf: Compiler.unusedPathWarnings(
                project.config.seeds, used: usedSeedFolders, key: "seeds", noun: "seed",
                hint: "configs under a name apply to the seed (or the seeds in the folder) of that name"))
        for (name, props) in project.properties.seeds where nodes["seed.\(project.package(ofFile: props.range.file.path) ?? pkg).\(name)"] == nil {
            diagnostics.append(
                Diagnostic.warning("property file describes seed '\(name)', but there is no seeds/\(name).csv", at: props.range)
                    .suggesting(name, from: project.seeds.map(\.name)))
        }
        let seedNames = Set(project.seeds.map(\.name))
        for (name, props) in project.properties.models
        where nodes["model.\(project.package(ofFile: props.range.file.path) ?? pkg).\(name)"] == nil && props.versions.isEmpty {
            // A seed described under `models:` is a common slip; say where it belongs.
            let hint = seedNames.contains(name) ? "'\(name)' is a seed; describe it under 'seeds:' instead of 'models:'" : nil
            let d = Diagnostic.warning("property file describes model '\(name)', but no model file has that name", at: props.range, hint: hint)
            diagnostics.append(hint == nil ? d.suggesting(name, from: project.models.map(\.name)) : d)
        }

        addSnapshots(
            to: &nodes, templates: &templates, refCalls: &refCalls, sourceCalls: &sourceCalls, library: library,
            schemaMacro: schemaMacro, diagnostics: &diagnostics)

        // Sources.
        for s in project.properties.sources {
            let sourcePackage = s.package ?? pkg
            let id = "source.\(sourcePackage).\(s.sourceName).\(s.name)"
            var node = CompiledNode(
                uniqueId: id, name: s.name, resourceType: .source, packageName: sourcePackage, fqn: [sourcePackage, s.sourceName, s.name],
                originalFilePath: s.file.path, path: s.file.path, config: NodeConfig(s.config), description: s.description,
                columns: s.columns, meta: s.meta)
            node.sourceName = s.sourceName
            node.external = s.external
            if let lake = options.sourceLakes[id] {
                let (external, mismatch) = lake.apply(to: s.external, source: "\(s.sourceName).\(s.name)", locationRange: s.locationRange)
                node.external = external
                if let mismatch { diagnostics.append(mismatch) }
            }
            node.relation = Relation(database: s.database ?? options.target.database, schema: s.schema, identifier: s.identifier)
            nodes[id] = node
        }

        mergeExtraNodes(into: &nodes, diagnostics: &diagnostics)

        addTests(to: &nodes, templates: &templates, library: library, shared: shared, diagnostics: &diagnostics)
        Compiler.recordTestMacros(&nodes, library: library, package: pkg)

        // Disabled models leave the graph; refs to them are errors.
        var disabled: [String: CompiledNode] = [:]
        for (id, n) in nodes where !n.config.enabled {
            if n.resourceType != .test { disabled[n.name] = n }
            nodes[id] = nil
        }
        // A test of a disabled node goes with it.
        for (id, n) in nodes where n.resourceType == .test && n.dependsOn.contains(where: { dep in nodes[dep] == nil }) {
            nodes[id] = nil
        }

        // Resolve dependencies.
        let byName = Compiler.refTargets(nodes)
        // Sorted only for an error's suggestions: sorting 100,000 names for every compile cost 0.15 s.
        lazy var refNames = byName.keys.sorted()
        let sourceIds = Set(nodes.values.filter { $0.resourceType == .source }.map(\.uniqueId))
        for id in ParallelMap.sorted(Array(nodes.keys)) {
            guard let node = nodes[id], [.model, .analysis, .snapshot].contains(node.resourceType) else { continue }
            var deps = Set<String>()
            for r in refCalls[id] ?? [] {
                if let finding = packageRefFinding(r, target: byName[r.name].flatMap { nodes[$0] }) {
                    diagnostics.append(finding)
                    continue
                }
                if let v = r.version {
                    switch Compiler.versionedTarget(r, version: v, nodes: nodes) {
                    case .success(let target): deps.insert(target)
                    case .failure(let e): diagnostics.append(contentsOf: e.diagnostics)
                    }
                } else if let target = byName[r.name] {
                    deps.insert(target)
                } else if disabled[r.name] != nil {
                    diagnostics.append(
                        .error(
                            "model '\(node.name)' depends on '\(r.name)', which is disabled", at: r.range,
                            hint: "enable '\(r.name)' or remove the ref"))
                } else if let src = project.properties.sources.first(where: { $0.sourceName == r.name }) {
                    // dbt users mix the two up: a source is read with source(), not ref().
                    diagnostics.append(
                        .error(
                            "no model or seed named '\(r.name)'", at: r.range,
                            hint: "'\(r.name)' is a source; read it with source('\(r.name)', '\(src.name)')"))
                } else {
                    diagnostics.append(Diagnostic.error("no model or seed named '\(r.name)'", at: r.range).suggesting(r.name, from: refNames))
                }
            }
            for s in sourceCalls[id] ?? [] {
                if let sid = sourceId(s.source, s.table, from: node.packageName, among: sourceIds) {
                    deps.insert(sid)
                } else {
                    let tables = project.properties.sources.filter { $0.sourceName == s.source }.map(\.name)
                    if tables.isEmpty {
                        let known = Set(project.properties.sources.map(\.sourceName))
                        let hint =
                            EditDistance.closest(to: s.source, in: known) == nil
                            ? "declare it in a property file under models/: sources: [{name: \(s.source), tables: [{name: \(s.table)}]}]" : nil
                        diagnostics.append(
                            Diagnostic.error("no source named '\(s.source)'", at: s.range, hint: hint)
                                .suggesting(s.source, from: known))
                    } else {
                        diagnostics.append(
                            Diagnostic.error("source '\(s.source)' has no table named '\(s.table)'", at: s.range)
                                .suggesting(s.table, from: tables))
                    }
                }
            }
            // In place, once the copy is gone: changing the copy while the map held it copied its storage.
            _ = consume node
            nodes[id]?.dependsOn = deps.sorted()
        }

        addUnitTests(to: &nodes, diagnostics: &diagnostics)
        checkExposures(nodes: nodes, disabled: Set(disabled.keys), diagnostics: &diagnostics)
        for e in CompiledProject.exposureNodes(project: project, nodes: nodes) where nodes[e.uniqueId] == nil { nodes[e.uniqueId] = e }
        addSemanticLayer(to: &nodes, diagnostics: &diagnostics)
        checkGroupsAndAccess(nodes: nodes, refCalls: refCalls, diagnostics: &diagnostics)

        let graph = Compiler.graph(nodes)
        for cycle in graph.cycles {
            let ids = cycle.uniqueIds
            // A model that refs itself is a one-line mistake at one place; say so there.
            if ids.count == 1, let node = nodes[ids[0]], let call = refCalls[ids[0]]?.first(where: { $0.name == node.name }) {
                diagnostics.append(
                    .error(
                        "model '\(node.name)' refers to itself", at: call.range,
                        hint: "to read the model's existing table (in an incremental model), use << this >>"))
                continue
            }
            var d = cycle.diagnostic(plainNames: true)
            // Point at each ref that closes the loop.
            for (i, id) in ids.enumerated() {
                let next = ids[(i + 1) % ids.count]
                guard let child = nodes[next], let parent = nodes[id] else { continue }
                if let call = refCalls[next]?.first(where: { $0.name == parent.name }) {
                    d.notes.append(.note("'\(child.name)' refers to '\(parent.name)' here", at: call.range))
                }
            }
            diagnostics.append(d)
        }
        return CompiledProject(
            project: project, target: options.target, nodes: nodes, graph: graph, macros: library,
            templates: templates, messages: messages)
    }

    /// What `ref('name')` can point at: models and seeds, by name, to their unique ids (names are
    /// unique across both; duplicates were reported while loading). A versioned model's name
    /// stands for its latest version.
    static func refTargets(_ nodes: [String: CompiledNode]) -> [String: String] {
        var out: [String: String] = [:]
        for n in nodes.values where [.model, .seed, .snapshot].contains(n.resourceType) && n.version == n.latestVersion {
            out[n.name] = out[n.name] ?? n.uniqueId
        }
        return out
    }

    /// The DAG of the nodes.
    static func graph(_ nodes: [String: CompiledNode]) -> DependencyGraph {
        // Each node's entry and edges on both cores (a 100k project's 160,000 took 0.7 s on one),
        // then joined in id order.
        var made = ParallelMap.map(ParallelMap.sorted(Array(nodes.keys))) { id -> (node: GraphNode, edges: [GraphEdge])? in
            guard let n = nodes[id] else { return nil }
            var cfg: [String: ConfigValue] = [:]
            // Nested configs are flattened with dots, so `config.meta.owner:alice` finds `meta: {owner: alice}`.
            func flatten(_ k: String, _ v: JSONValue) {
                switch v {
                case .string(let s): cfg[k] = .string(s)
                case .bool(let b): cfg[k] = .bool(b)
                case .int(let i): cfg[k] = .number(Double(i))
                case .double(let d): cfg[k] = .number(d)
                case .array(let a): cfg[k] = .list(a.compactMap(\.stringValue))
                case .object(let o): for (k2, v2) in o { flatten(k + "." + k2, v2) }
                default: break
                }
            }
            for (k, v) in n.config.values { flatten(k, v) }
            // Exposures and the semantic layer build nothing, so they have no materialization to match.
            if n.resourceType != .exposure && !ResourceType.semanticLayer.contains(n.resourceType) {
                cfg["materialized"] = .string(n.materialized)
            }
            var node = GraphNode(
                uniqueId: n.uniqueId, name: n.name, resourceType: n.resourceType, packageName: n.packageName, fqn: n.fqn,
                originalFilePath: n.originalFilePath, tags: n.config.tags, config: cfg, sourceName: n.sourceName,
                testType: n.resourceType == .unitTest ? .unit : n.resourceType == .test ? (n.testName == nil ? .singular : .generic) : nil,
                testName: n.testName, testedNodeIds: n.resourceType.isTest ? n.dependsOn : [])
            node.version = n.version
            node.latestVersion = n.latestVersion
            return (node, n.dependsOn.filter { nodes[$0] != nil }.map { GraphEdge(parent: $0, child: n.uniqueId) })
        }
        var gnodes: [GraphNode] = []
        var edges: [GraphEdge] = []
        gnodes.reserveCapacity(made.count)
        // Each entry moved out (`take`), not copied: a copy of every graph node, and then freeing
        // the originals, was a third of the joining at 100k models.
        for i in made.indices {
            guard let entry = made[i].take() else { continue }
            edges.append(contentsOf: entry.edges)
            gnodes.append(entry.node)
        }
        return DependencyGraph(nodes: gnodes, edges: edges)
    }

    /// The relation a model or seed builds: dbt's default `generate_schema_name` — the target's
    /// schema, or `<target schema>_<custom schema>` when the node sets `schema` (dbt docs, "Custom
    /// schemas"; dbt-athena does the same), so two developers' targets never share the custom
    /// schema. A target with `schema_concatenation: false` uses the custom schema as given.
    /// A project macro `generate_schema_name` replaces all of this (Compiler+SchemaName.swift).
    /// `alias` or the name, `database` or the target's.
    func relation(
        name: String, config: NodeConfig, fqn: [String] = [], resourceType: String = "model",
        schemaMacro: SchemaNameMacro? = nil, diagnostics: inout DiagnosticBag
    ) -> Relation {
        let t = options.target
        var schema = t.schema
        let custom = config.string("schema")?.trimmingCharacters(in: .whitespaces)
        if let schemaMacro {
            switch schemaMacro.schema(custom: custom.flatMap { $0.isEmpty ? nil : $0 }, name: name, resourceType: resourceType, fqn: fqn) {
            case .success(let s): schema = s
            case .failure(let e): diagnostics.append(contentsOf: e.diagnostics)
            }
        } else if let custom, !custom.isEmpty {
            let concat = t.settings["schema_concatenation"].map { $0 != .bool(false) && $0 != .string("false") } ?? true
            schema = concat ? "\(t.schema)_\(custom)" : custom
        }
        return Relation(
            database: config.string("database") ?? t.database, schema: schema,
            identifier: config.string("alias") ?? name)
    }

    struct ModelCapture: Sendable {
        var template: Template?
        var config: NodeConfig
        var properties: NodeProperties?
        var refs: [RecordedRef]
        var sources: [RecordedSource]
        var diagnostics: [Diagnostic]
        /// Where `config(...)` set each key, for findings about the merged config.
        var configRanges: [String: SourceRange] = [:]
        /// Where project.yml's folder keys set each key (`FolderConfigTree.configRanges`), read once
        /// for the capture's checks and kept for the findings made after it (grants).
        var folderRanges: [String: SourceRange] = [:]
        /// The macros, vars and env vars the capture render read (RenderReads.swift).
        var reads: RenderReads? = nil
        /// What the capture render said with `log(…)`/`print(…)`.
        var messages: [TemplateMessage] = []
    }

    /// Parses a model and renders it once in capture mode to learn its refs, sources and config.
    static func capture(
        file: ProjectFile, shared: SharedContext, library: MacroLibrary, adapter: String,
        folderConfig: [String: JSONValue], folderRanges: [String: SourceRange] = [:], properties: NodeProperties?,
        kind: String = "model"
    ) -> ModelCapture {
        let (template, parsed) = Template.parse(file.file)
        // `{{ ref('x') }}` parses as SQL text; it must fail here, not at the database.
        let syntax = Compiler.inFileOrder(parsed + JinjaDelimiters.find(in: file.file))
        var config = NodeConfig(folderConfig)
        if let properties { config.merge(properties.config) }
        if syntax.contains(where: { $0.severity == .error }) {
            return ModelCapture(
                template: nil, config: config, properties: properties, refs: [], sources: [], diagnostics: syntax,
                folderRanges: folderRanges)
        }
        // `this` is provisional while capturing (config may still move it), but must exist: models
        // read `this.schema` or `<< this >>` at the top level, as in dbt.
        let provisional = Relation(database: shared.target.database, schema: shared.target.schema, identifier: file.name)
        let host = NodeHost(shared: shared, config: config, this: provisional, resolver: nil, isIncremental: false)
        var diags = syntax
        let log = TemplateMessageLog()
        do {
            _ = try TemplateRenderer(host: host, library: library, adapterPrefix: adapter, messageLog: log).render(template)
        } catch {
            diags.append(contentsOf: error.diagnostics)
        }
        diags.append(contentsOf: host.warnings)
        config.merge(host.config.recorded)
        if kind == "model" {
            diags.append(
                contentsOf: check(
                    file: file, config: config, adapter: shared.target.adapter, recorded: host.config.recordedRanges,
                    properties: properties, folderRanges: folderRanges))
        }
        return ModelCapture(
            template: template, config: config, properties: properties, refs: host.refs,
            sources: host.sources, diagnostics: diags, configRanges: host.config.recordedRanges, folderRanges: folderRanges,
            reads: host.reads, messages: log.messages)
    }

    /// The model's materialization, then the target adapter's own checks (strategy, unique_key,
    /// formats), each placed where the key was set: the `config(...)` argument, else the property
    /// file's entry, else project.yml's folder key, else the model's file.
    static func check(
        file: ProjectFile, config: NodeConfig, adapter: any TargetAdapter, recorded: [String: SourceRange],
        properties: NodeProperties?, folderRanges: [String: SourceRange]
    ) -> [Diagnostic] {
        guard let materialization = config.materialization else {
            // project.yml and property files report an unknown value where it is written, once.
            let range = recorded["materialized"]
            guard range != nil || (folderRanges["materialized"] == nil && properties?.config["materialized"] == nil) else { return [] }
            return [ConfigKeys.unknownMaterialization(config.materialized, at: range, path: range == nil ? file.path : nil, model: file.name)]
        }
        var ranges = folderRanges
        if let properties { for k in properties.config.keys { ranges[k] = properties.range } }
        for (k, r) in recorded { ranges[k] = r }
        return adapter.validate(NodeCheck(name: file.name, config: config, materialization: materialization, ranges: ranges, path: file.path))
            + ConstraintFindings.check(properties, config: config, materialization: materialization, adapter: adapter)
    }
}

extension Compiler {
    /// dbt's "configuration paths … do not apply" warning for each folder key of `tree` that matched
    /// no node, with a sibling that exists as the did-you-mean: most unused paths are typos.
    static func unusedPathWarnings(
        _ tree: FolderConfigTree, used: Set<[String]>, key: String, noun: String, hint: String
    ) -> [Diagnostic] {
        tree.unusedPaths(used: used).map { path, range in
            let siblings = used.filter { $0.count == path.count && $0.dropLast() == path.dropLast() }.compactMap(\.last)
            return Diagnostic.warning(
                "the config path '\(key): \(path.joined(separator: "."))' matches no \(noun)", at: range, hint: hint
            )
            .suggesting(path.last ?? "", from: siblings)
        }
    }
}
