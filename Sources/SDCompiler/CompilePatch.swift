import Foundation
import SDBasics
import SDProject
import SDTemplate

/// The one-edit compile: when the only inputs that changed since the last recorded compile are
/// model files, and each edited model still has the config, refs, sources, macro calls and var or
/// env var values it had, nothing else in the project can have changed. Its own compiled file, its
/// manifest entry (raw_code, checksum, compiled_code) and its source map are all that differ. So it
/// re-renders those models alone and patches the three outputs in place, instead of loading and
/// compiling 10,000 models (issue 20: "one model edited ≤ 0.4 s").
///
/// What it needs from the full compile that recorded the cache is kept in an index beside it
/// (`CompileIndex`): each model's config before and after its `config(...)` calls, its refs and
/// sources with the relations they resolved to, and what it read. Anything outside that case falls
/// back to the full compile, never to a guess: a changed property file, macro, project.yml or
/// folder listing; a model whose capture now differs; an ephemeral model or parent; a versioned
/// model; a project with packages or unit tests; any diagnostic or message. The outputs are the
/// same bytes a full compile writes (CompilePatchTests compares them).
struct CompileIndex: Sendable {
    static let magic = "swiftdbt-compile-index 2"
    static let fileName = "swiftdbt-compile-index.txt"

    /// One model that can be patched.
    struct Entry: Sendable {
        var id: String
        /// Project-relative paths of the model file and of its compiled file.
        var path: String
        var compiledPath: String
        /// Its config from project.yml folders and property files, before the model's own `config(...)`.
        var base: [String: JSONValue]
        /// Its config after the capture render.
        var config: [String: JSONValue]
        /// `[name, package or null, version or null]` per ref call, in order, and `[source, table]` per source call.
        var refs: JSONValue
        var sources: JSONValue
        /// What each distinct ref and source call resolved to: `ref:name:package:version` or `source:s.t` → [db, schema, identifier].
        var resolved: [String: Relation]
        /// The model's own relation (`this`).
        var this: Relation
        /// `depends_on.macros` and the digests of the vars and env vars it read (StateInputs.swift).
        var macros: [String]
        var inputs: [String: String]
        /// Its compiled code's source map with the code's length, as swiftdbt_sourcemap.json holds it
        /// (`Manifest.sourceMapJSON`): what a run from the last compile needs of it besides the
        /// compiled file (ProjectPipeline+LastCompile.swift). Kept here, since any command that
        /// compiles rewrites the source maps' file, and a patch rewrites this line.
        var map: JSONValue

        var json: JSONValue {
            func rel(_ r: Relation) -> JSONValue { .array([.string(r.database), .string(r.schema), .string(r.identifier)]) }
            return .object([
                "id": .string(id), "path": .string(path), "compiled": .string(compiledPath), "base": .object(base),
                "config": .object(config), "refs": refs, "sources": sources, "resolved": .object(resolved.mapValues(rel)),
                "this": rel(this), "macros": .array(macros.map { .string($0) }), "inputs": .object(inputs.mapValues { .string($0) }),
                "map": map,
            ])
        }

    }

    static func refKey(_ name: String, _ package: String?, _ version: String?) -> String {
        "ref:\(name):\(package ?? ""):\(version ?? "")"
    }

    /// Ref calls as the index keeps them: `[name, package or null, version or null]` each, in order.
    static func refsJSON(_ refs: [(name: String, package: String?, version: String?)]) -> JSONValue {
        .array(refs.map { r in .array([.string(r.name), r.package.map { .string($0) } ?? .null, r.version.map { .string($0) } ?? .null]) })
    }

    static func refsJSON(_ refs: [RecordedRef]) -> JSONValue { refsJSON(refs.map { ($0.name, $0.package, $0.version) }) }

    /// Source calls as the index keeps them: `[source, table]` each, in order.
    static func sourcesJSON(_ sources: [(source: String, table: String)]) -> JSONValue {
        .array(sources.map { .array([.string($0.source), .string($0.table)]) })
    }

    static func sourcesJSON(_ sources: [RecordedSource]) -> JSONValue { sourcesJSON(sources.map { ($0.source, $0.table) }) }

