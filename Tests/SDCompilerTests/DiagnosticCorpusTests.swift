import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDProject
import SDStreaming
import SDTestSupport
import Testing

/// One broken mini-project under Projects/<name>/, with its golden diagnostics.txt and an optional
/// case.yml (target, vars, select, exclude, env, expect).
struct DiagnosticCase: CustomTestStringConvertible, Sendable {
    var name: String
    var dir: String
    var target: String?
    var vars: String?
    var select: [String] = []
    var exclude: [String] = []
    var env: [String: String] = [:]
    /// `error` (the compile must fail) or `warning` (it must succeed with warnings).
    var expect = "error"

    var testDescription: String { name }

    /// Every case folder, sorted, so the parameterized test lists them stably.
    static let all: [DiagnosticCase] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: TestPaths.projectsDir)) ?? []
        return names.sorted().compactMap { name in
            let dir = TestPaths.projectsDir + "/" + name
            guard LocalFileSystem().isDirectory(dir) else { return nil }
            return DiagnosticCase(name: name, dir: dir)
        }
    }()

    init(name: String, dir: String) {
        self.name = name
        self.dir = dir
        guard let text = try? LocalFileSystem().readFile(dir + "/case.yml") else { return }
        let (node, _) = YAMLNode.parse(SourceFile(path: "case.yml", text: text))
        guard let node else { return }
        target = node["target"]?.string
        vars = node["vars"]?.string
        select = node["select"]?.items?.compactMap(\.string) ?? node["select"]?.string.map { [$0] } ?? []
        exclude = node["exclude"]?.items?.compactMap(\.string) ?? []
        for (k, v) in node["env"]?.entries ?? [] {
            if let ks = k.string, let vs = v.string { env[ks] = vs }
        }
        expect = node["expect"]?.string ?? "error"
    }
}

@Suite("diagnostics corpus")
struct DiagnosticCorpusTests {
    static let runStartedAt = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    /// What the pipeline reports for a case, rendered as the CLI renders it without colour: the
    /// compile with streaming/ joined to the DAG (as the CLI's Session does), then, when it
    /// compiled, every seed CSV read as `swiftdbt seed` reads it before loading.
    static func run(_ c: DiagnosticCase) -> (compiled: Bool, text: String, fileSystem: RootedFileSystem) {
        let fs = RootedFileSystem(base: c.dir)
        var environment = ["HOME": "/home/analyst"]
        for (k, v) in c.env { environment[k] = v }
        let pipeline = ProjectPipeline(
            root: ".", targetName: c.target, varsText: c.vars, environment: environment,
            fileSystem: fs, adapters: builtinAdapters)
        var bag = DiagnosticBag()
        let streaming: ProjectPipeline.ExtraNodes = { loaded, options, bag in
            guard !loaded.project.streamingFiles.isEmpty else { return }
            guard
                let project = StreamingProject.load(
                    loaded.project, cliVars: loaded.cliVars, environment: environment,
                    diagnostics: &bag)
            else { return }
            let lineage = StreamingLineage(project, packageName: loaded.project.name)
            options.extraNodes = lineage.nodes
            options.extraParents = lineage.parents
        }
        let result = pipeline.compile(
            select: c.select, exclude: c.exclude, runStartedAt: runStartedAt,
            invocationId: "00000000-0000-0000-0000-000000000000", extraNodes: streaming,
            diagnostics: &bag)
        if let (compiled, _) = result { readSeeds(compiled, fs, &bag) }
        return (result != nil && !bag.hasErrors, DiagnosticRenderer(colour: false).render(bag.diagnostics), fs)
    }

    /// Reads each seed's CSV with its `column_types`, in path order, as swiftdbt's seed loading does.
    static func readSeeds(_ compiled: CompiledProject, _ fs: RootedFileSystem, _ bag: inout DiagnosticBag) {
        let seeds = compiled.nodes.values.filter { $0.resourceType == .seed }.sorted { $0.originalFilePath < $1.originalFilePath }
        for seed in seeds {
            guard let text = try? fs.readFile(seed.originalFilePath) else {
                bag.error("cannot read seed file", path: seed.originalFilePath)
                continue
            }
            var types: [String: String] = [:]
            if case .object(let o) = seed.config["column_types"] ?? .null {
                for (k, v) in o { if let s = v.stringValue { types[k] = s } }
            }
            _ = SeedReader.read(path: seed.originalFilePath, text: text, columnTypes: types, diagnostics: &bag)
        }
    }

    @Test("corpus has enough cases") func corpusSize() {
        #expect(DiagnosticCase.all.count >= 100)
    }

    @Test(arguments: DiagnosticCase.all)
    func diagnostics(_ c: DiagnosticCase) {
        let (compiled, text, fs) = Self.run(c)
        #expect(!text.isEmpty, "a corpus case must report something")
        switch c.expect {
        case "warning": #expect(compiled, "a warning-only case must still compile")
        default: #expect(!compiled, "a broken case must not compile")
        }
        #expect(fs.writes.isEmpty, "the pipeline must not write: \(fs.writes)")
        Golden.check(text, against: c.dir + "/diagnostics.txt")
    }
}
