import Foundation
import SDBasics
import SDGraph
import SDTestSupport
import Testing

@testable import SDCompiler

/// The fingerprint `state:` compares (StateComparison.swift), computed from two compiles of a
/// project in memory: what must count as a change, and what must not.
@Suite("state comparison")
struct StateComparisonTests {
    static let files: [String: String] = [
        "project.yml": "name: shop\nprofile: shop\nvars:\n  min_total: 10\n",
        "profiles.yml": "shop:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: shop.duckdb\n",
        "macros/cents.sql": "<< macro cents(col) >><< times_hundred(col) >><< endmacro >>\n",
        "macros/times.sql": "<< macro times_hundred(col) >>(<< col >> * 100)<< endmacro >>\n",
        "macros/unused.sql": "<< macro unused() >>1<< endmacro >>\n",
        "models/orders.sql": "select 1 as id, 20 as total, '<< env_var('SHOP_REGION', 'eu') >>' as region\n",
        "models/cents.sql": "select << cents('total') >> as c from << ref('orders') >>\n",
        "models/big.sql": "select * from << ref('orders') >> where total > << var('min_total') >>\n",
    ]

    /// The manifest document of one compile of `files` with `edits` over it.
    static func manifest(_ edits: [String: String] = [:], vars: String? = nil, environment: [String: String] = [:]) throws -> JSONValue {
        let fs = MemoryFileSystem(files.merging(edits) { _, b in b })
        let pipeline = ProjectPipeline(root: ".", varsText: vars, environment: environment, fileSystem: fs, adapters: builtinAdapters)
        var bag = DiagnosticBag()
        let result = pipeline.compile(runStartedAt: Date(timeIntervalSince1970: 0), invocationId: "x", diagnostics: &bag)
        let (compiled, _) = try #require(result, "\(DiagnosticRenderer().render(bag.diagnostics))")
        return Manifest.document(compiled, version: "test", invocationId: "x", generatedAt: nil)
    }

    /// Changed parts by model name.
    static func changes(_ edits: [String: String] = [:], vars: String? = nil, environment: [String: String] = [:]) throws
        -> [String: Set<StateChange>]
    {
        let states = StateComparison.compare(current: try manifest(edits, vars: vars, environment: environment), previous: try manifest())
        var out: [String: Set<StateChange>] = [:]
        for (id, parts) in states.changes { out[String(id.split(separator: ".").last ?? "")] = parts }
        return out
    }

    @Test func formattingAndUnrelatedMacrosAreNoChange() throws {
        #expect(try Self.changes() == [:])
        let reformatted = "-- orders\nselect 1 as id,\n   20 as total, /* x */ '<< env_var('SHOP_REGION', 'eu') >>' as region <<# note #>>\n"
        #expect(try Self.changes(["models/orders.sql": reformatted, "macros/unused.sql": "<< macro unused() >>2<< endmacro >>\n"]) == [:])
        // Quoted text is kept as written: two spaces inside a string are a real change.
        #expect(
            try Self.changes(["models/orders.sql": "select 1 as id, 20 as total, '<< env_var('SHOP_REGION', 'e  u') >>' as region\n"])
                == ["orders": [.body]])
    }

    @Test func aMacroCalledThroughAnotherIsAChange() throws {
        #expect(try Self.changes(["macros/times.sql": "<< macro times_hundred(col) >>(<< col >> * 100.0)<< endmacro >>\n"]) == ["cents": [.macros]])
    }

    /// The host's own globals (`var`, `ref`, `config`, …) shadow a project macro of the same name,
    /// so the capture records only the names it does not answer (NodeHost.global): a macro that a
    /// render can never call is no dependency, and editing it modifies nothing.
    @Test func aMacroShadowedByAContextGlobalIsNoDependency() throws {
        let shadow = ["macros/var.sql": "<< macro var(name) >>0<< endmacro >>\n"]
        let document = try Self.manifest(shadow)
        #expect(document["nodes"]?["model.shop.big"]?["depends_on"]?["macros"] == [])
        #expect(document["nodes"]?["model.shop.cents"]?["depends_on"]?["macros"] == ["macro.shop.cents", "macro.shop.times_hundred"])
        let states = StateComparison.compare(
            current: try Self.manifest(["macros/var.sql": "<< macro var(name) >>1<< endmacro >>\n"]), previous: document)
        #expect(states.changes.isEmpty)
    }

    @Test func varsAndEnvVarsReadAreBodyChanges() throws {
        #expect(try Self.changes(vars: "{min_total: 5}") == ["big": [.body]])
        #expect(try Self.changes(environment: ["SHOP_REGION": "us"]) == ["orders": [.body]])
        // A var nobody reads changes nothing.
        #expect(try Self.changes(vars: "{other: 1}") == [:])
    }

    @Test func normalisationKeepsQuotedText() {
        #expect(StateComparison.normalised("select  a,\n\tb -- c\nfrom t /* d */") == "select a, b from t")
        #expect(StateComparison.normalised("select '--  not a comment'") == "select '--  not a comment'")
    }
}
