import Foundation
import SDBasics

/// What the one-edit compile (ProjectPipeline+Patch.swift) asks of the record.
extension CompileCache {
    /// The record and the input files whose content changed, when they are all that changed: the
    /// same checks as `check`, but nil as soon as anything other than an input's content differs
    /// (the version, the arguments, the environment, a listing, a probe, an output). An input whose
    /// stamp matches is trusted only when the stamp is older than the recording compile by more than
    /// a clock tick, as in `StampChecker`; any other is read and hashed.
    static func changes(
        _ text: String, version: String, key: [String], environment: [String: String], fileSystem: FileSystem
    ) -> (cache: CompileCache, changed: [String])? {
        guard case .success(let cache) = parse(text) else { return nil }
        var refreshed: [String: [FolderStamp]] = [:]
        guard cache.headerStaleness(version: version, key: key, environment: environment, fileSystem: fileSystem, refreshed: &refreshed) == nil
        else { return nil }
        for (path, written) in cache.outputs where FileStamp.local(path) != written { return nil }
        var changed: [String] = []
        for input in cache.files {
            if FileStamp.local(input.path) == input.stamp, input.stamp.latestNanoseconds < cache.since - racyMargin { continue }
            guard let text = try? fileSystem.readFile(input.path) else { return nil }
            if ContentHash.of(text) != input.hash { changed.append(input.path) }
        }
        return (cache, changed)
    }

    /// Records new text for some inputs (with the stamps taken before they were read) and new stamps
    /// for some outputs, after a patch wrote them; false when an output's stamp cannot be read.
    /// `started` is the wall clock before the patch checked anything: every input was proven
    /// unchanged or re-read after it, so it is the record's new `since`.
    mutating func update(
        inputs: [(path: String, text: String, stamp: FileStamp)], outputs written: [String], started: Int64
    ) -> Bool {
        let read = Dictionary(inputs.map { ($0.path, ($0.text, $0.stamp)) }, uniquingKeysWith: { a, _ in a })
        for i in files.indices {
            guard let (text, before) = read[files[i].path] else { continue }
            files[i].hash = ContentHash.of(text)
            files[i].stamp = before
        }
        for path in written {
            guard let s = FileStamp.local(path) else { return false }
            outputs[path] = s
        }
        since = started
        return true
    }
}
