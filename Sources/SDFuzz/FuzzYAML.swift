import SDAthena
import SDBasics
import SDCompiler
import SDDuckDB
import SDProject
import SDStreaming

/// YAML input read four ways, as the loader reads a project: as project.yml, as profiles.yml
/// (through the search path and an in-memory file system, with `<< env_var() >>` rendering), as a
/// property file under models/ and as a streaming/ declaration file.
enum FuzzYAML {
    static let adapters = TargetAdapterRegistry([DuckDBAdapter(), AthenaAdapter()])

    static func run(_ text: String) {
        var bag = DiagnosticBag()
        let config = ProjectConfig.parse(SourceFile(path: "project.yml", text: text), configKeys: adapters.configKeys, diagnostics: &bag)
        if config == nil, !bag.hasErrors { FuzzCheck.fail("project.yml refused without an error") }
        FuzzCheck.diagnostics(bag.diagnostics, "project.yml")

        bag = DiagnosticBag()
        let environment = ["HOME": "/home/fuzz", "DUCKDB_PATH": "fuzz.duckdb"]
        // The first top-level key names the profile, so any input reaches the target's settings.
        let (root, _) = YAMLNode.parse(SourceFile(path: "profiles.yml", text: text))
        let profileName = root?.entries?.first?.key.string ?? "rtsa"
        let render = YAMLTemplating.renderer(environment: environment, vars: [:], target: nil, profileName: profileName)
        let target = Profiles.loadTarget(
            profileName: profileName, targetName: nil, searchPath: ["."], fileSystem: OneFileSystem(path: "./profiles.yml", text: text),
            render: render, projectFile: nil,
            adapters: adapters, diagnostics: &bag)
        if target == nil, !bag.hasErrors { FuzzCheck.fail("profiles.yml refused without an error") }
        FuzzCheck.diagnostics(bag.diagnostics, "profiles.yml")

        bag = DiagnosticBag()
        var properties = PropertySet()
        properties.add(SourceFile(path: "models/_fuzz.yml", text: text), render: render, configKeys: adapters.configKeys, diagnostics: &bag)
        FuzzCheck.diagnostics(bag.diagnostics, "property file")

        bag = DiagnosticBag()
        let streaming = StreamingLoader(environment: environment, knownSourceTables: [["lake", "ticks_enriched_v2"]])
        let declared = streaming.load([SourceFile(path: "streaming/fuzz.yml", text: text)], diagnostics: &bag)
        if declared == nil, !bag.hasErrors { FuzzCheck.fail("a streaming file was refused without an error") }
        FuzzCheck.diagnostics(bag.diagnostics, "streaming file")
    }
}

/// A read-only file system holding one file, so the loader's search and read paths run unchanged.
struct OneFileSystem: FileSystem {
    var path: String
    var text: String

    func readFile(_ path: String) throws -> String {
        guard path == self.path else { throw FileSystemError(path: path, reason: "no such file") }
        return text
    }
    func fileExists(_ path: String) -> Bool { path == self.path }
    func isDirectory(_ path: String) -> Bool { path == "." }
    func listFiles(under directory: String) throws -> [String] { directory == "." ? [String(path.dropFirst(2))] : [] }
    func writeFile(_ path: String, _ contents: String) throws { throw FileSystemError(path: path, reason: "read-only") }
    func createDirectory(_ path: String) throws { throw FileSystemError(path: path, reason: "read-only") }
    func removeItem(_ path: String) throws { throw FileSystemError(path: path, reason: "read-only") }
}
