import Foundation
import SDAthena
import SDBasics
import SDCompiler
import SDEngine
import SDProject
import Testing

/// A target type that exists only here: what docs/adapters.md walks through, to prove that a new
/// target is one `Adapter` plus one registry entry. It reads one required key, has one model config
/// of its own, refuses tables at compile, and its engine keeps what it was asked to build.
struct ToyAdapter: Adapter {
    var typeName: String { "toy" }
    var displayName: String { "Toy" }
    var settingKeys: [TargetSetting] { [TargetSetting("host", required: true), TargetSetting("port", .integer), TargetSetting("schema")] }
    var configKeys: [TargetSetting] { [TargetSetting("toy_sort"), TargetSetting("toy_options", .mapping)] }
    func defaultLocation(_ settings: [String: JSONValue]) -> (schema: String, database: String) {
        (settings["schema"]?.stringValue ?? "public", "toy")
    }
    func validate(_ node: NodeCheck) -> [Diagnostic] {
        node.materialization == .table ? [node.error("materialized", "the toy target builds views only (model '\(node.name)')")] : []
    }
    func makeEngine(_ context: EngineContext) throws -> any Engine { ToyEngine() }
}

/// Keeps the SQL of every build; everything else is refused, as a toy database would.
final class ToyEngine: Engine, @unchecked Sendable {
    private let lock = NSLock()
    private var built: [String] = []
    var statements: [String] { lock.withLock { built } }

    func existingRelations(schemas: [String]) async throws -> [Relation: RelationKind] { [:] }
    func build(_ node: CompiledNode, options: BuildOptions, log: StatementLog) async throws -> AdapterResponse {
        lock.withLock { built.append(node.compiledCode) }
        return AdapterResponse()
    }
    func loadSeed(_ node: CompiledNode, table: SeedTable, options: BuildOptions, log: StatementLog) async throws -> AdapterResponse {
        throw EngineError(.database, "toy has no seeds")
    }
    func runTest(_ node: CompiledNode, sql: String, sampleLimit: Int, log: StatementLog) async throws -> TestOutcome {
        throw EngineError(.database, "toy has no tests")
    }
    func query(_ sql: String, limit: Int?) async throws -> QueryResult { QueryResult(columns: [], rows: []) }
    func interrupt() async {}
    func close() async {}
}

@Suite("adapter seam")
struct AdapterSeamTests {
    static let profile = "shop:\n  target: t\n  outputs:\n    t:\n      type: toy\n      host: db.example\n"

    static func compile(_ files: [String: String], adapters: AdapterRegistry) throws -> (CompiledProject?, [Diagnostic]) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftdbt-toy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        var all = files
        all["project.yml"] = all["project.yml"] ?? "name: shop\nprofile: shop\n"
        all["profiles.yml"] = all["profiles.yml"] ?? profile
        for (path, text) in all {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let pipeline = ProjectPipeline(root: ".", environment: [:], fileSystem: RootedFileSystem(base: dir.path), adapters: adapters.registry)
        var bag = DiagnosticBag()
        let result = pipeline.compile(runStartedAt: Date(timeIntervalSince1970: 0), invocationId: "toy", diagnostics: &bag)
        return (result?.0, bag.diagnostics)
    }

    /// Registered, the toy type loads, dispatches its own macros (`toy__…`), compiles and builds.
    @Test func aTestOnlyAdapterCompilesAndBuildsAProject() async throws {
        let registry = AdapterRegistry([ToyAdapter()])
        let (compiled, diags) = try Self.compile(
            [
                "macros/m.sql": "<< macro default__now() ->>now()<<- endmacro >><< macro toy__now() ->>toy_now()<<- endmacro >>",
                "models/orders.sql": "select << now() >> as at, '<< target.type >>' as t from << ref('base') >>\n",
                "models/base.sql": "select 1 as id\n",
            ], adapters: registry)
        #expect(diags.isEmpty, "\(DiagnosticRenderer().render(diags))")
        let project = try #require(compiled)
        #expect(project.target.type == "toy")
        #expect(project.target.schema == "public" && project.target.database == "toy")
        let orders = try #require(project.node(named: "orders"))
        #expect(orders.compiledCode == "select toy_now() as at, 'toy' as t from \"toy\".\"public\".\"base\"\n")

        let adapter = try #require(registry.adapter(for: project.target))
        let context = EngineContext(
            target: project.target, projectRoot: ".", environment: [:], fileSystem: LocalFileSystem(),
            invocationId: "toy")
        let engine = try #require(try adapter.makeEngine(context) as? ToyEngine)
        _ = try await engine.build(orders, options: BuildOptions(), log: StatementLog())
        #expect(engine.statements == [orders.compiledCode])
    }

