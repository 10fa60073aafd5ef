import Foundation
import SDBasics
import SDGraph
import SDProject
import SDTemplate

/// The models a `run` selected, made from what the last full compile left under target/ instead of
/// loading and parsing the project (swiftdbt's Execution+LastCompile.swift).
///
/// When that compile's cache record still hits (CompileCache.swift: no input changed, every output
/// as written), a table or view model renders for `run` exactly as it rendered for `compile`: the
/// record exists only when no template read `run_started_at`/`invocation_id`, queried the target or
/// said anything, and with no `--full-refresh` or `--empty` the only thing a run render sees that a
/// compile render does not is which relations exist, which only `is_incremental()` asks (and only
/// incremental models call it). So the compiled file is the SQL, and the compile index
/// (CompilePatch.swift) holds the config after `config(...)`, the relation, and the source map that
/// places a database error in the template, as the full path does.
///
/// Anything else is left to the full load, never guessed: project hooks (on-run-start/end), a model
/// the index does not hold (versioned, ephemeral, with hooks, in a package), any materialization but
/// `table` and `view` (an incremental model renders differently once its table exists; a snapshot or
/// a Python model is not in the index), an enforced contract (it needs the property file's columns),
/// an ephemeral parent (its CTE's own parents order the run), or an output that changed.
public struct LastCompiledModels: Sendable {
    public var target: Target
    public var cliVars: [String: JSONValue]
    /// project.yml's `target-path`.
    public var targetPath: String
    /// Keyed by unique id: the selected models, as the run's render would have left them.
    public var nodes: [String: CompiledNode]
}

extension ProjectPipeline {
    /// The profile's target, from project.yml and profiles.yml alone; nil when either has anything to
    /// say (the full load reports it).
    public func targetOnly() -> Target? { quietHead()?.target }

    /// project.yml and the profile's target, read without recording or counting the files; nil when
    /// either has anything to say.
    private func quietHead() -> Head? {
        var quiet = self
        quiet.inputs = nil
        quiet.progress = nil
        var bag = DiagnosticBag()
        guard let head = quiet.loadHead(diagnostics: &bag), bag.diagnostics.isEmpty else { return nil }
        return head
    }

    /// Whether the compile index holds each of these model files (project-relative) as a table or
    /// view without an enforced contract: what `modelsFromLastCompile` needs of them besides files
    /// that still stand. A run asks before patching an edit in, which is wasted when it cannot use it.
    public func runnableFromIndex(_ models: [String]) -> Bool {
        guard let config = quietHead()?.config,
            let lookup = IndexLookup(path: root + "/" + config.targetPath + "/" + CompileIndex.fileName, models: models, fileSystem: fileSystem)
        else { return false }
        return models.allSatisfy { model in lookup.entry(model).map { Self.runnable(NodeConfig($0.config)) } ?? false }
    }

    /// A materialization that renders the same for a run as for a compile, and no contract to check.
    static func runnable(_ config: NodeConfig) -> Bool {
        ["table", "view"].contains(config.materialized) && !ConstraintFindings.contractEnforced(config)
    }

    /// The selected models, `ids` of `graph` (the last full compile's, GraphSnapshot.swift), made from
    /// that compile's outputs; nil when any of them cannot be (see `LastCompiledModels`). `record` is
    /// the compile's cache record, already checked to hit with the compiled files left out
    /// (`cachedRecord`); the files read here are checked against it first.
    public func modelsFromLastCompile(ids: [String], graph: DependencyGraph, compiledPaths: [String: String], record: FileBytes)
        -> LastCompiledModels?
    {
        guard let head = quietHead(), head.config.onRunStart.isEmpty, head.config.onRunEnd.isEmpty else { return nil }
        var models: [(node: GraphNode, compiled: String)] = []
        for id in ids {
            guard let node = graph.node(id), node.resourceType == .model, let compiled = compiledPaths[id] else { return nil }
            for parent in graph.parents(of: id) {
                if case .string("ephemeral")? = graph.node(parent)?.config["materialized"] { return nil }
            }
            models.append((node, compiled))
        }
        // Outputs are named as the compile that wrote them named them (ProjectPipeline.writeCompiled).
        let dir = root + "/" + head.config.targetPath
        let indexPath = dir + "/" + CompileIndex.fileName
        // What is read here is checked by its stamp: the graph, the index and the compiled files. The
        // rest of the target folder (manifest.json, the source maps' file) is rewritten by any command
        // that compiles, a `seed` or a `test` too, and is not read.
        let graphPath = dir + "/" + GraphSnapshot.fileName
        guard outputsStand([graphPath, indexPath] + models.map { root + "/" + $0.compiled }, record: record),
            let lookup = IndexLookup(path: indexPath, models: models.map(\.node.originalFilePath), fileSystem: fileSystem)
        else { return nil }
        var files = SourceFiles(root: root, loader: head.loader, fileSystem: fileSystem)
        var nodes: [String: CompiledNode] = [:]
        for (g, compiledPath) in models {
            guard let entry = lookup.entry(g.originalFilePath), entry.id == g.uniqueId else { return nil }
            let config = NodeConfig(entry.config)
            guard Self.runnable(config),
                let file = files.file(g.originalFilePath),
                let text = try? fileSystem.readFile(root + "/" + compiledPath),
                let map = Self.sourceMap(entry.map, files: &files)
            else { return nil }
            let relative = head.config.modelPaths.lazy.compactMap { base -> String? in
                let prefix = base.hasSuffix("/") ? base : base + "/"
                return g.originalFilePath.hasPrefix(prefix) ? String(g.originalFilePath.dropFirst(prefix.count)) : nil
            }.first
            guard let relative else { return nil }
            // The compiled file is the code with one newline added when it had none
            // (ProjectPipeline.writeCompiled); the source map says how long the code was.
            let fileBytes = text.utf8.count
            guard fileBytes == map.codeBytes || (fileBytes == map.codeBytes + 1 && text.hasSuffix("\n")) else { return nil }
            let code = fileBytes == map.codeBytes ? text : String(text.dropLast())
            var node = CompiledNode(
                uniqueId: g.uniqueId, name: g.name, resourceType: .model, packageName: g.packageName, fqn: g.fqn,
                originalFilePath: g.originalFilePath, path: relative, config: config,
                meta: config.values["meta"].flatMap { if case .object(let o) = $0 { o } else { nil } } ?? [:],
                relation: entry.this, rawCode: nil, compiledCode: code, dependsOn: graph.parents(of: g.uniqueId),
                macros: entry.macros, compiledPath: compiledPath, file: file)
            node.sourceMap = map.map
            node.inputs = entry.inputs
            nodes[g.uniqueId] = node
        }
        return LastCompiledModels(target: head.target, cliVars: head.cliVars, targetPath: head.config.targetPath, nodes: nodes)
    }

