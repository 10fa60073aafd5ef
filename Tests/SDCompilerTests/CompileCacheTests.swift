import Foundation
import SDBasics
import Testing

@testable import SDCompiler

/// The compile cache under target/ is never trusted blindly: every kind of input a compile reads
/// invalidates it, an unused environment variable does not, and a damaged or foreign file is noted
/// and ignored. Correctness only; its speed is measured by bench/compile.sh.
@Suite("compile cache")
struct CompileCacheTests {
    static let files: [String: String] = [
        "project.yml": "name: shop\nprofile: shop\nvars:\n  min_total: 10\n",
        "profiles.yml": "shop:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: target/shop.duckdb\n",
        "macros/cents.sql": "<< macro cents(col) >>(<< col >> * 100)<< endmacro >>\n",
        "models/orders.sql": "select 1 as id, 20 as total, '<< env_var('SHOP_REGION', 'eu') >>' as region\n",
        "models/big_orders.sql": "select id, << cents('total') >> as cents from << ref('orders') >> where total > << var('min_total') >>\n",
        "models/props.yml": "version: 2\nmodels:\n  - name: orders\n    description: 'All orders.'\n",
    ]

    /// A fresh project folder on the real disk (stamps are real `stat` results).
    static func project(_ extra: [String: String] = [:]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftdbt-cache-\(UUID().uuidString)").path
        for (path, text) in files.merging(extra, uniquingKeysWith: { _, b in b }) { try write(dir, path, text) }
        return dir
    }

    static func write(_ dir: String, _ path: String, _ text: String) throws {
        let url = URL(fileURLWithPath: dir + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: false, encoding: .utf8)
    }

    struct Outcome {
        var hit: Bool
        var miss: CompileCache.Miss?
        var diagnostics: [Diagnostic]
    }

    /// What `swiftdbt compile` does (CompileCommand): look in the cache; on a miss load, compile,
    /// write and record what was read and written.
    static func compile(_ dir: String, environment: [String: String] = [:], vars: String? = nil, version: String = "test")
        throws -> Outcome
    {
        var pipeline = ProjectPipeline(root: dir, varsText: vars, environment: environment, fileSystem: LocalFileSystem(), adapters: builtinAdapters)
        pipeline.stamp = { FileStamp.local($0) }
        let key = pipeline.cacheKey(select: [], exclude: [], indirectSelection: "eager")
        var bag = DiagnosticBag()
        let (summary, miss) = pipeline.cachedCompile(key: key, version: version, diagnostics: &bag)
        if summary != nil { return Outcome(hit: true, miss: nil, diagnostics: bag.diagnostics) }
        let inputs = CompileInputs(stamp: { FileStamp.local($0) })
        pipeline.inputs = inputs
        var compileBag = DiagnosticBag()
        let result = pipeline.compile(runStartedAt: Date(timeIntervalSince1970: 0), invocationId: "x", diagnostics: &compileBag)
        let (compiled, ids) = try #require(result, "\(DiagnosticRenderer().render(compileBag.diagnostics))")
        let outputs = try pipeline.writeCompiled(compiled, ids: ids, version: version)
        try pipeline.saveCache(
            inputs: inputs, key: key, version: version, outputs: outputs, summary: "compiled",
            targetPath: compiled.project.config.targetPath, cacheable: compileBag.diagnostics.isEmpty)
        return Outcome(hit: false, miss: miss, diagnostics: bag.diagnostics + compileBag.diagnostics)
    }

    static func isStale(_ miss: CompileCache.Miss?) -> Bool {
        if case .stale = miss { return true }
        return false
    }

