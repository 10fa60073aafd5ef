import ArgumentParser
import Foundation
import SDBasics
import SDProject

/// Shell completion of option values (`swiftdbt --generate-completion-script bash|zsh|fish`).
/// The shell calls back into the binary with the words typed so far; these answers read only the
/// file tree and profiles.yml, never compile, so a completion is instant even on a broken project.
enum Completions {
    /// The folder `--project-dir` names among the typed words, else the current one.
    static func projectDir(_ words: [String]) -> String {
        value(of: "--project-dir", in: words) ?? "."
    }

    static func value(of option: String, in words: [String]) -> String? {
        guard let i = words.lastIndex(of: option), i + 1 < words.count else { return nil }
        return words[i + 1]
    }

    /// Node names for `--select`: the file names (without extension) of models, seeds, snapshots
    /// and analyses under the project's default folders, which is what a selector by name matches.
    static func nodeNames(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        let root = projectDir(words)
        var names = Set<String>()
        let fm = FileManager.default
        for folder in ["models", "seeds", "snapshots", "analyses"] {
            guard let walker = fm.enumerator(atPath: root + "/" + folder) else { continue }
            while let path = walker.nextObject() as? String {
                let ext = (path as NSString).pathExtension
                guard ext == "sql" || ext == "csv" else { continue }
                names.insert(((path as NSString).lastPathComponent as NSString).deletingPathExtension)
            }
        }
        return names.filter { $0.hasPrefix(prefix) }.sorted()
    }

    /// Target names for `--target`: every `outputs` key in the profiles.yml the command would read.
    static func targetNames(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        let search = Profiles.searchPath(
            profilesDir: value(of: "--profiles-dir", in: words), projectDir: projectDir(words),
            environment: ProcessInfo.processInfo.environment)
        guard let file = Profiles.file(in: search, fileSystem: LocalFileSystem()),
            let text = try? String(contentsOfFile: file, encoding: .utf8),
            case let (root?, _) = YAMLNode.parse(SourceFile(path: file, text: text)),
            let profiles = root.entries
        else { return [] }
        var names = Set<String>()
        for (_, profile) in profiles {
            for (key, outputs) in profile.entries ?? [] where key.string == "outputs" {
                for (name, _) in outputs.entries ?? [] { if let n = name.string { names.insert(n) } }
            }
        }
        return names.filter { $0.hasPrefix(prefix) }.sorted()
    }
}
