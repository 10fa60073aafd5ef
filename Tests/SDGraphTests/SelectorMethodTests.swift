import SDBasics
import Testing

@testable import SDGraph

/// Methods, graph operators and set operators as documented at docs.getdbt.com (reference/node-selection:
/// syntax, methods, graph-operators, set-operators). Indirect selection is off here so each case shows
/// exactly what the criterion selects; `IndirectSelectionTests` covers tests joining a selection.
@Suite struct SelectorMethodTests {
    static let gold: Set<String> = [
        "gold_latest_price_v2", "gold_latest_price_v2_grouped", "gold_grouped_avg_daily", "gold_grouped_returns",
    ]
    static let goldFolder = gold.union(["unique_gold_grouped_returns_id", "relationships_avg_daily_symbols"])
    static let returnsAncestors: Set<String> = [
        "gold_grouped_returns", "gold_grouped_avg_daily", "silver_daily_close", "silver_symbols", "bronze_ticks",
        "calendar", "ticks_enriched_v2", "symbols", "symbol_groups",
    ]
    static let tests: Set<String> = [
        "not_null_bronze_ticks_symbol", "source_not_null_lake_ticks", "unique_gold_grouped_returns_id",
        "relationships_avg_daily_symbols", "assert_returns_bounded",
    ]

