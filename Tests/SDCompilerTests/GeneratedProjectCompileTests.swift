import Foundation
import SDBasics
import SDCompiler
import Testing

/// The benchmark generator's 50-model project compiles with no diagnostic at all.
@Suite("generated project compiles")
struct GeneratedProjectCompileTests {
    /// The repository's own generator (bench/gen_project.py), so a fresh clone runs this test too.
    static let script: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("bench/gen_project.py").path
    }()

    @Test(.enabled(if: FileManager.default.fileExists(atPath: script)))
    func fiftyModelsCompileClean() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("swiftdbt-gen-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Self.script, "--flavour", "swiftdbt", "-n", "50", "--out", out, "--ticks", "100"]
        p.standardOutput = Pipe()
        p.standardError = Pipe()
        try p.run()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0)

        let fs = RootedFileSystem(base: out)
        let pipeline = ProjectPipeline(root: ".", environment: ["HOME": "/home/analyst"], fileSystem: fs, adapters: builtinAdapters)
        var bag = DiagnosticBag()
        let result = pipeline.compile(runStartedAt: Date(timeIntervalSince1970: 0), invocationId: "gen", diagnostics: &bag)
        #expect(bag.diagnostics.isEmpty, "\(DiagnosticRenderer().render(bag.diagnostics))")
        guard let (compiled, selected) = result else { return }
        let models = compiled.nodes.values.filter { $0.resourceType == .model }
        #expect(models.count == 50)
        // With no --select every model (and, where the compiler makes them, every data test) is selected.
        let runnable = compiled.nodes.values.filter { $0.resourceType == .model || $0.resourceType == .test }.map(\.uniqueId)
        #expect(Set(selected) == Set(runnable))
        #expect(models.allSatisfy { !$0.compiledCode.isEmpty && !$0.compiledCode.contains("<<") })
        #expect(fs.writes.isEmpty)
    }
}
