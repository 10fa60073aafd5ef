import Foundation
import Testing

@testable import SDBasics
@testable import SDCompiler

/// What a compile keeps in memory (issue 20: a 100k-model compile held 1.55 GB): each source file
/// once, as bytes; no line table nobody asked for; source maps made while they are written. The
/// outputs must not change, so every check here also compares what a reader sees.
@Suite("compile memory")
struct CompileMemoryTests {
    @Test func aSourceFileBuildsItsLineTableOnlyWhenAPositionIsAsked() {
        let text = "\u{FEFF}select 1,\r\n  'é' as x\nfrom t"
        let file = SourceFile(path: "models/m.sql", text: text)
        #expect(!file.hasLineTable)
        #expect(file.text == text)
        #expect(file.utf8 == Array(text.utf8))
        // Line 1 starts after the byte order mark; 'é' is two bytes but one column.
        let from = file.utf8.count - "from t".utf8.count
        #expect(file.location(of: from) == SourceLocation(line: 3, column: 1))
        #expect(file.hasLineTable)
        #expect(file.location(of: 3) == SourceLocation(line: 1, column: 1))
        let x = Array(file.utf8).firstIndex(of: UInt8(ascii: "x")) ?? -1
        #expect(file.location(of: x) == SourceLocation(line: 2, column: 10))
        #expect(file.offset(line: 2, column: 10) == x)
        #expect(file.line(1) == "select 1,")
        #expect(file.line(2) == "  'é' as x")
        #expect(file.lineStarts == [0, 14, 26])
    }

    static let files: [String: String] = [
        "models/base.sql": "select 1 as id\n",
        "models/orders.sql": "-- orders\nselect id from << ref('base') >>\n",
        "models/_props.yml": "version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: id\n        tests: [not_null]\n",
    ]