    static let cases: [(String, Set<String>)] = [
        // fqn (the default method): a name, or a prefix of the fqn with or without the package.
        ("gold_grouped_returns", ["gold_grouped_returns"]),
        ("gold", gold),
        ("rtsa.gold", gold),
        ("fqn:rtsa.gold.gold_grouped_returns", ["gold_grouped_returns"]),
        ("fqn:gold", gold),
        ("utils", ["calendar"]),
        ("utils.calendar", ["calendar"]),
        ("silver.*", ["silver_daily_close", "silver_symbols"]),
        ("gold_*", gold),
        ("gold_latest_price_v2*", ["gold_latest_price_v2", "gold_latest_price_v2_grouped"]),
        ("gold_grouped_????_daily", []),
        ("gold_grouped_???_daily", ["gold_grouped_avg_daily"]),
        ("gold_grouped_[ar]*", ["gold_grouped_avg_daily", "gold_grouped_returns"]),
        ("gold_grouped_[!a]*", ["gold_grouped_returns"]),
        ("*", RTSAFixture.allNames),
        // path: a file or folder relative to the project root, with globs.
        // Generic tests live in the YAML file that declares them, so a folder selects them too, as in dbt.
        ("path:models/gold", goldFolder),
        ("path:models/gold/", goldFolder),
        ("path:./models/gold", goldFolder),
        ("models/gold", goldFolder),
        ("path:models/gold/*", goldFolder),
        ("path:models/gold/*.sql", gold),
        ("path:models/*/gold_*.sql", gold),
        ("path:models/**/gold_grouped_*.sql", ["gold_grouped_avg_daily", "gold_grouped_returns"]),
        ("path:models/gold/gold_grouped_returns.sql", ["gold_grouped_returns"]),
        ("models/gold/gold_grouped_returns.sql", ["gold_grouped_returns"]),
        ("path:models/gold/schema.yml", ["unique_gold_grouped_returns_id", "relationships_avg_daily_symbols"]),
        ("path:seeds", ["symbol_groups"]),
        ("path:tests", ["assert_returns_bounded"]),
        ("path:models/gol", []),
        // file: the file name, with or without its extension.
        ("file:gold_grouped_returns.sql", ["gold_grouped_returns"]),
        ("file:gold_grouped_returns", ["gold_grouped_returns"]),
        ("gold_grouped_returns.sql", ["gold_grouped_returns"]),
        ("symbol_groups.csv", ["symbol_groups"]),
        ("file:gold_latest_*.sql", ["gold_latest_price_v2", "gold_latest_price_v2_grouped"]),
        // tag.
        ("tag:gold", gold),
        ("tag:nightly", ["silver_daily_close", "gold_latest_price_v2"]),
        ("tag:fin*", ["gold_grouped_returns"]),
        (
            "tag:*",
            [
                "ticks_enriched_v2", "symbols", "bronze_ticks", "silver_daily_close", "silver_symbols",
                "gold_latest_price_v2", "gold_latest_price_v2_grouped", "gold_grouped_avg_daily",
                "gold_grouped_returns",
            ]
        ),
        // config.<key>: strings and list items as globs, booleans, numbers, nested keys.
        ("config.materialized:table", ["silver_daily_close", "silver_symbols", "gold_grouped_returns"]),
        ("config.materialized:incr*", ["gold_latest_price_v2"]),
        ("config.meta.owner:alice", ["gold_grouped_returns"]),
        ("config.contract_enforced:true", ["gold_grouped_returns"]),
        ("config.contract_enforced:True", ["gold_grouped_returns"]),
        ("config.contract_enforced:false", []),
        ("config.partitioned_by:dt", ["gold_grouped_avg_daily", "gold_grouped_returns"]),
        ("config.partitioned_by:sym*", ["gold_grouped_returns"]),
        ("config.threads:4", ["gold_grouped_returns"]),
        ("config.threads:4.0", ["gold_grouped_returns"]),
        // source: source, source.table, package.source.table.
        ("source:lake", ["ticks_enriched_v2", "symbols"]),
        ("source:lake.ticks_enriched_v2", ["ticks_enriched_v2"]),
        ("source:lake.tick*", ["ticks_enriched_v2"]),
        ("source:rtsa.lake.*", ["ticks_enriched_v2", "symbols"]),
        ("source:*", ["ticks_enriched_v2", "symbols"]),
        ("source:other.lake.symbols", []),
        // resource_type, test_type (with dbt's legacy names), test_name, package, exposure.
        ("resource_type:seed", ["symbol_groups"]),
        ("resource_type:source", ["ticks_enriched_v2", "symbols"]),
        ("resource_type:exposure", ["returns_dashboard"]),
        ("resource_type:test", tests),
        ("test_type:generic", tests.subtracting(["assert_returns_bounded"])),
        ("test_type:schema", tests.subtracting(["assert_returns_bounded"])),
        ("test_type:singular", ["assert_returns_bounded"]),
        // dbt 1.8+: `data` is every data test, generic and singular (unit tests are not data tests).
        ("test_type:data", tests),
        ("test_type:unit", []),
        ("test_name:not_null", ["not_null_bronze_ticks_symbol", "source_not_null_lake_ticks"]),
        ("test_name:rel*", ["relationships_avg_daily_symbols"]),
        ("package:utils", ["calendar"]),
        ("package:rtsa", RTSAFixture.allNames.subtracting(["calendar"])),
        ("package:u*", ["calendar"]),
        ("exposure:returns_dashboard", ["returns_dashboard"]),
        ("exposure:*", ["returns_dashboard"]),
        // Graph operators.
        ("+gold_grouped_returns", returnsAncestors),
        ("1+gold_grouped_returns", ["gold_grouped_returns", "gold_grouped_avg_daily"]),
        (
            "2+gold_grouped_returns",
            [
                "gold_grouped_returns", "gold_grouped_avg_daily", "silver_daily_close", "silver_symbols",
            ]
        ),
        ("0+gold_grouped_returns", ["gold_grouped_returns"]),
        (
            "gold_grouped_avg_daily+",
            [
                "gold_grouped_avg_daily", "gold_grouped_returns", "returns_dashboard",
                "relationships_avg_daily_symbols",
                "unique_gold_grouped_returns_id", "assert_returns_bounded",
            ]
        ),
        (
            "gold_grouped_avg_daily+1",
            [
                "gold_grouped_avg_daily", "gold_grouped_returns", "relationships_avg_daily_symbols",
            ]
        ),
        (
            "+gold_grouped_returns+",
            returnsAncestors.union([
                "returns_dashboard", "unique_gold_grouped_returns_id", "assert_returns_bounded",
            ])
        ),
        (
            "1+gold_grouped_avg_daily+1",
            [
                "gold_grouped_avg_daily", "silver_daily_close", "silver_symbols", "gold_grouped_returns",
                "relationships_avg_daily_symbols",
            ]
        ),
        (
            "@silver_symbols",
            RTSAFixture.allNames.subtracting([
                "not_null_bronze_ticks_symbol", "source_not_null_lake_ticks",
            ])
        ),
        (
            "@gold_grouped_returns",
            returnsAncestors.union([
                "returns_dashboard", "unique_gold_grouped_returns_id", "assert_returns_bounded",
                "gold_latest_price_v2",
            ])
        ),
        (
            "+tag:nightly",
            [
                "silver_daily_close", "gold_latest_price_v2", "bronze_ticks", "calendar", "ticks_enriched_v2",
            ]
        ),
        ("+source:lake", ["ticks_enriched_v2", "symbols"]),
        (
            "source:lake+1",
            [
                "ticks_enriched_v2", "symbols", "bronze_ticks", "silver_symbols", "source_not_null_lake_ticks",
            ]
        ),
        ("+exposure:returns_dashboard", returnsAncestors.union(["returns_dashboard"])),
        ("+path:models/gold/gold_grouped_returns.sql", returnsAncestors),
        // Set operators: space is a union, comma an intersection.
        ("tag:nightly,gold", ["gold_latest_price_v2"]),
        ("tag:gold tag:nightly", gold.union(["silver_daily_close"])),
        ("tag:gold,config.materialized:table", ["gold_grouped_returns"]),
        ("gold,+gold_grouped_returns", ["gold_grouped_returns", "gold_grouped_avg_daily"]),
        ("+gold_grouped_returns,tag:silver", ["silver_daily_close", "silver_symbols"]),
        ("tag:nightly,tag:gold,config.materialized:incremental", ["gold_latest_price_v2"]),
        ("  symbol_groups\tcalendar  ", ["symbol_groups", "calendar"]),
        ("tag:nightly,tag:finance", []),
    ]

