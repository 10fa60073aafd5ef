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
        // No `stamp`: the cache is off. Otherwise the table's stamps are checked on the real disk
        // (FileStamp.at), as `stamp` (FileStamp.local) took them.
        guard stamp != nil, let path = cachePath() else { return (nil, .absent) }
        guard fileSystem.fileExists(path), let text = try? fileSystem.readFile(path) else { return (nil, .absent) }
        let miss: CompileCache.Miss
        switch CompileCache.check(text, version: version, key: key, environment: environment, fileSystem: fileSystem, now: now) {
        case .success(let hit):
            // Best effort: a record that cannot be rewritten still holds, with its older stamps.
            if let refreshed = hit.refreshed(text) { try? fileSystem.writeFile(path, refreshed.serialized()) }
            return (hit.summary, nil)
        case .failure(let why): miss = why
        }
        switch miss {
        case .foreign(let why), .corrupt(let why):
            bag.append(.note("ignoring the compile cache \(path): \(why); this compile rebuilds it", path: path))
        default: break
        }
        return (nil, miss)
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
