import Foundation
import SDBasics

/// What the one-edit compile (ProjectPipeline+Patch.swift) asks of the record.
extension CompileCache {
    /// The recorded input files whose content changed, when they are all that changed: the same
    /// checks as `staleness`, but nil as soon as anything other than a file's content differs (the
    /// version, the arguments, the environment, a listing, a probe, an output).
    func changedFiles(
        version: String, key: [String], environment: [String: String], fileSystem: FileSystem, stamp: (String) -> FileStamp?
    ) -> [String]? {
        guard self.version == version, self.key == key else { return nil }
        for (name, value) in self.environment where environment[name].map(CompileCache.valueHash) != value { return nil }
        for name in CompileCache.implicitEnvironment(environment) where self.environment[name] == nil { return nil }
        if let whole = wholeEnvironment, whole != CompileCache.environmentHash(environment) { return nil }
        for (probe, answer) in probes {
            let path = String(probe.dropFirst(2))
            let now = probe.hasPrefix("d:") ? fileSystem.isDirectory(path) : fileSystem.fileExists(path)
            if now != answer { return nil }
        }
        for (path, hash) in listings {
            guard let entries = try? fileSystem.listFiles(under: path), ContentHash.of(entries.joined(separator: "\n")) == hash else { return nil }
        }
        for (path, written) in outputs where stamp(path) != written { return nil }
        var changed: [String] = []
        for input in files where stamp(input.path) != input.stamp {
            guard let text = try? fileSystem.readFile(input.path) else { return nil }
            if ContentHash.of(text) != input.hash { changed.append(input.path) }
        }
        return changed
    }

    /// Records new text for some inputs (with the stamps taken before they were read) and new stamps
    /// for some outputs, after a patch wrote them; false when an output's stamp cannot be read.
    mutating func update(
        inputs: [(path: String, text: String, stamp: FileStamp)], outputs written: [String], stamp: (String) -> FileStamp?
    ) -> Bool {
        let read = Dictionary(inputs.map { ($0.path, ($0.text, $0.stamp)) }, uniquingKeysWith: { a, _ in a })
        for i in files.indices {
            guard let (text, before) = read[files[i].path] else { continue }
            files[i].hash = ContentHash.of(text)
            files[i].stamp = before
        }
        for path in written {
            guard let s = stamp(path) else { return false }
            outputs[path] = s
        }
        return true
    }
}