    @Test func nothingChangedIsAHit() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try Self.compile(dir)
        #expect(!first.hit)
        #expect(first.miss == .absent)
        let second = try Self.compile(dir)
        #expect(second.hit)
        #expect(second.diagnostics.isEmpty)
    }

    /// Each edit of an input the compile read makes the next compile a miss, which compiles the new
    /// text and records it, so the one after is a hit again.
    @Test(
        arguments: [
            ("macro", "macros/cents.sql", "<< macro cents(col) >>(<< col >> * 1000)<< endmacro >>\n", "* 1000"),
            ("project.yml var", "project.yml", "name: shop\nprofile: shop\nvars:\n  min_total: 99\n", "> 99"),
            ("property file", "models/props.yml", "version: 2\nmodels:\n  - name: orders\n    description: 'Orders, all.'\n", nil),
            ("model", "models/orders.sql", "select 2 as id, 30 as total, 'x' as region\n", "select 2 as id"),
            ("new model", "models/refunds.sql", "select 1 as id\n", nil),
            (
                "profiles.yml", "profiles.yml",
                "shop:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: target/shop.duckdb\n      schema: sales\n", nil
            ),
        ] as [(String, String, String, String?)])
    func editingAnInputInvalidates(what: String, path: String, text: String, expected: String?) throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try Self.compile(dir)
        #expect(try Self.compile(dir).hit)
        try Self.write(dir, path, text)
        let edited = try Self.compile(dir)
        #expect(!edited.hit, "editing the \(what) did not invalidate the cache")
        #expect(Self.isStale(edited.miss))
        if let expected {
            let compiled =
                try String(contentsOfFile: dir + "/target/compiled/shop/models/big_orders.sql", encoding: .utf8)
                + String(contentsOfFile: dir + "/target/compiled/shop/models/orders.sql", encoding: .utf8)
            #expect(compiled.contains(expected), "the recompile did not pick up the \(what)")
        }
        #expect(try Self.compile(dir).hit)
    }

    @Test func cliVarsAndTheEnvironmentAModelReadsInvalidate() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try Self.compile(dir, environment: ["SHOP_REGION": "us"])
        #expect(try Self.compile(dir, environment: ["SHOP_REGION": "us"]).hit)
        // A variable no file names changes nothing.
        #expect(try Self.compile(dir, environment: ["SHOP_REGION": "us", "UNRELATED": "1"]).hit)
        // The one orders.sql reads does, and so does unsetting it.
        #expect(!(try Self.compile(dir, environment: ["SHOP_REGION": "apac"]).hit))
        let sql = try String(contentsOfFile: dir + "/target/compiled/shop/models/orders.sql", encoding: .utf8)
        #expect(sql.contains("'apac' as region"))
        #expect(!(try Self.compile(dir, environment: [:]).hit))
        #expect(!(try Self.compile(dir, environment: [:], vars: "{min_total: 5}").hit))
        #expect(try Self.compile(dir, environment: [:], vars: "{min_total: 5}").hit)
    }

    /// The cache keeps a hash of each variable's value, never the value: a credential read through
    /// env_var (in profiles.yml, say) must not land in target/ in clear.
    @Test func environmentValuesAreNotStoredInClear() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try Self.compile(dir, environment: ["SHOP_REGION": "value-that-must-not-leak"])
        let cache = try String(contentsOfFile: dir + "/target/" + CompileCache.fileName, encoding: .utf8)
        #expect(cache.contains("env\tSHOP_REGION\t="))
        #expect(!cache.contains("value-that-must-not-leak"))
        #expect(try Self.compile(dir, environment: ["SHOP_REGION": "value-that-must-not-leak"]).hit)
    }

    @Test func aChangedOrDeletedOutputIsRewritten() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try Self.compile(dir)
        let path = dir + "/target/compiled/shop/models/orders.sql"
        let original = try String(contentsOfFile: path, encoding: .utf8)
        try FileManager.default.removeItem(atPath: path)
        #expect(!(try Self.compile(dir).hit))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == original)
        try FileManager.default.removeItem(atPath: dir + "/target/manifest.json")
        #expect(!(try Self.compile(dir).hit))
        #expect(FileManager.default.fileExists(atPath: dir + "/target/manifest.json"))
    }

    @Test(arguments: ["garbage\n", "", "truncated"])
    func aCorruptCacheIsIgnoredWithANote(damage: String) throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try Self.compile(dir)
        let cachePath = dir + "/target/" + CompileCache.fileName
        let good = try String(contentsOfFile: cachePath, encoding: .utf8)
        let text = damage == "truncated" ? String(good.prefix(good.count / 2)) : damage
        try text.write(toFile: cachePath, atomically: false, encoding: .utf8)
        let outcome = try Self.compile(dir)
        #expect(!outcome.hit)
        let notes = outcome.diagnostics.filter { $0.severity == .note && $0.message.contains("ignoring the compile cache") }
        #expect(notes.count == 1, "\(outcome.diagnostics.map(\.message))")
        #expect(try Self.compile(dir).hit, "the compile after a corrupt cache records a good one")
    }

    @Test func aCacheFromAnotherVersionIsIgnoredWithANote() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try Self.compile(dir, version: "0.0.1")
        let outcome = try Self.compile(dir, version: "0.0.2")
        #expect(!outcome.hit)
        #expect(outcome.diagnostics.contains { $0.message.contains("written by swiftdbt 0.0.1, this is 0.0.2") })
    }

    @Test func aModelReadingRunStartedAtIsNeverCached() throws {
        let dir = try Self.project(["models/stamped.sql": "select '<< run_started_at >>' as at\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try Self.compile(dir)
        let again = try Self.compile(dir)
        #expect(!again.hit)
        #expect(again.miss == .absent)
    }

    @Test func scanFindsLiteralEnvironmentNamesAndFlagsTheRest() {
        let literal = CompileInputs.scan("select '<< env_var('A') >>', << env_var( \"B\" , 'x') >>")
        #expect(literal.names == ["A", "B"])
        #expect(!literal.dynamic)
        #expect(CompileInputs.scan("<< env_var(name) >>").dynamic)
        #expect(CompileInputs.scan("<< invocation_id >>").volatile)
        #expect(!CompileInputs.scan("select 1").volatile)
    }
}
