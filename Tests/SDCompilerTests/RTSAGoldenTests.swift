import Foundation
import SDBasics
import SDCompiler
import SDTestSupport
import Testing

struct CompileFailed: Error { var diagnostics: String }

/// The RTSA example at the package root, compiled for both targets and pinned by golden SQL.
@Suite("RTSA compiled SQL")
struct RTSAGoldenTests {
    static let runStartedAt = Date(timeIntervalSince1970: 1_767_225_600)
    static let invocationId = "11111111-2222-3333-4444-555555555555"
    /// profiles.yml is git-ignored; the example is what a user copies, so compile with it.
    static func fileSystem() throws -> RootedFileSystem {
        let example = try LocalFileSystem().readFile(Repository.root + "/profiles.example.yml")
        return RootedFileSystem(base: Repository.root, overlay: ["profiles.yml": example])
    }

    static func compile(target: String) throws -> CompiledProject {
        let pipeline = ProjectPipeline(
            root: ".", targetName: target, environment: ["HOME": "/home/analyst"],
            fileSystem: try fileSystem(), adapters: builtinAdapters)
        var bag = DiagnosticBag()
        let result = pipeline.compile(runStartedAt: runStartedAt, invocationId: invocationId, diagnostics: &bag)
        let rendered = DiagnosticRenderer().render(bag.diagnostics)
        #expect(bag.diagnostics.isEmpty, "RTSA must compile cleanly:\n\(rendered)")
        // Unwrapped by hand: `#require` on an optional tuple crashed the test process (Swift 6.3, Linux).
        guard let (compiled, _) = result else { throw CompileFailed(diagnostics: rendered) }
        return compiled
    }

    @Test(arguments: [("local", "duckdb"), ("dev", "athena")])
    func compiledSQL(target: String, kind: String) throws {
        let compiled = try Self.compile(target: target)
        #expect(compiled.target.type == kind)
        let models = compiled.nodes.values.filter { $0.resourceType == .model }.sorted { $0.name < $1.name }
        #expect(models.count == 7)
        let dir = TestPaths.goldenDir + "/rtsa/\(kind)"
        for m in models {
            #expect(!m.compiledCode.isEmpty, "\(m.name) has no SQL")
            Golden.check(m.compiledCode.hasSuffix("\n") ? m.compiledCode : m.compiledCode + "\n", against: "\(dir)/\(m.name).sql")
        }
        // No stale goldens for models that no longer exist.
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        #expect(Set(files) == Set(models.map { "\($0.name).sql" } + ["tests"]))
        // Data tests compile for each target too (generic and singular).
        let tests = compiled.nodes.values.filter { $0.resourceType == .test }.sorted { $0.name < $1.name }
        #expect(tests.count >= 40)
        for t in tests {
            #expect(!t.compiledCode.isEmpty, "\(t.name) has no SQL")
            Golden.check(t.compiledCode.hasSuffix("\n") ? t.compiledCode : t.compiledCode + "\n", against: "\(dir)/tests/\(t.name).sql")
        }
        let testFiles = (try? FileManager.default.contentsOfDirectory(atPath: dir + "/tests")) ?? []
        #expect(Set(testFiles) == Set(tests.map { "\($0.name).sql" }))
    }

    @Test func ephemeralParentIsInlinedAsCTE() throws {
        let compiled = try Self.compile(target: "local")
        let daily = try #require(compiled.node(named: "silver_daily_close"))
        #expect(daily.compiledCode.contains("__dbt__cte__silver_ticks_grouped as ("))
        #expect(daily.compiledCode.contains("from __dbt__cte__silver_ticks_grouped"))
        // The ephemeral model builds no relation of its own: nothing refers to its table name.
        let eph = try #require(compiled.node(named: "silver_ticks_grouped"))
        #expect(eph.materialized == "ephemeral")
        #expect(!daily.compiledCode.contains("\"silver_ticks_grouped\""))
        // Its own refs resolved to real relations inside the CTE.
        #expect(daily.compiledCode.contains("\"bronze_ticks\""))
    }

    @Test func dateMacroDispatchesOnTargetType() throws {
        let duck = try #require(try Self.compile(target: "local").node(named: "gold_grouped_returns"))
        let athena = try #require(try Self.compile(target: "dev").node(named: "gold_grouped_returns"))
        // duckdb__dateadd_days uses to_days; athena__dateadd_days uses Trino's date_add('day', …).
        #expect(duck.compiledCode.contains("to_days("))
        #expect(!duck.compiledCode.contains("date_add('day'"))
        #expect(athena.compiledCode.contains("date_add('day', -7, d.trade_date)"))
        #expect(!athena.compiledCode.contains("to_days("))
    }

    @Test(arguments: ["local", "dev"])
    func manifestIsByteStableWithDbtV12Shape(target: String) throws {
        let a = Manifest.document(
            try Self.compile(target: target), version: "0.1.0", invocationId: Self.invocationId,
            generatedAt: nil
        ).serialized()
        let b = Manifest.document(
            try Self.compile(target: target), version: "0.1.0", invocationId: Self.invocationId,
            generatedAt: nil
        ).serialized()
        #expect(a == b)
        #expect(a.hasSuffix("\n"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(a.utf8)) as? [String: Any])
        // Top-level keys of dbt's manifest v12 (https://schemas.getdbt.com/dbt/manifest/v12.json).
        for key in [
            "metadata", "nodes", "sources", "macros", "docs", "exposures", "metrics", "groups", "selectors",
            "disabled", "parent_map", "child_map", "group_map", "saved_queries", "semantic_models", "unit_tests",
        ] {
            #expect(json[key] != nil, "manifest lacks '\(key)'")
        }
        let metadata = try #require(json["metadata"] as? [String: Any])
        #expect(metadata["dbt_schema_version"] as? String == "https://schemas.getdbt.com/dbt/manifest/v12.json")
        #expect(metadata["invocation_id"] as? String == Self.invocationId)
        let nodes = try #require(json["nodes"] as? [String: Any])
        #expect(nodes["model.rtsa.gold_grouped_returns"] != nil)
        #expect(nodes["seed.rtsa.symbol_groups"] != nil)
        let sources = try #require(json["sources"] as? [String: Any])
        #expect(sources.keys.contains { $0.hasPrefix("source.rtsa.") })
        let parents = try #require(json["parent_map"] as? [String: [String]])
        #expect(parents["model.rtsa.silver_daily_close"]?.contains("model.rtsa.silver_ticks_grouped") == true)
        let children = try #require(json["child_map"] as? [String: [String]])
        #expect(children["model.rtsa.silver_ticks_grouped"] == ["model.rtsa.silver_daily_close"])
        // The dashboard exposure, in dbt's shape, downstream of the gold models it reads.
        let exposures = try #require(json["exposures"] as? [String: [String: Any]])
        let dashboard = try #require(exposures["exposure.rtsa.technology_vs_defense_dashboard"])
        #expect(dashboard["type"] as? String == "dashboard")
        let dependsOn = try #require(dashboard["depends_on"] as? [String: [String]])
        #expect(dependsOn["nodes"]?.contains("model.rtsa.gold_grouped_returns") == true)
    }
}
