import Foundation
import SDBasics
import SDProject
import SDTemplate

/// The one-edit compile (CompilePatch.swift) as `swiftdbt compile` runs it after a cache miss.
extension ProjectPipeline {
    /// What a patch attempt came to: done (the summary the compile prints), or why the full compile must run.
    public enum PatchOutcome: Equatable, Sendable {
        case patched(summary: String, models: [String])
        case fullCompile(String)
    }

    /// Writes the index a later patch needs, beside the cache, or removes a stale one. Called only
    /// for a compile that is recorded in the cache; its path is one of the outputs the cache stamps,
    /// so an index that changes after it was written is never used.
    public func saveCompileIndex(_ compiled: CompiledProject, compiler: Compiler, targetPath: String) throws -> String? {
        let path = root + "/" + targetPath + "/" + CompileIndex.fileName
        guard let index = CompileIndex.stream(compiled, compiler: compiler) else {
            if fileSystem.fileExists(path) { try fileSystem.removeItem(path) }
            return nil
        }
        try fileSystem.writeStream(path, index)
        return path
    }

    /// Re-renders only the edited models when they are all that changed since the recorded compile,
    /// patching their compiled files, manifest entries and source maps, then the cache record.
    public func patchCompile(key: [String], version: String, runStartedAt: Date, invocationId: String) -> PatchOutcome {
        guard let stamp, let cachePath = cachePath() else { return .fullCompile("no compile cache") }
        let started = Int64((Date().timeIntervalSince1970 * 1e9).rounded(.down))
        guard let text = try? fileSystem.readFile(cachePath) else { return .fullCompile("no compile cache") }
        guard let (recorded, changed) = CompileCache.changes(text, version: version, key: key, environment: environment, fileSystem: fileSystem)
        else { return .fullCompile("more than model files changed") }
        var cache = recorded
        // Inputs are recorded as the loader names them: under the root as `ProjectLoader.join` puts
        // it, so bare when the root is "." (the project folder itself, the usual invocation).
        let prefix = root.isEmpty || root == "." ? "" : root.hasSuffix("/") ? root : root + "/"
        guard !changed.isEmpty, changed.allSatisfy({ $0.hasPrefix(prefix) && $0.hasSuffix(".sql") }) else {
            return .fullCompile("more than model files changed")
        }
        var bag = DiagnosticBag()
        guard let head = loadHead(diagnostics: &bag), !bag.hasErrors else { return .fullCompile("the project does not load") }
        let config = head.config
        let dir = root + "/" + config.targetPath
        let indexPath = dir + "/" + CompileIndex.fileName
        guard cache.outputs[indexPath] != nil, let indexBytes = try? fileSystem.readMapped(indexPath) else {
            return .fullCompile("no compile index")
        }
        let relative = Set(changed.map { String($0.dropFirst(prefix.count)) })
        guard let entries = CompileIndex.entries(in: indexBytes, paths: relative) else {
            return .fullCompile("an edited file is not a model the index can patch")
        }

        // The macros, parsed as the full compile parses them (no packages: the index has none).
        let loader = head.loader
        var macroFiles: [ProjectFile] = []
        for base in config.macroPaths {
            for rel in loader.list(root, base) where rel.hasSuffix(".sql") {
                if let f = loader.read(root, base, rel, &bag) { macroFiles.append(f) }
            }
        }
        for base in config.testPaths {
            for rel in loader.list(root, base) where rel.hasSuffix(".sql") && rel.hasPrefix("generic/") {
                if let f = loader.read(root, base, rel, &bag) { macroFiles.append(f) }
            }
        }
        var templates: [Template] = []
        var macroDiagnostics: [Diagnostic] = []
        for f in macroFiles {
            let (t, d) = Template.parse(f.file)
            macroDiagnostics += d
            templates.append(t)
        }
        var (library, dupes) = MacroLibrary.build(templates)
        BuiltinTests.add(to: &library)
        guard !bag.hasErrors, macroDiagnostics.isEmpty, dupes.isEmpty else { return .fullCompile("the macros have findings") }
        let runtime = RuntimeMacros.adding(to: library)
        let adapter = head.target.type
        let shared = SharedContext(
            target: head.target, profileName: config.profile, vars: head.allVars, environment: environment,
            runStartedAt: Compiler.runStartedText(runStartedAt), invocationId: invocationId, projectName: config.name,
            fullRefresh: false, configKeys: config.configKeys)

        // Each edited model: capture as the full compile does, check nothing but its text changed, render.
        var patches: [(entry: CompileIndex.Entry, text: String, stamp: FileStamp, sql: String, map: SourceMap)] = []
        for path in relative.sorted() {
            var fileBag = DiagnosticBag()
            // Stamped before reading, as CompileInputs does: an edit racing the read leaves a stamp that differs.
            let before = stamp(root + "/" + path)
            guard let entry = entries[path], let base = config.modelPaths.first(where: { path.hasPrefix($0 + "/") }),
                let file = loader.read(root, base, String(path.dropFirst(base.count + 1)), &fileBag), file.path == path
            else { return .fullCompile("\(path) is gone") }
            let text = file.file.text
            let name = file.name
            // What the full compile's record notes of a file's text: the variables it names, and whether
            // it reads the clock or the whole environment (CompileInputs.scan). The record must still hold.
            let scan = CompileInputs.scan(text)
            guard let before, !scan.volatile, !scan.dynamic || cache.wholeEnvironment != nil,
                scan.names.allSatisfy({ cache.environment[$0] != nil })
            else { return .fullCompile("\(path) names other variables") }
            guard fileBag.diagnostics.isEmpty, SecretEnvVars.scan(file.file, yaml: false).isEmpty else { return .fullCompile("\(path) has findings") }
            let cap = Compiler.capture(
                file: file, shared: shared, library: library, adapter: adapter, folderConfig: entry.base, properties: nil, kind: "patch")
            guard let template = cap.template, cap.diagnostics.isEmpty, cap.messages.isEmpty else { return .fullCompile("\(path) has findings") }
            var probe = CompiledNode(
                uniqueId: entry.id, name: name, resourceType: .model, packageName: config.name, fqn: [], originalFilePath: path, path: path)
            probe.recordReads(cap.reads, library: library, adapter: adapter)
            guard cap.config.values == entry.config, CompileIndex.refsJSON(cap.refs) == entry.refs,
                CompileIndex.sourcesJSON(cap.sources) == entry.sources, probe.macros == entry.macros, probe.inputs == entry.inputs
            else { return .fullCompile("\(path) changed its config, refs, sources or what it reads") }
            let host = NodeHost(shared: shared, config: cap.config, this: entry.this, resolver: IndexResolver(resolved: entry.resolved), isIncremental: false)
            let log = TemplateMessageLog()
            guard let (sql, map) = try? TemplateRenderer(host: host, library: runtime, adapterPrefix: adapter, messageLog: log).renderMapped(template),
                host.warnings.isEmpty, log.messages.isEmpty
            else { return .fullCompile("\(path) does not render alone") }
            patches.append((entry, text, before, sql, map))
        }

        // The outputs: compiled files, then the manifest's and source map's entries, then the record.
        do {
            let manifestPath = dir + "/manifest.json"
            let mapsPath = dir + "/" + Manifest.sourceMapsFileName
            // Edits of the bytes as read, written out around them: a 100k manifest is 443 MB, and
            // building a patched copy of it doubled the patch's memory and page faults. The files
            // are mapped, not read (FileBytes.swift): reading 55 MB into fresh memory, which the
            // kernel first faults in and zeroes, was a third of a 10k one-edit compile.
            let manifest = try fileSystem.readMapped(manifestPath)
            let maps = try fileSystem.readMapped(mapsPath)
            var manifestEdits: [ManifestPatch.Edit] = []
            var mapEdits: [ManifestPatch.Edit] = []
            var indexEdits: [ManifestPatch.Edit] = []
            for p in patches {
                guard
                    let edit = ManifestPatch.entryEdit(
                        p.entry.id, in: manifest,
                        with: { old in
                            guard case .object(var o) = old else { return nil }
                            o["raw_code"] = .string(p.text)
                            o["checksum"] = .object(["name": "sha256", "checksum": .string(SHA256Digest.hex(Array(p.text.utf8)))])
                            o["compiled_code"] = .string(p.sql)
                            return .object(o)
                        })
                else { return .fullCompile("the manifest has no entry for \(p.entry.id)") }
                manifestEdits.append(edit)
                // The same map goes to the source maps' file and to the model's index line.
                let map = Manifest.sourceMapJSON(p.map, codeBytes: p.sql.utf8.count)
                guard !p.map.segments.isEmpty, let mapped = ManifestPatch.entryEdit(p.entry.id, in: maps, with: { _ in map })
                else { return .fullCompile("the source map has no entry for \(p.entry.id)") }
                mapEdits.append(mapped)
                var entry = p.entry
                entry.map = map
                guard let line = CompileIndex.lineEdit(entry, in: indexBytes) else { return .fullCompile("the index has no line for \(p.entry.path)") }
                indexEdits.append(line)
            }
            guard let manifestPieces = ManifestPatch.stream(manifest, edits: manifestEdits), let mapPieces = ManifestPatch.stream(maps, edits: mapEdits),
                let indexPieces = ManifestPatch.stream(indexBytes, edits: indexEdits)
            else { return .fullCompile("two edits of one entry") }
            var written: [String] = []
            for p in patches {
                let out = root + "/" + p.entry.compiledPath
                try fileSystem.updateFile(out, p.sql.hasSuffix("\n") ? p.sql : p.sql + "\n")
                written.append(out)
            }
            try fileSystem.writeStream(manifestPath, manifestPieces)
            try fileSystem.writeStream(mapsPath, mapPieces)
            try fileSystem.writeStream(indexPath, indexPieces)
            written += [manifestPath, mapsPath, indexPath]
            guard cache.update(inputs: patches.map { (prefix + $0.entry.path, $0.text, $0.stamp) }, outputs: written, started: started) else {
                return .fullCompile("a file changed while patching")
            }
            try fileSystem.writeFile(cachePath, cache.serialized())
        } catch {
            return .fullCompile("writing failed: \(error)")
        }
        return .patched(summary: cache.summary, models: patches.map(\.entry.id))
    }
}