    @Test func aModelReadsItsRawCodeFromItsFile() throws {
        let (compiled, diags) = try CompilerRegressionTests.compile(Self.files)
        #expect(diags.isEmpty, "\(diags)")
        var orders = try #require(compiled?.node(named: "orders"))
        #expect(!orders.holdsOwnRawCode)
        #expect(orders.rawCode == Self.files["models/orders.sql"])
        let manifest = try #require(compiled.map { Manifest.baseNodeJSON(orders, compiled: $0) })
        #expect(manifest["raw_code"] == .string(Self.files["models/orders.sql"] ?? ""))
        let checksum = SHA256Digest.hex(Array((Self.files["models/orders.sql"] ?? "").utf8))
        #expect(manifest["checksum"] == .object(["name": "sha256", "checksum": .string(checksum)]))
        // A raw code set later (snapshots rewrite theirs) is the node's own; the file is unchanged.
        orders.rawCode = "select 2"
        #expect(orders.holdsOwnRawCode && orders.rawCode == "select 2")
        orders.withRawCodeBytes { #expect(Array($0) == Array("select 2".utf8)) }
        #expect(orders.file?.text == Self.files["models/orders.sql"])
    }

    @Test func sourceMapsAreWrittenEntryByEntryWithTheSameBytes() throws {
        var files: [String: String] = [:]
        for i in 0..<(ManifestWriter.parallelThreshold + 4) { files["models/m\(i).sql"] = "select \(i) as id -- << 'm' ~ \(i) >>\n" }
        let (compiled, diags) = try CompilerRegressionTests.compile(files)
        #expect(diags.isEmpty, "\(diags)")
        let project = try #require(compiled)
        let document = Manifest.sourceMaps(project)
        guard case .entries(let ids, _, _) = document.members["source_maps"] else {
            Issue.record("the maps of \(files.count) models are made whole before the file is written")
            return
        }
        #expect(ids.count == files.count)
        // The whole tree, as it was made before: the file must keep its bytes.
        var maps: [String: JSONValue] = [:]
        for (id, n) in project.nodes where !n.sourceMap.segments.isEmpty {
            maps[id] = Manifest.sourceMapJSON(n.sourceMap, codeBytes: n.compiledCode.utf8.count)
        }
        let whole: JSONValue = .object(["source_map_version": 1, "source_maps": .object(maps)])
        #expect(ManifestWriter.serialize(document) == whole.serialized())
    }

    /// CompilePatchTests' project written to `dir`, loaded, parsed and rendered without a finding.
    static func rendered(in dir: String) throws -> (ProjectPipeline, ProjectPipeline.Loaded, Compiler, CompiledProject) {
        for (path, text) in CompilePatchTests.files { try LocalFileSystem().writeFile(dir + "/" + path, text) }
        let pipeline = ProjectPipeline(root: dir, environment: [:], fileSystem: LocalFileSystem(), adapters: builtinAdapters)
        var bag = DiagnosticBag()
        let loaded = try #require(pipeline.load(diagnostics: &bag))
        let options = CompileOptions(
            target: loaded.target, profileName: loaded.profileName, cliVars: loaded.cliVars, environment: [:],
            runStartedAt: Date(timeIntervalSince1970: 0), invocationId: "x")
        let compiler = Compiler(project: loaded.project, options: options)
        var compiled = try #require(compiler.parse(diagnostics: &bag))
        compiler.render(&compiled, ids: nil, diagnostics: &bag)
        #expect(!bag.hasErrors)
        return (pipeline, loaded, compiler, compiled)
    }

    @Test func theCompileIndexIsWrittenABatchOfModelsAtATimeWithTheSameBytes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftdbt-mem-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (pipeline, loaded, compiler, compiled) = try Self.rendered(in: dir)
        _ = try pipeline.writeCompiled(compiled, ids: compiled.graph.topologicalOrder, version: "test")
        let path = try #require(try pipeline.saveCompileIndex(compiled, compiler: compiler, targetPath: "target"))
        let written = try LocalFileSystem().readFile(path)

        func batches(_ size: Int) throws -> [String] {
            let stream = try #require(CompileIndex.stream(compiled, compiler: compiler, batchSize: size))
            var out: [String] = []
            while let batch = stream.next() { out.append(String(decoding: batch.joined(), as: UTF8.self)) }
            return out
        }
        let one = try batches(1)
        let all = try batches(10_000)
        #expect(all.count == 1)
        #expect(one.joined() == written && all.joined() == written)
        // The magic line, one line per model that can be patched, `end`.
        let lines = written.split(separator: "\n").map(String.init)
        #expect(lines.first == CompileIndex.magic && lines.last == "end")
        #expect(lines.count >= 4)
        // A batch holds the lines of its own models only: never the whole index at once.
        #expect(one.count == loaded.project.models.count)
        #expect(one.allSatisfy { $0.split(separator: "\n").filter { $0 != "end" && $0 != CompileIndex.magic }.count <= 1 })
    }

    /// `swiftdbt compile` drops the parsed templates after the render: every file written after it
    /// (compiled SQL, manifest, source maps, compile index) must come out the same without them.
    @Test func whatIsWrittenAfterTheRenderDoesNotNeedTheTemplates() throws {
        func compile(releasing: Bool) throws -> [String: String] {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftdbt-mem-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let (pipeline, _, compiler, rendered) = try Self.rendered(in: dir)
            var compiled = rendered
            if releasing {
                compiled.releaseTemplates()
                #expect(compiled.templates.isEmpty)
            }
            _ = try pipeline.writeCompiled(compiled, ids: compiled.graph.topologicalOrder, version: "test")
            _ = try pipeline.saveCompileIndex(compiled, compiler: compiler, targetPath: "target")
            var out: [String: String] = [:]
            for rel in try LocalFileSystem().listFiles(under: dir + "/target") {
                out[rel] = try LocalFileSystem().readFile(dir + "/target/" + rel).replacingOccurrences(of: dir, with: "DIR")
            }
            return out
        }
        let kept = try compile(releasing: false)
        #expect(kept.keys.contains("manifest.json") && kept.keys.contains(CompileIndex.fileName))
        #expect(try compile(releasing: true) == kept)
    }
}
