import Foundation
import SDBasics
import SDCompiler

/// Where a run's artifacts go under the project's target folder: `run/<package>/<path>` (the exact
/// statements each node executed) and `run_results.json`.
///
/// Writing them is best effort, as dbt's: a run whose nodes succeeded does not fail because an
/// artifact could not be written.
public struct RunFiles: Sendable {
    public var root: String
    /// The project's `target-path`, relative to `root`.
    public var targetPath: String
    public var fileSystem: FileSystem

    public init(root: String, targetPath: String, fileSystem: FileSystem) {
        self.root = root
        self.targetPath = targetPath
        self.fileSystem = fileSystem
    }

    /// The path of a node's run file below `target/run/<package>/`: a model at its source path, a
    /// source under its property file's name (`<file>/<source>.<table>.sql`), a generic test in its
    /// property file's folder by the test's name (where its compiled file is), a seed as `<seed>.sql`,
    /// a snapshot by its name in its file's folder.
    public static func relativePath(of node: CompiledNode) -> String {
        let original = node.originalFilePath as NSString
        switch node.resourceType {
        case .source:
            return original.deletingPathExtension + "/\(node.sourceName ?? "").\(node.name).sql"
        case .test where node.testName != nil:
            return original.deletingLastPathComponent + "/" + node.path
        case .seed:
            return original.deletingPathExtension + ".sql"
        case .snapshot:
            // By name: one file may hold several snapshots (blocks, or YAML entries).
            return (original.deletingLastPathComponent as NSString).appendingPathComponent(node.name + ".sql")
        default:
            return node.originalFilePath
        }
    }

    /// The full path of a node's run file.
    public func runFilePath(of node: CompiledNode) -> String {
        "\(root)/\(targetPath)/run/\(node.packageName)/\(RunFiles.relativePath(of: node))"
    }

    /// Writes the statements a node executed; nothing when it executed none.
    public func writeStatements(of node: CompiledNode, _ log: StatementLog) {
        guard !log.all.isEmpty else { return }
        try? fileSystem.writeFile(runFilePath(of: node), log.script)
    }

    public var runResultsPath: String { "\(root)/\(targetPath)/run_results.json" }

    /// Each node's execution time in the run_results.json the last run left, for critical-path
    /// order (`CriticalPath.durations`); none when there is none.
    public func lastDurations() -> [String: Double] {
        CriticalPath.durations(lastRunResults: runResultsPath, fileSystem: fileSystem)
    }

    /// Writes `run_results.json`.
    public func writeRunResults(_ document: JSONValue) {
        try? fileSystem.writeFile(runResultsPath, document.serialized())
    }
}