    /// Models whose lines are made at a time (on every core) and written before the next: the lines
    /// of 100k models joined into one String took 55 MB, and up to three times that while it grew.
    static let batchSize = 2048

    /// The index of a compiled project: one line per model that can be patched, by path, for
    /// `FileSystem.writeStream`, made one batch of models at a time. Nil when no model of the
    /// project can be patched (packages or unit tests make every model depend on more).
    static func stream(_ compiled: CompiledProject, compiler: Compiler, batchSize: Int = batchSize) -> ChunkStream? {
        let project = compiled.project
        guard project.packages.isEmpty, project.properties.unitTests.isEmpty else { return nil }
        var diagnostics = DiagnosticBag()
        let slots = compiler.versionSlots(diagnostics: &diagnostics)
        let resolver = ProjectResolver(nodes: compiled.nodes)
        let range = SourceRange(file: SourceFile(path: "", text: ""), bytes: 0..<0)
        let models = project.models.filter { $0.package == nil && slots[$0.name] == nil }
        let line = { (file: ProjectFile) -> String? in
            let id = "model.\(project.name).\(file.name)"
            guard let node = compiled.nodes[id], let this = node.relation, let compiledPath = node.compiledPath,
                node.materialized != "ephemeral", node.version == nil, node.preHooks.isEmpty, node.postHooks.isEmpty
            else { return nil }
            var base = NodeConfig(project.modelConfigs(for: file).config(for: Compiler.configPath(file, nil)))
            if let props = project.properties.models[file.name] { base.merge(props.config) }
            let calls = node.refs.enumerated().map { i, r in
                (name: r.last ?? "", package: r.count > 1 ? r[0] : nil, version: i < node.refVersions.count ? node.refVersions[i] : nil)
            }
            var resolved: [String: Relation] = [:]
            for call in calls {
                let found =
                    try? call.version.map { try resolver.resolveVersionedRef(call.name, version: $0, range: range) }
                    ?? resolver.resolveRef(call.name, package: call.package, range: range)
                guard let found, found.rendered == found.relation.quoted else { return nil }
                resolved[refKey(call.name, call.package, call.version)] = found.relation
            }
            for s in node.sources where s.count == 2 {
                guard let found = try? resolver.resolveSource(s[0], s[1], range: range) else { return nil }
                resolved["source:\(s[0]).\(s[1])"] = found.relation
            }
            let entry = Entry(
                id: id, path: file.path, compiledPath: compiledPath, base: base.values, config: node.config.values, refs: refsJSON(calls),
                sources: sourcesJSON(node.sources.map { ($0.first ?? "", $0.last ?? "") }), resolved: resolved, this: this,
                macros: node.macros, inputs: node.inputs, map: Manifest.sourceMapJSON(node.sourceMap, codeBytes: node.compiledCode.utf8.count))
            return indexLine(entry)
        }
        // `magic`, a line per model that has one, `end`: each followed by a newline.
        var next = 0
        var done = false
        return ChunkStream {
            guard !done else { return nil }
            let lo = next
            let hi = min(models.count, lo + max(1, batchSize))
            next = hi
            var pieces: [[UInt8]] = lo == 0 ? [Array((magic + "\n").utf8)] : []
            pieces += ParallelMap.map(Array(models[lo..<hi])) { file in line(file).map { Array(($0 + "\n").utf8) } }.compactMap { $0 }
            if hi == models.count {
                pieces.append(Array("end\n".utf8))
                done = true
            }
            return pieces
        }
    }

    /// The entries of `paths` (project-relative) in an index file; nil when one is missing or the
    /// file is damaged. Finds each path's line by searching the bytes for it: splitting a 10k-model
    /// index into lines cost more than the whole patch.
    static func entries(in file: FileBytes, paths: Set<String>) -> [String: Entry]? {
        let head = Array((magic + "\n").utf8)
        let tail = Array("\nend\n".utf8)
        return file.withUnsafeBufferPointer { bytes -> [String: Entry]? in
            guard bytes.starts(with: head), bytes.count >= head.count + tail.count, bytes.suffix(tail.count).elementsEqual(tail) else { return nil }
            var found: [String: Entry] = [:]
            for path in paths {
                let needle = Array(("\n" + escapeTabs(path) + "\t").utf8)
                guard let at = ByteSearch.find(needle, in: bytes, from: head.count - 1) else { return nil }
                let start = at + needle.count
                guard let end = bytes[start...].firstIndex(of: 0x0A),
                    let json = try? JSONValue.parse(Data(UnsafeBufferPointer(rebasing: bytes[start..<end]))), let entry = Entry(json: json),
                    entry.path == path
                else { return nil }
                found[path] = entry
            }
            return found
        }
    }

