import Foundation

/// Where fuzz inputs come from: seeds taken from the project's own files, and the regression
/// corpus of every input that once crashed or hung (`fuzz/regressions/<target>/`).
///
/// Both the fuzzer (`swiftdbt-fuzz seeds`) and `SDFuzzTests` read them from here, so the inputs
/// the fuzzer starts from are exactly the ones the test suite replays.
public enum FuzzCorpus {
    /// One input: a name to report (a path relative to the root) and its bytes as on disk.
    public struct Input: Sendable {
        public var name: String
        public var bytes: [UInt8]
    }

    /// The regression corpus folder of a target, relative to the repository root.
    public static func regressionDir(_ target: FuzzTarget) -> String { "fuzz/regressions/\(target.rawValue)" }

    /// Every crash or hang input recorded for `target`, sorted by name.
    public static func regressions(_ target: FuzzTarget, root: String) -> [Input] {
        files(under: root + "/" + regressionDir(target), root: root) { _ in true }
    }

    /// Seed inputs for `target` from the project at `root`: RTSA's files and the diagnostics
    /// corpus's broken mini-projects, which hold the unusual shapes the fuzzer should start from.
    public static func seeds(_ target: FuzzTarget, root: String) -> [Input] {
        let corpus = "Tests/SDCompilerTests/Projects"
        switch target {
        case .template:
            return ["models", "macros", "tests", corpus].flatMap { files(under: root + "/" + $0, root: root) { $0.hasSuffix(".sql") } }
        case .yaml:
            let top = ["project.yml", "profiles.example.yml"].compactMap { file(root, $0) }
            return top
                + ["models", "seeds", "streaming", corpus].flatMap {
                    files(under: root + "/" + $0, root: root) { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }
                }
        case .selector:
            return selectorExamples(root: root)
        case .csv:
            return ["seeds", corpus].flatMap { files(under: root + "/" + $0, root: root) { $0.hasSuffix(".csv") } }
        }
    }

    /// Every inline code span of docs/selectors.md, one input each: the documented selectors
    /// and, harmlessly, the other spans of the page.
    static func selectorExamples(root: String) -> [Input] {
        guard let doc = file(root, "docs/selectors.md") else { return [] }
        var inputs: [Input] = []
        var seen: Set<[UInt8]> = []
        for (n, line) in String(decoding: doc.bytes, as: UTF8.self).split(separator: "\n").enumerated() {
            let parts = line.split(separator: "`", omittingEmptySubsequences: false)
            // Odd-numbered parts lie between backticks.
            for i in stride(from: 1, to: parts.count - 1, by: 2) where !parts[i].isEmpty {
                let bytes = Array(parts[i].utf8)
                if seen.insert(bytes).inserted { inputs.append(Input(name: "docs/selectors.md:\(n + 1)#\(i / 2)", bytes: bytes)) }
            }
        }
        return inputs
    }

    private static func file(_ root: String, _ path: String) -> Input? {
        guard let data = FileManager.default.contents(atPath: root + "/" + path) else { return nil }
        return Input(name: path, bytes: Array(data))
    }

    private static func files(under dir: String, root: String, where keep: (String) -> Bool) -> [Input] {
        guard let walker = FileManager.default.enumerator(atPath: dir) else { return [] }
        var paths: [String] = []
        while let rel = walker.nextObject() as? String {
            let name = (rel as NSString).lastPathComponent
            // Hidden files (.gitkeep, editor droppings) are not inputs.
            if !name.hasPrefix("."), keep(rel) { paths.append(rel) }
        }
        let prefix = dir.hasPrefix(root + "/") ? String(dir.dropFirst(root.count + 1)) + "/" : ""
        return paths.sorted().compactMap { rel in
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir + "/" + rel, isDirectory: &isDir), !isDir.boolValue,
                let data = FileManager.default.contents(atPath: dir + "/" + rel)
            else { return nil }
            return Input(name: prefix + rel, bytes: Array(data))
        }
    }
}
