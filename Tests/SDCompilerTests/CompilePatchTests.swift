import Foundation
import SDBasics
import Testing

@testable import SDCompiler

/// The one-edit compile (CompilePatch.swift) must leave exactly the bytes a full compile of the same
/// files leaves, and must refuse (fall back to the full compile) whenever the edit could reach beyond
/// the edited model. Each test compiles twice: once through the patch, once from nothing in a copy.
@Suite("compile patch")
struct CompilePatchTests {
    static let files: [String: String] = [
        "project.yml": "name: shop\nprofile: shop\nvars:\n  min_total: 10\nmodels:\n  shop:\n    marts:\n      materialized: table\n",
        "profiles.yml": "shop:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: target/shop.duckdb\n",
        "macros/cents.sql": "<< macro cents(col) >>(<< col >> * 100)<< endmacro >>\n",
        "models/orders.sql": "select 1 as id, 20 as total, '<< env_var('SHOP_REGION', 'eu') >>' as region\n",
        "models/customers.sql": "select 1 as id, 'ann' as name\n",
        "models/stg_eph.sql": "<< config(materialized='ephemeral') >>\nselect 1 as id\n",
        "models/marts/big_orders.sql":
            "select id, << cents('total') >> as cents from << ref('orders') >> where total > << var('min_total') >>\n",
        "models/marts/from_eph.sql": "select * from << ref('stg_eph') >>\n",
        "models/props.yml":
            "version: 2\nmodels:\n  - name: orders\n    description: 'All orders.'\n    columns:\n      - name: id\n        tests: [not_null, unique]\n",
    ]

    enum Outcome: Equatable {
        case hit
        case patched([String])
        case full(String)

        var isFull: Bool {
            if case .full = self { return true }
            return false
        }
    }

    /// What `swiftdbt compile` does (CompileCommand): the cache, then the patch, then the full compile
    /// with its cache record and index.
    static func compile(_ dir: String, environment: [String: String] = [:]) throws -> Outcome {
        var pipeline = ProjectPipeline(root: dir, environment: environment, fileSystem: LocalFileSystem(), adapters: builtinAdapters)
        pipeline.stamp = { FileStamp.local($0) }
        let key = pipeline.cacheKey(select: [], exclude: [], indirectSelection: "eager")
        var bag = DiagnosticBag()
        if pipeline.cachedCompile(key: key, version: "test", diagnostics: &bag).summary != nil { return .hit }
        let why: String
        switch pipeline.patchCompile(key: key, version: "test", runStartedAt: Date(timeIntervalSince1970: 0), invocationId: "x") {
        case .patched(_, let models): return .patched(models)
        case .fullCompile(let reason): why = reason
        }
        try full(&pipeline, key: key)
        return .full(why)
    }

    static func full(_ pipeline: inout ProjectPipeline, key: [String]) throws {
        let inputs = CompileInputs(stamp: { FileStamp.local($0) })
        pipeline.inputs = inputs
        var bag = DiagnosticBag()
        guard let loaded = pipeline.load(diagnostics: &bag) else { throw DiagnosticError(bag.diagnostics) }
        let options = CompileOptions(
            target: loaded.target, profileName: loaded.profileName, cliVars: loaded.cliVars, environment: pipeline.environment,
            runStartedAt: Date(timeIntervalSince1970: 0), invocationId: "x")
        let compiler = Compiler(project: loaded.project, options: options)
        guard var compiled = compiler.parse(diagnostics: &bag), !bag.hasErrors else { throw DiagnosticError(bag.diagnostics) }
        let ids = pipeline.select(compiled, select: [], exclude: [], types: [.model, .test, .analysis], diagnostics: &bag)
        compiler.render(&compiled, ids: Set(ids), diagnostics: &bag)
        guard !bag.hasErrors else { throw DiagnosticError(bag.diagnostics) }
        var outputs = try pipeline.writeCompiled(compiled, ids: ids, version: "test")
        let target = compiled.project.config.targetPath
        if let index = try pipeline.saveCompileIndex(compiled, compiler: compiler, targetPath: target) { outputs.append(index) }
        try pipeline.saveCache(
            inputs: inputs, key: key, version: "test", outputs: outputs, summary: "compiled", targetPath: target,
            cacheable: bag.diagnostics.isEmpty)
    }