    /// The adapter's keys, its required key and its model check reach the user as positioned findings.
    @Test func theAdaptersKeysAndChecksArePositioned() throws {
        let (_, diags) = try Self.compile(
            [
                "profiles.yml": "shop:\n  target: t\n  outputs:\n    t:\n      type: toy\n      port: high\n      hots: x\n",
                "models/orders.sql": "select 1 as id\n",
            ], adapters: AdapterRegistry([ToyAdapter()]))
        let text = DiagnosticRenderer().render(diags)
        #expect(text.contains("profiles.yml:6:13: error: toy target setting 'port' must be an integer, found 'high'"), "\(text)")
        #expect(text.contains("profiles.yml:7:7: warning: unknown toy target setting 'hots'"), "\(text)")
        #expect(text.contains("note: did you mean 'host'?"), "\(text)")
        #expect(text.contains("profiles.yml:4:5: error: toy target 't' is missing required setting 'host'"), "\(text)")

        let (_, modelDiags) = try Self.compile(
            ["models/orders.sql": "<< config(materialized='table') >>\nselect 1 as id\n"],
            adapters: AdapterRegistry([ToyAdapter()]))
        #expect(DiagnosticRenderer().render(modelDiags).contains("models/orders.sql:1:24: error: the toy target builds views only (model 'orders')"))
    }

    /// Model config keys are the registered adapters' (plus dbt's general ones): the toy's own keys pass in
    /// project.yml (a mapping-valued one is a config, not a folder), property files and `config()`, while
    /// Athena's `table_type` is unknown when Athena is not registered.
    @Test func configKeysComeFromTheRegisteredAdapters() throws {
        let files = [
            "project.yml": "name: shop\nprofile: shop\nmodels:\n  toy_options: {a: 1}\n  +toy_sort: id\n",
            "models/orders.sql": "<< config(toy_sort='id', table_type='hive') >>\nselect 1 as id\n",
            "models/_p.yml": "models:\n  - name: orders\n    config: {toy_sort: id, format: orc}\n",
        ]
        let (compiled, diags) = try Self.compile(files, adapters: AdapterRegistry([ToyAdapter()]))
        let warnings = diags.filter { $0.severity == .warning }.map(\.message)
        #expect(warnings.sorted() == ["unknown config key 'format'", "unknown config key 'table_type'"], "\(warnings)")
        let orders = try #require(compiled?.node(named: "orders"))
        #expect(orders.config["toy_options"] == .object(["a": .int(1)]))
        #expect(orders.config["toy_sort"] == .string("id"))

        let (_, withAthena) = try Self.compile(files, adapters: AdapterRegistry([ToyAdapter(), AthenaAdapter()]))
        #expect(withAthena.filter { $0.severity == .warning }.isEmpty, "\(DiagnosticRenderer().render(withAthena))")
    }

    /// Quoting, literals and seed types default to standard SQL; a target overrides what differs.
    @Test func standardSpellingsByDefault() {
        let toy = ToyAdapter()
        #expect(toy.quote("odd\"name") == "\"odd\"\"name\"")
        #expect(toy.literal(.string("it's")) == "'it''s'")
        #expect(toy.literal(.int(3)) == "3" && toy.literal(.bool(false)) == "false" && toy.literal(.null) == "null")
        #expect(toy.sqlType(.integer) == "BIGINT")
    }

    /// Without its registry line the type is unknown, and the error lists what is registered.
    @Test func anUnregisteredTypeIsAPositionedError() throws {
        let (compiled, diags) = try Self.compile(["models/orders.sql": "select 1 as id\n"], adapters: AdapterRegistry([]))
        #expect(compiled == nil)
        let (_, builtin) = try Self.compile(
            ["models/orders.sql": "select 1 as id\n"],
            adapters: AdapterRegistry(builtinAdapters.adapters.compactMap { $0 as? any Adapter }))
        let text = DiagnosticRenderer().render(builtin)
        #expect(text.contains("profiles.yml:5:13: error: unknown target type 'toy'"), "\(text)")
        #expect(text.contains("hint: swiftdbt supports: duckdb, athena"), "\(text)")
        #expect(diags.first?.message == "unknown target type 'toy'")
    }
}
