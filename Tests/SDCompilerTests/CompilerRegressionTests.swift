import Foundation
import SDBasics
import SDCompiler
import Testing

/// Valid projects that once failed to compile or compiled wrongly; each test names the bug.
@Suite("compiler regressions")
struct CompilerRegressionTests {
    /// Writes a small project (with a duckdb profile) to a temporary folder and compiles it.
    static func compile(_ files: [String: String], environment: [String: String] = [:], vars: String? = nil) throws
        -> (CompiledProject?, String)
    {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftdbt-reg-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        var all = files
        all["project.yml"] = all["project.yml"] ?? "name: shop\nprofile: shop\n"
        all["profiles.yml"] =
            all["profiles.yml"]
            ?? "shop:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: target/shop.duckdb\n"
        for (path, text) in all {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let pipeline = ProjectPipeline(
            root: ".", varsText: vars, environment: environment,
            fileSystem: RootedFileSystem(base: dir.path), adapters: builtinAdapters)
        var bag = DiagnosticBag()
        let result = pipeline.compile(runStartedAt: Date(timeIntervalSince1970: 0), invocationId: "x", diagnostics: &bag)
        return (result.map { $0.0 }, DiagnosticRenderer().render(bag.diagnostics))
    }

    /// `this` was undefined during the capture render, so `<< this.schema >>` failed with
    /// "'this' is undefined" although it is valid in dbt and renders fine in the real pass.
    @Test func thisAttributesAtTopLevel() throws {
        let (compiled, diags) = try Self.compile([
            "models/orders.sql": "<< config(schema='marts') >>select '<< this.schema >>' as s, '<< this.identifier >>' as i\n"
        ])
        #expect(diags.isEmpty, "\(diags)")
        let sql = try #require(compiled?.node(named: "orders")).compiledCode
        #expect(sql.contains("select 'main_marts' as s, 'orders' as i"))
    }

    /// dbt's default generate_schema_name: a custom schema is appended to the target's
    /// (`<target schema>_<custom>`), as dbt-athena does; `schema_concatenation: false` on the
    /// target keeps the custom schema as written.
    @Test func customSchemaIsAppendedToTheTargetSchema() throws {
        let files = [
            "project.yml": "name: shop\nprofile: shop\nmodels:\n  shop:\n    gold:\n      +schema: rtsa_gold\n",
            "models/gold/g.sql": "select 1 as id\n",
            "models/plain.sql": "select 1 as id\n",
        ]
        func profile(_ extra: String) -> String {
            "shop:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: target/shop.duckdb\n      schema: rtsa_bronze\n" + extra
        }
        let (compiled, diags) = try Self.compile(files.merging(["profiles.yml": profile("")]) { $1 })
        #expect(diags.isEmpty, "\(diags)")
        #expect(compiled?.node(named: "g")?.relation?.schema == "rtsa_bronze_rtsa_gold")
        #expect(compiled?.node(named: "plain")?.relation?.schema == "rtsa_bronze")
        let (asGiven, _) = try Self.compile(files.merging(["profiles.yml": profile("      schema_concatenation: false\n")]) { $1 })
        #expect(asGiven?.node(named: "g")?.relation?.schema == "rtsa_gold")
    }

    /// A project's own `generate_schema_name(custom_schema_name, node)` macro decides the schema,
    /// as in dbt: here the custom schema as written, and the target's for the others.
    @Test func generateSchemaNameMacroOverridesTheDefault() throws {
        let (compiled, diags) = try Self.compile([
            "project.yml": "name: shop\nprofile: shop\nmodels:\n  shop:\n    gold:\n      +schema: rtsa_gold\n",
            "models/gold/g.sql": "select 1 as id\n",
            "models/plain.sql": "select 1 as id\n",
            "macros/schema.sql": """
            << macro generate_schema_name(custom_schema_name, node) ->>
            << if custom_schema_name is none >><< target.schema >><< else >><< custom_schema_name >>_<< node.name >><< endif >>
            << endmacro >>
            """,
        ])
        #expect(diags.isEmpty, "\(diags)")
        #expect(compiled?.node(named: "g")?.relation?.schema == "rtsa_gold_g")
        #expect(compiled?.node(named: "plain")?.relation?.schema == "main")
    }

    /// Meta and tags from project.yml, the property file (top level and config) and config() all
    /// reach the node; the property file's top-level meta used to be dropped.
    @Test func metaAndTagsFromEveryLevel() throws {
        let (compiled, diags) = try Self.compile([
            "project.yml": "name: shop\nprofile: shop\nmodels:\n  +meta: {team: data}\n  +tags: [base]\n",
            "models/orders.sql": "<< config(tags=['own']) >>select 1 as id\n",
            "models/_orders.yml": "version: 2\nmodels:\n  - name: orders\n    tags: [prop]\n    meta: {owner: ana}\n    config:\n      meta: {tier: 1}\n",
        ])
        #expect(diags.isEmpty, "\(diags)")
        let node = try #require(compiled?.node(named: "orders"))
        #expect(node.meta == ["team": "data", "owner": "ana", "tier": 1])
        #expect(node.config.tags == ["base", "own", "prop"])
    }

    /// env_var in profiles.yml goes through the same pipeline as the CLI: the rendered schema and
    /// catalog decide every relation name.
    @Test func envVarInProfilesDecidesRelations() throws {
        let profiles = """
            shop:
              target: "<< env_var('SHOP_TARGET', 'local') >>"
              outputs:
                local:
                  type: duckdb
                  path: "target/<< env_var('SHOP_DB') >>.duckdb"
                  schema: "<< env_var('SHOP_SCHEMA', 'main') >>"
            """
        let (compiled, diags) = try Self.compile(
            ["profiles.yml": profiles, "models/a.sql": "select 1 as id\n", "models/b.sql": "select * from << ref('a') >>\n"],
            environment: ["SHOP_DB": "warehouse", "SHOP_SCHEMA": "analytics"])
        #expect(diags.isEmpty, "\(diags)")
        #expect(compiled?.target.name == "local")
        #expect(try #require(compiled?.node(named: "b")).compiledCode == "select * from \"warehouse\".\"analytics\".\"a\"\n")
    }

    /// --vars wins over project.yml's vars, keeps YAML types, and var()'s default applies only when
    /// neither defines the name.
    @Test func varsPrecedence() throws {
        let (compiled, diags) = try Self.compile(
            [
                "project.yml": "name: shop\nprofile: shop\nvars:\n  days: 7\n  region: eu\n",
                "models/a.sql": "select << var('days') + 1 >> as d, '<< var('region') >>' as r, '<< var('tier', 'gold') >>' as t\n",
            ],
            vars: "{days: 30}")
        #expect(diags.isEmpty, "\(diags)")
        #expect(try #require(compiled?.node(named: "a")).compiledCode == "select 31 as d, 'eu' as r, 'gold' as t\n")
    }
}