    /// Every file a compile leaves under target/ but the cache's own, by path.
    static func outputs(_ dir: String) throws -> [String: String] {
        var out: [String: String] = [:]
        let base = dir + "/target"
        for rel in try LocalFileSystem().listFiles(under: base)
        where rel != CompileCache.fileName && !rel.hasSuffix(".duckdb") {
            out[rel] = try String(contentsOfFile: base + "/" + rel, encoding: .utf8)
        }
        return out
    }

    /// The outputs a full compile of `dir`'s current files leaves, in a fresh copy.
    static func fromScratch(_ dir: String, environment: [String: String] = [:]) throws -> [String: String] {
        let copy = dir + "-scratch"
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: dir, toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try? FileManager.default.removeItem(atPath: copy + "/target")
        #expect(try compile(copy, environment: environment).isFull)
        return try outputs(copy)
    }

    static func project() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftdbt-patch-\(UUID().uuidString)").path
        for (path, text) in files { try CompileCacheTests.write(dir, path, text) }
        return dir
    }

    @Test func editingAModelsBodyPatchesTheSameBytesAFullCompileWrites() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try Self.compile(dir).isFull)
        try CompileCacheTests.write(
            dir, "models/marts/big_orders.sql",
            "-- totals in cents\nselect id, << cents('total') >> as cents, 1 as one from << ref('orders') >> where total > << var('min_total') >>\n")
        #expect(try Self.compile(dir) == .patched(["model.shop.big_orders"]))
        let patched = try Self.outputs(dir)
        #expect(patched["compiled/shop/models/marts/big_orders.sql"]?.contains("1 as one") == true)
        #expect(patched == (try Self.fromScratch(dir)))
        // The record was brought up to date: nothing changed since is a hit, and a second edit patches again.
        #expect(try Self.compile(dir) == .hit)
        try CompileCacheTests.write(dir, "models/orders.sql", "select 1 as id, 25 as total, '<< env_var('SHOP_REGION', 'eu') >>' as region\n")
        try CompileCacheTests.write(dir, "models/customers.sql", "select 2 as id, 'bob' as name\n")
        #expect(try Self.compile(dir) == .patched(["model.shop.customers", "model.shop.orders"]))
        #expect(try Self.outputs(dir) == (try Self.fromScratch(dir)))
    }

    /// Each of these edits can change more than the edited model's own text, so the full compile runs,
    /// and its outputs are still those of a compile from nothing.
    @Test(
        arguments: [
            ("a ref is added", "models/marts/big_orders.sql", "select * from << ref('orders') >> join << ref('customers') >> using (id)\n"),
            ("the config changes", "models/orders.sql", "<< config(materialized='table') >>\nselect 1 as id, 20 as total, 'x' as region\n"),
            ("it reads another var", "models/customers.sql", "select << var('min_total') >> as id, 'ann' as name\n"),
            ("it calls a macro", "models/customers.sql", "select << cents('1') >> as id, 'ann' as name\n"),
            (
                "a property file", "models/props.yml",
                "version: 2\nmodels:\n  - name: orders\n    description: 'Orders.'\n    columns:\n      - name: id\n        tests: [not_null, unique]\n"
            ),
            ("a macro", "macros/cents.sql", "<< macro cents(col) >>(<< col >> * 1000)<< endmacro >>\n"),
            ("an ephemeral model", "models/stg_eph.sql", "<< config(materialized='ephemeral') >>\nselect 2 as id\n"),
            ("a model reading an ephemeral one", "models/marts/from_eph.sql", "select id from << ref('stg_eph') >>\n"),
            ("a new model", "models/refunds.sql", "select 1 as id\n"),
            ("it names the clock", "models/customers.sql", "-- run_started_at\nselect 1 as id, 'ann' as name\n"),
            ("it names another env var", "models/customers.sql", "-- env_var('SHOP_OTHER')\nselect 1 as id, 'ann' as name\n"),
            ("control: a comment is added", "models/customers.sql", "select 1 as id, 'ann' as name -- fine\n"),
        ] as [(String, String, String)])
    func anEditThatCanReachFurtherCompilesEverything(what: String, path: String, text: String) throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try Self.compile(dir).isFull)
        try CompileCacheTests.write(dir, path, text)
        let outcome = try Self.compile(dir)
        if what.hasPrefix("control") {
            // A plain body edit: the control case, which must patch.
            #expect(outcome == .patched(["model.shop.customers"]))
        } else {
            guard case .full = outcome else {
                Issue.record("\(what): \(outcome) instead of a full compile")
                return
            }
        }
        #expect(try Self.outputs(dir) == (try Self.fromScratch(dir)), "\(what)")
    }

    @Test func anEditThatFailsToRenderIsReportedByTheFullCompile() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try Self.compile(dir)
        try CompileCacheTests.write(dir, "models/customers.sql", "select << nope() >> as id\n")
        #expect(throws: DiagnosticError.self) { try Self.compile(dir) }
    }

    @Test func aDamagedOrEditedIndexIsNeverUsed() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try Self.compile(dir)
        let index = dir + "/target/" + CompileIndex.fileName
        let text = try String(contentsOfFile: index, encoding: .utf8)
        try text.replacingOccurrences(of: "\"id\"", with: "\"di\"").write(toFile: index, atomically: false, encoding: .utf8)
        try CompileCacheTests.write(dir, "models/customers.sql", "select 3 as id, 'cy' as name\n")
        guard case .full = try Self.compile(dir) else {
            Issue.record("an edited index was used")
            return
        }
        #expect(try Self.outputs(dir) == (try Self.fromScratch(dir)))
    }

    @Test func anEnvironmentVariableTheModelReadsStillInvalidatesEverything() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try Self.compile(dir, environment: ["SHOP_REGION": "us"])
        try CompileCacheTests.write(dir, "models/customers.sql", "select 4 as id, 'di' as name\n")
        guard case .full = try Self.compile(dir, environment: ["SHOP_REGION": "apac"]) else {
            Issue.record("an env var change was patched")
            return
        }
        #expect(try Self.outputs(dir) == (try Self.fromScratch(dir, environment: ["SHOP_REGION": "apac"])))
    }

    /// The patched manifest is written as the bytes read with the edited entries' values in their
    /// place, piece by piece: the same bytes as the edits applied to a copy, whatever the piece size,
    /// in whatever order the edits come; overlapping edits are refused.
    @Test func editsAreWrittenAroundTheBytesAsRead() throws {
        let bytes = Array("0123456789abcdefghij".utf8)
        let edits = [
            ManifestPatch.Edit(range: 12..<15, value: Array("XY".utf8)),
            ManifestPatch.Edit(range: 0..<1, value: Array("<start>".utf8)),
            ManifestPatch.Edit(range: 5..<5, value: Array("+".utf8)),
            ManifestPatch.Edit(range: 18..<20, value: []),
        ]
        var expected = bytes
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            expected.replaceSubrange(edit.range, with: edit.value)
        }
        #expect(String(decoding: expected, as: UTF8.self) == "<start>1234+56789abXYfgh")
        for size in [1, 2, 3, 7, 100] {
            let stream = try #require(ManifestPatch.stream(FileBytes(bytes), edits: edits, pieceSize: size))
            var out: [UInt8] = []
            while let batch = stream.next() {
                for piece in batch {
                    #expect(piece.count <= max(size, 7), "a piece of \(piece.count) bytes at size \(size)")
                    out += piece
                }
            }
            #expect(out == expected, "piece size \(size)")
        }
        #expect(ManifestPatch.stream(FileBytes(bytes), edits: edits + [ManifestPatch.Edit(range: 13..<16, value: [])]) == nil)
    }
}
