import SDBasics
import Testing

@testable import SDProject

/// project.yml `models:` blocks resolved by folder, as dbt_project.yml's are
/// (https://docs.getdbt.com/reference/model-configs, "Configuring directories of models").
@Suite("project.yml folder configs")
struct FolderConfigTreeTests {
    static func parse(_ yaml: String) -> (ProjectConfig?, [Diagnostic]) {
        var bag = DiagnosticBag()
        let c = ProjectConfig.parse(SourceFile(path: "project.yml", text: yaml), configKeys: ProfilesTests.adapters.configKeys, diagnostics: &bag)
        return (c, bag.diagnostics)
    }

    static func config(_ yaml: String, _ path: [String]) throws -> NodeConfig {
        let (c, diags) = parse(yaml)
        #expect(diags.isEmpty, "\(DiagnosticRenderer().render(diags))")
        return NodeConfig(try #require(c).models.config(for: path))
    }

    @Test func projectNameLevelIsOptional() throws {
        let with = try Self.config("name: shop\nmodels:\n  shop:\n    marts:\n      +materialized: table\n", ["marts", "orders"])
        let without = try Self.config("name: shop\nmodels:\n  marts:\n    +materialized: table\n", ["marts", "orders"])
        #expect(with.materialized == "table")
        #expect(without.materialized == "table")
        let elsewhere = try Self.config("name: shop\nmodels:\n  marts:\n    +materialized: table\n", ["staging", "x"])
        #expect(elsewhere.materialized == "view")
    }

    @Test func plusAndBareKeysAreBothConfigs() throws {
        let yaml = """
            name: shop
            models:
              shop:
                materialized: view
                marts:
                  +materialized: table
                  schema: analytics
                  finance:
                    materialized: incremental
            """
        let finance = try Self.config(yaml, ["marts", "finance", "revenue"])
        #expect(finance.materialized == "incremental")
        #expect(finance.string("schema") == "analytics")
        let marts = try Self.config(yaml, ["marts", "orders"])
        #expect(marts.materialized == "table")
        #expect(try Self.config(yaml, ["staging", "stg"]).materialized == "view")
    }

    @Test func deeperLevelWinsAndALevelMayNameAFile() throws {
        let yaml = "name: shop\nmodels:\n  marts:\n    +materialized: table\n    orders:\n      +materialized: view\n"
        #expect(try Self.config(yaml, ["marts", "orders"]).materialized == "view")
        #expect(try Self.config(yaml, ["marts", "customers"]).materialized == "table")
    }

    @Test func tagsAccumulateDownTheTree() throws {
        let yaml = """
            name: shop
            models:
              +tags: nightly
              marts:
                +tags: ["marts", "nightly"]
                finance:
                  +tags: [finance]
            """
        #expect(try Self.config(yaml, ["marts", "finance", "revenue"]).tags == ["finance", "marts", "nightly"])
        #expect(try Self.config(yaml, ["staging", "x"]).tags == ["nightly"])
    }

    @Test func metaMergesKeyByKey() throws {
        let yaml = """
            name: shop
            models:
              shop:
                +meta: {owner: data, tier: 2}
                marts:
                  meta:
                    tier: 1
                    pii: false
            """
        let c = try Self.config(yaml, ["marts", "orders"])
        #expect(c["meta"] == .object(["owner": "data", "tier": 1, "pii": false]))
    }

    @Test func unknownKeysWarnWithDidYouMean() throws {
        let (c, diags) = Self.parse("name: shop\nmodels:\n  marts:\n    +materialised: table\n    schema_name: x\n")
        #expect(c != nil)
        let rendered = DiagnosticRenderer().render(diags)
        #expect(diags.count == 2)
        #expect(diags.allSatisfy { $0.severity == .warning })
        #expect(rendered.contains("project.yml:4:5: warning: unknown config key 'materialised'"))
        #expect(rendered.contains("note: did you mean 'materialized'?"))
        #expect(rendered.contains("project.yml:5:5: warning: unknown config key 'schema_name'"))
    }

    @Test func unusedFolderPathsAreListed() throws {
        let (c, _) = Self.parse("name: shop\nmodels:\n  marts:\n    +materialized: table\n  stagng:\n    +materialized: view\n")
        let unused = try #require(c).models.unusedPaths(used: [[], ["marts"], ["marts", "orders"]])
        #expect(unused.map(\.path) == [["stagng"]])
        #expect(unused.first?.range.start == Loc(line: 5, column: 3))
    }

    @Test func topLevelKeysAndDefaults() throws {
        let (c, diags) = Self.parse("name: shop\nmodel-path: [src]\n")
        let config = try #require(c)
        #expect(config.profile == "shop", "profile defaults to the project name")
        #expect(config.modelPaths == ["models"])
        #expect(config.targetPath == "target")
        #expect(diags.count == 1)
        #expect(DiagnosticRenderer().render(diags).contains("note: did you mean 'model-paths'?"))
    }

    @Test func missingNameIsAnError() {
        let (c, diags) = Self.parse("profile: shop\n")
        #expect(c == nil)
        #expect(diags.map(\.message) == ["project.yml is missing required key 'name'"])
    }

    /// A folder named like a mapping-valued config (models/docs/) was read as the `docs` config.
    @Test func folderNamedLikeAMappingConfig() throws {
        let yaml = "name: shop\nmodels:\n  docs:\n    +materialized: table\n  marts:\n    docs: {show: false}\n"
        #expect(try Self.config(yaml, ["docs", "pages"]).materialized == "table")
        let marts = try Self.config(yaml, ["marts", "orders"])
        #expect(marts["docs"] == .object(["show": false]), "a bare mapping without + keys is still the config")
    }
}