    @Test(arguments: cases)
    func selects(input: String, expected: Set<String>) {
        let result = RTSAFixture.selector.select([input], indirectSelection: .empty)
        #expect(!result.hasErrors, "\(DiagnosticRenderer().render(result.diagnostics))")
        #expect(RTSAFixture.names(result) == expected, "selector \(input)")
        // A criterion that selects nothing warns instead of failing, like dbt.
        #expect(result.diagnostics.contains { $0.severity == .warning } == expected.isEmpty)
    }

    @Test func repeatedSelectValuesFormAUnion() {
        let result = RTSAFixture.selector.select(["tag:nightly", "symbol_groups"], indirectSelection: .empty)
        #expect(RTSAFixture.names(result) == ["silver_daily_close", "gold_latest_price_v2", "symbol_groups"])
    }

    @Test func packageThisNamesTheRootPackage() {
        let selector = NodeSelector(graph: RTSAFixture.graph, rootPackage: "utils")
        let result = selector.select(["package:this"])
        #expect(result.uniqueIds == ["model.utils.calendar"])
        #expect(RTSAFixture.selector.select(["package:this"]).uniqueIds.isEmpty, "no root package given")
    }

    @Test func noSelectValuesSelectEverything() {
        let result = RTSAFixture.selector.select([])
        #expect(RTSAFixture.names(result) == RTSAFixture.allNames)
        #expect(result.diagnostics.isEmpty)
    }

    static let exclusions: [(select: [String], exclude: [String], expected: Set<String>)] = [
        (
            ["gold"], ["gold_latest_price_v2_grouped"],
            [
                "gold_latest_price_v2", "gold_grouped_avg_daily", "gold_grouped_returns",
            ]
        ),
        (["+gold_grouped_returns"], ["source:*"], returnsAncestors.subtracting(["ticks_enriched_v2", "symbols"])),
        (
            ["+gold_grouped_returns"], ["resource_type:source", "package:utils"],
            returnsAncestors.subtracting([
                "ticks_enriched_v2", "symbols", "calendar",
            ])
        ),
        (["gold"], ["tag:nightly,tag:gold"], gold.subtracting(["gold_latest_price_v2"])),
        (
            ["gold"], ["+gold_grouped_avg_daily"],
            [
                "gold_latest_price_v2", "gold_latest_price_v2_grouped", "gold_grouped_returns",
            ]
        ),
        // Exclusion is eager: tests of excluded nodes go too, the test of bronze_ticks stays.
        (
            [], ["gold", "silver", "tag:lake"],
            [
                "calendar", "bronze_ticks", "symbol_groups", "returns_dashboard", "not_null_bronze_ticks_symbol",
            ]
        ),
    ]

    @Test(arguments: exclusions)
    func excludes(select: [String], exclude: [String], expected: Set<String>) {
        let result = RTSAFixture.selector.select(select, exclude: exclude, indirectSelection: .empty)
        #expect(RTSAFixture.names(result) == expected, "select \(select) exclude \(exclude)")
    }

    @Test func selectionIsInTopologicalOrder() {
        let result = RTSAFixture.selector.select(["+gold_grouped_returns"], indirectSelection: .empty)
        let position = Dictionary(uniqueKeysWithValues: result.uniqueIds.enumerated().map { ($1, $0) })
        for id in result.uniqueIds {
            for parent in RTSAFixture.graph.parents(of: id) {
                if let p = position[parent], let c = position[id] { #expect(p < c, "\(parent) before \(id)") }
            }
        }
        #expect(result.uniqueIds == RTSAFixture.graph.topologicalOrder.filter(result.contains))
        #expect(result.uniqueIds.last == "model.rtsa.gold_grouped_returns")
    }

    static let commandScopes: [(String, Set<ResourceType>, Set<String>)] = [
        ("run", .run, returnsAncestors.subtracting(["ticks_enriched_v2", "symbols", "symbol_groups"])),
        ("seed", .seed, ["symbol_groups"]),
        (
            "build", .build,
            returnsAncestors.subtracting(["ticks_enriched_v2", "symbols"]).union([
                "unique_gold_grouped_returns_id", "assert_returns_bounded", "not_null_bronze_ticks_symbol",
                "relationships_avg_daily_symbols", "source_not_null_lake_ticks",
            ])
        ),
        (
            "test", .test,
            [
                "unique_gold_grouped_returns_id", "assert_returns_bounded", "not_null_bronze_ticks_symbol",
                "relationships_avg_daily_symbols", "source_not_null_lake_ticks",
            ]
        ),
    ]

    /// `run` keeps models, `seed` seeds, `test` tests and `build` all three; tests join through eager
    /// indirect selection before the filter, so `test -s +x` runs the tests of x's ancestors too.
    @Test(arguments: commandScopes)
    func commandsKeepTheirResourceTypes(command: String, types: Set<ResourceType>, expected: Set<String>) {
        let result = RTSAFixture.selector.select(["+gold_grouped_returns"], resourceTypes: types)
        #expect(RTSAFixture.names(result) == expected, "\(command)")
    }
}