    /// An entry's line, without its newline.
    static func indexLine(_ entry: Entry) -> String {
        escapeTabs(entry.path) + "\t" + entry.json.serialized(indent: 0)
    }

    /// The edit that puts `entry` in place of the line of the same path in an index file's bytes; nil
    /// when the file has no such line.
    static func lineEdit(_ entry: Entry, in file: FileBytes) -> ManifestPatch.Edit? {
        let needle = Array(("\n" + escapeTabs(entry.path) + "\t").utf8)
        let found = file.withUnsafeBufferPointer { bytes -> Range<Int>? in
            guard let at = ByteSearch.find(needle, in: bytes), let end = ByteSearch.find([0x0A], in: bytes, from: at + needle.count) else { return nil }
            return (at + 1)..<end
        }
        guard let found else { return nil }
        return ManifestPatch.Edit(range: found, value: Array(indexLine(entry).utf8))
    }

    private static func escapeTabs(_ s: String) -> String {
        s.utf8.contains(0x09) ? s.replacingOccurrences(of: "\t", with: " ") : s
    }
}

/// `ref` and `source` for a patched model: the relations its calls resolved to in the full compile.
/// A call it did not make then is not answered, which ends the patch (the capture compares the calls first).
struct IndexResolver: RelationResolver {
    let resolved: [String: Relation]

    func resolveRef(_ name: String, package: String?, range: SourceRange) throws(DiagnosticError) -> RelationObject {
        guard let r = resolved[CompileIndex.refKey(name, package, nil)] else { throw DiagnosticError(.error("not in the compile index", at: range)) }
        return RelationObject(r)
    }

    func resolveSource(_ source: String, _ table: String, range: SourceRange) throws(DiagnosticError) -> RelationObject {
        guard let r = resolved["source:\(source).\(table)"] else { throw DiagnosticError(.error("not in the compile index", at: range)) }
        return RelationObject(r)
    }

    func resolveVersionedRef(_ name: String, version: String, range: SourceRange) throws(DiagnosticError) -> RelationObject {
        guard let r = resolved[CompileIndex.refKey(name, nil, version)] else {
            throw DiagnosticError(.error("not in the compile index", at: range))
        }
        return RelationObject(r)
    }
}

extension CompileIndex.Entry {
    /// An index line read back; nil when a field is missing or of the wrong kind.
    init?(json: JSONValue) {
        func rel(_ v: JSONValue?) -> Relation? {
            guard case .array(let a)? = v, a.count == 3, let d = a[0].stringValue, let s = a[1].stringValue, let i = a[2].stringValue else {
                return nil
            }
            return Relation(database: d, schema: s, identifier: i)
        }
        guard case .object(let o) = json, let id = o["id"]?.stringValue, let path = o["path"]?.stringValue,
            let compiled = o["compiled"]?.stringValue, case .object(let base)? = o["base"], case .object(let config)? = o["config"],
            let refs = o["refs"], let sources = o["sources"], case .object(let resolved)? = o["resolved"], let this = rel(o["this"]),
            case .array(let macros)? = o["macros"], case .object(let inputs)? = o["inputs"], let map = o["map"]
        else { return nil }
        var relations: [String: Relation] = [:]
        for (k, v) in resolved {
            guard let r = rel(v) else { return nil }
            relations[k] = r
        }
        self.init(
            id: id, path: path, compiledPath: compiled, base: base, config: config, refs: refs, sources: sources,
            resolved: relations, this: this, macros: macros.compactMap(\.stringValue), inputs: inputs.compactMapValues(\.stringValue), map: map)
    }
}
