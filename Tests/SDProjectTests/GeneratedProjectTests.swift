import Foundation
import SDBasics
import SDProject
import Testing

/// The benchmark generator's project is what users' larger projects look like; it must load clean.
@Suite("generated project")
struct GeneratedProjectTests {
    /// The repository's own generator (bench/gen_project.py), so a fresh clone runs this test too.
    static let script: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("bench/gen_project.py").path
    }()

    /// Runs gen_project.py into a fresh temporary folder and returns it.
    static func generate(models: Int) throws -> String {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("swiftdbt-gen-\(UUID().uuidString)").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", script, "--flavour", "swiftdbt", "-n", String(models), "--out", out, "--ticks", "100"]
        p.standardOutput = Pipe()
        p.standardError = Pipe()
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw FileSystemError(path: script, reason: "exited \(p.terminationStatus)") }
        return out
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: script)))
    func fiftyModelsLoadWithoutDiagnostics() throws {
        let root = try Self.generate(models: 50)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let loader = ProjectLoader(fileSystem: LocalFileSystem(), adapters: ProfilesTests.adapters)
        var bag = DiagnosticBag()
        let config = try #require(loader.loadConfig(root: root, diagnostics: &bag))
        let project = loader.load(root: root, config: config, render: { text, _, _ in text }, diagnostics: &bag)
        #expect(bag.diagnostics.isEmpty, "\(DiagnosticRenderer().render(bag.diagnostics))")
        #expect(project.models.count == 50)
        #expect(project.properties.sources.isEmpty == false)
        let bronze = project.models.filter { $0.folders == ["bronze"] }
        #expect(!bronze.isEmpty)
        #expect(bronze.allSatisfy { NodeConfig(config.models.config(for: $0.folders + [$0.name])).materialized == "view" })
    }
}