/// Replacing one entry of a map in a file `ManifestWriter` wrote: an entry of a top-level map sits
/// at depth 2, so it starts with a newline, four spaces and its quoted key, and ends at the first
/// newline followed by four spaces and `}` (deeper lines are indented further, and strings never
/// hold a raw newline). The key followed by `": {` is unique: the parent and child maps hold the
/// same ids followed by `": [`.
enum ManifestPatch {
    /// An entry's value as it stands in the bytes, and the bytes to put in its place.
    struct Edit {
        var range: Range<Int>
        var value: [UInt8]
    }

    /// The edit that replaces the value of entry `key` with `make` of its old value; nil when there
    /// is no such entry or `make` declines.
    static func entryEdit(_ key: String, in file: FileBytes, with make: (JSONValue) -> JSONValue?) -> Edit? {
        var head: [UInt8] = [0x0A, 0x20, 0x20, 0x20, 0x20]
        JSONValue.writeString(key, into: &head)
        head += Array(": {".utf8)
        let found = file.withUnsafeBufferPointer { bytes -> (Range<Int>, Data)? in
            guard let start = ByteSearch.find(head, in: bytes) else { return nil }
            let valueStart = start + head.count - 1
            let close: [UInt8] = [0x0A, 0x20, 0x20, 0x20, 0x20, UInt8(ascii: "}")]
            guard let end = ByteSearch.find(close, in: bytes, from: valueStart) else { return nil }
            let valueEnd = end + close.count
            return (valueStart..<valueEnd, Data(UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd])))
        }
        guard let (range, text) = found, let old = try? JSONValue.parse(text), let new = make(old) else { return nil }
        var value: [UInt8] = []
        new.write(into: &value, level: 2)
        return Edit(range: range, value: value)
    }

    /// The bytes with the edits made, as pieces of at most `pieceSize` bytes for
    /// `FileSystem.writeStream`; nil when two edits overlap.
    static func stream(_ bytes: FileBytes, edits: [Edit], pieceSize: Int = 8 << 20) -> ChunkStream? {
        let sorted = edits.sorted { $0.range.lowerBound < $1.range.lowerBound }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.range.upperBound > b.range.lowerBound { return nil }
        // What to write, in order: ranges of the bytes as read, and the edits' values.
        var parts: [Either] = []
        var at = 0
        for edit in sorted {
            parts.append(.kept(at..<edit.range.lowerBound))
            parts.append(.new(edit.value))
            at = edit.range.upperBound
        }
        parts.append(.kept(at..<bytes.count))
        var next = 0
        var offset = 0
        let size = max(1, pieceSize)
        return ChunkStream {
            while next < parts.count {
                switch parts[next] {
                case .new(let value):
                    next += 1
                    return [value]
                case .kept(let range):
                    let lo = range.lowerBound + offset
                    guard lo < range.upperBound else {
                        next += 1
                        offset = 0
                        continue
                    }
                    let hi = min(range.upperBound, lo + size)
                    offset += hi - lo
                    return [bytes.withUnsafeBufferPointer { Array(UnsafeBufferPointer(rebasing: $0[lo..<hi])) }]
                }
            }
            return nil
        }
    }

    private enum Either {
        case kept(Range<Int>)
        case new([UInt8])
    }
}