    /// A source map as `Manifest.sourceMapJSON` writes it (Manifest+SourceMaps.swift says how it is
    /// packed), read back: the map and its compiled code's length; nil when it does not read back or
    /// it names a file that is gone.
    static func sourceMap(_ json: JSONValue, files: inout SourceFiles) -> (map: SourceMap, codeBytes: Int)? {
        guard case .object(let o) = json, case .array(let names)? = o["files"], let packed = o["segments"]?.stringValue,
            case .int(let codeBytes)? = o["compiled_bytes"]
        else { return nil }
        var used: [SourceFile] = []
        for name in names {
            guard let path = name.stringValue, let file = files.file(path) else { return nil }
            used.append(file)
        }
        var segments: [SourceSegment] = []
        for piece in packed.split(separator: ";") {
            let n = piece.split(separator: ",").compactMap { Int($0) }
            guard n.count == 6 || n.count == 10, n[0] <= n[1], n[3] < used.count, n[4] <= n[5], n[5] <= used[n[3]].utf8.count else {
                return nil
            }
            var segment = SourceSegment(output: n[0]..<n[1], source: SourceRange(file: used[n[3]], bytes: n[4]..<n[5]), isLiteral: n[2] == 0)
            if n.count == 10 {
                guard n[7] < used.count, n[8] <= n[9], n[9] <= used[n[7]].utf8.count else { return nil }
                segment.macro = SourceRange(file: used[n[7]], bytes: n[8]..<n[9])
                segment.macroIsLiteral = n[6] == 0
            }
            segments.append(segment)
        }
        return (SourceMap(segments), codeBytes)
    }

}

/// The compile index's lines of the selected models. For a few models, each is found by bisecting
/// the file, whose lines are sorted by path (SortedRecords.swift: a few pages read of 55 MB at 100k
/// models); for more, the file is read whole once.
private struct IndexLookup {
    let fileSystem: FileSystem
    let path: String
    /// The lines, when the file was read whole.
    let entries: [String: CompileIndex.Entry]?

    /// Bisecting costs about a dozen small reads a line.
    static let fewest = 32

    init?(path: String, models: [String], fileSystem: FileSystem) {
        self.fileSystem = fileSystem
        self.path = path
        if models.count <= Self.fewest {
            let head = Array((CompileIndex.magic + "\n").utf8)
            guard (try? fileSystem.readBytes(path, offset: 0, count: head.count)) == head else { return nil }
            entries = nil
        } else {
            guard let bytes = try? fileSystem.readMapped(path), let found = CompileIndex.entries(in: bytes, paths: Set(models)) else { return nil }
            entries = found
        }
    }

    /// The line of the model file at `model` (project-relative).
    func entry(_ model: String) -> CompileIndex.Entry? {
        if let entries { return entries[model] }
        let lines = SortedRecords(path: path, fileSystem: fileSystem, marker: [0x0A], keyEnd: 0x09, recordEnd: [0x0A])
        guard let line = lines.record(Array(model.utf8)), let tab = line.firstIndex(of: 0x09),
            let json = try? JSONValue.parse(Data(line[(tab + 1)...])), let entry = CompileIndex.Entry(json: json), entry.path == model
        else { return nil }
        return entry
    }
}

/// Template files read once each, named as the loader names them (project-relative), so that a
/// model's own file and the files its source map names are the same objects, as in a full compile.
struct SourceFiles {
    let root: String
    let loader: ProjectLoader
    let fileSystem: FileSystem
    private var read: [String: SourceFile] = [:]

    init(root: String, loader: ProjectLoader, fileSystem: FileSystem) {
        self.root = root
        self.loader = loader
        self.fileSystem = fileSystem
    }

    mutating func file(_ path: String) -> SourceFile? {
        if let f = read[path] { return f }
        guard let text = try? fileSystem.readFile(loader.join(root, path)) else { return nil }
        let f = SourceFile(path: path, text: text)
        read[path] = f
        return f
    }
}
