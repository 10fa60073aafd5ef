import Foundation
import SDBasics
import SDGraph
import SDProject

/// The compile cache (CompileCache.swift) as a command uses it: look before loading, record after writing.
extension ProjectPipeline {
    /// Everything besides files and the environment that a compile's output depends on.
    public func cacheKey(select: [String], exclude: [String], indirectSelection: String, extra: [String] = []) -> [String] {
        [
            "root=\(root)", "profiles-dir=\(profilesDir ?? "-")", "target=\(targetName ?? "-")", "vars=\(varsText ?? "-")",
            "select=\(select.joined(separator: " "))", "exclude=\(exclude.joined(separator: " "))",
            "indirect-selection=\(indirectSelection)",
        ] + extra
    }

    /// Where the cache file of this project is: under its target path (read from project.yml, which is
    /// itself one of the recorded inputs); nil when project.yml does not load.
    func cachePath() -> String? {
        var ignored = DiagnosticBag()
        guard let config = ProjectLoader(fileSystem: fileSystem, adapters: adapters).loadConfig(root: root, diagnostics: &ignored) else { return nil }
        return root + "/" + config.targetPath + "/" + CompileCache.fileName
    }

    /// The summary the last compile printed, when nothing it read or wrote has changed since; nil
    /// otherwise. A cache file that cannot be used for a reason other than a change is noted in `bag`.
    /// A hit that had to read files again (their stamps moved) records their new stamps for the next.
    /// `now` is the wall clock, as in CompileInputs.
    public func cachedCompile(
        key: [String], version: String, diagnostics bag: inout DiagnosticBag, now: () -> Date = { Date() }
    ) -> (summary: String?, miss: CompileCache.Miss?) {
        let (summary, _, miss) = checkRecord(key: key, version: version, diagnostics: &bag, skippingOutputsUnder: nil, now: now)
        return (summary, miss)
    }

    /// The record when it hits with the outputs under `skipped` left out, for a selected compile,
    /// which then checks the few of those it needs with `outputsStand(_:record:)`.
    public func cachedRecord(key: [String], version: String, skippingOutputsUnder skipped: String) -> FileBytes? {
        // Notes about a damaged record belong to the compile that rebuilds it.
        var ignored = DiagnosticBag()
        let (summary, record, _) = checkRecord(key: key, version: version, diagnostics: &ignored, skippingOutputsUnder: skipped, now: { Date() })
        return summary == nil ? nil : record
    }

    private func checkRecord(
        key: [String], version: String, diagnostics bag: inout DiagnosticBag, skippingOutputsUnder skipped: String?, now: () -> Date
    ) -> (summary: String?, record: FileBytes?, miss: CompileCache.Miss?) {
        // No `stamp`: the cache is off. Otherwise the table's stamps are checked on the real disk
        // (FileStamp.at), as `stamp` (FileStamp.local) took them.
        guard stamp != nil, let path = cachePath() else { return (nil, nil, .absent) }
        guard fileSystem.fileExists(path), let record = try? fileSystem.readMapped(path) else { return (nil, nil, .absent) }
        let miss: CompileCache.Miss
        let checked = record.withUnsafeBufferPointer { bytes in
            let result = CompileCache.check(
                bytes, version: version, key: key, environment: environment, fileSystem: fileSystem, skippingOutputsUnder: skipped, now: now)
            // Best effort: a record that cannot be rewritten still holds, with its older stamps.
            if case .success(let hit) = result, let refreshed = hit.refreshed(bytes) { try? fileSystem.writeFile(path, refreshed.serialized()) }
            return result
        }
        switch checked {
        case .success(let hit): return (hit.summary, record, nil)
        case .failure(let why): miss = why
        }
        switch miss {
        case .foreign(let why), .corrupt(let why):
            bag.append(.note("ignoring the compile cache \(path): \(why); this compile rebuilds it", path: path))
        default: break
        }
        return (nil, record, miss)
    }

    /// The target folder, as the compile writes under it (`root/target-path`); nil when project.yml
    /// does not load. Each call reads project.yml: a caller that needs several paths under it asks once.
    public func targetFolder() -> String? {
        cachePath().map { ($0 as NSString).deletingLastPathComponent }
    }

    /// Whether these outputs (paths as the compile wrote them, under the root) are in the cache
    /// record's text and unchanged since: what a hit that skipped them checks of the few it needs.
    public func outputsStand(_ paths: [String], record: FileBytes) -> Bool {
        record.withUnsafeBufferPointer { CompileCache.outputsStand($0, paths: paths, fileSystem: fileSystem) }
    }

    /// Records this compile for the next one, or removes an older record when this compile must not
    /// be cached (`cacheable` false: it printed diagnostics, or a template said something or queried the target).
    public func saveCache(
        inputs: CompileInputs, key: [String], version: String, outputs: [String], summary: String,
        targetPath: String, cacheable: Bool
    ) throws {
        let path = root + "/" + targetPath + "/" + CompileCache.fileName
        guard cacheable, let stamp,
            let cache = CompileCache.record(
                inputs: inputs, version: version, key: key, environment: environment, outputs: outputs,
                summary: summary, stamp: stamp)
        else {
            if fileSystem.fileExists(path) { try fileSystem.removeItem(path) }
            return
        }
        try fileSystem.writeFile(path, cache.serialized())
    }
}

/// The graph a full compile saves for `compile --select` (GraphSnapshot.swift).
extension ProjectPipeline {
    /// Saves the graph when this compile compiled every node (`complete`), with each node's compiled
    /// file; any other compile removes an older snapshot, so one never outlives the compile it
    /// describes. Returns the path written, to be recorded among the compile's outputs.
    public func saveGraphSnapshot(_ compiled: CompiledProject, complete: Bool, notes: [String: String]) throws -> String? {
        let path = root + "/" + compiled.project.config.targetPath + "/" + GraphSnapshot.fileName
        guard complete else {
            if fileSystem.fileExists(path) { try fileSystem.removeItem(path) }
            return nil
        }
        let paths = compiled.graph.nodes.map { compiled.nodes[$0.uniqueId]?.compiledPath }
        try fileSystem.writeStream(path, GraphSnapshot(graph: compiled.graph, compiledPaths: paths, notes: notes).stream())
        return path
    }

    /// Whether a saved graph is there to be read, under the target folder (`targetFolder()`).
    public func hasGraphSnapshot(in target: String) -> Bool {
        fileSystem.fileExists(target + "/" + GraphSnapshot.fileName)
    }

    /// The saved graph under the target folder, or nil when there is none or it does not read back.
    /// Only worth trusting after `cachedCompile` hit: the snapshot is one of the outputs whose stamps
    /// that checks.
    public func loadGraphSnapshot(in target: String) -> GraphSnapshot? {
        guard let bytes = try? fileSystem.readMapped(target + "/" + GraphSnapshot.fileName) else { return nil }
        return GraphSnapshot.decode(bytes)
    }
}
