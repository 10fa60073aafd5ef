import Foundation
import SDBasics
import SDCompiler
import SDGraph
import Testing

/// Model versions as dbt has them (`versions:`, `latest_version`, `ref('m', v=1)`); they were
/// refused before (issue 15, item 2).
@Suite("model versions")
struct ModelVersionTests {
    static let files = [
        "models/marts/dim_customers_v1.sql": "select 1 as id, 'a' as name, 'x' as country\n",
        "models/marts/dim_customers_v2.sql": "select 1 as id, 'a' as name\n",
        "models/marts/customers_legacy.sql": "select 1 as id, 'a' as name, 'x' as country\n",
        "models/latest.sql": "select * from << ref('dim_customers') >>\n",
        "models/old.sql": "select * from << ref('dim_customers', v=1) >> join << ref('dim_customers', version='3') >> using (id)\n",
        "models/_customers.yml": """
        version: 2
        models:
          - name: dim_customers
            latest_version: 2
            config: {materialized: table}
            columns:
              - name: id
                data_tests: [unique]
              - name: name
              - name: country
            versions:
              - v: 1
                config: {materialized: view}
              - v: 2
                columns:
                  - include: all
                    exclude: [country]
              - v: 3
                defined_in: customers_legacy
                columns:
                  - include: [id]
                  - name: segment
        """,
    ]

    @Test func versionsAreNodesWithDbtIdsRelationsAndConfig() throws {
        let (compiled, diags) = try CompilerRegressionTests.compile(Self.files)
        #expect(diags.isEmpty, "\(diags)")
        let c = try #require(compiled)
        let v1 = try #require(c.nodes["model.shop.dim_customers.v1"])
        let v2 = try #require(c.nodes["model.shop.dim_customers.v2"])
        let v3 = try #require(c.nodes["model.shop.dim_customers.v3"])
        #expect(c.nodes["model.shop.dim_customers"] == nil && c.nodes["model.shop.dim_customers_v1"] == nil)
        #expect([v1.name, v2.name, v3.name] == ["dim_customers", "dim_customers", "dim_customers"])
        #expect(v2.fqn == ["shop", "marts", "dim_customers", "v2"])
        #expect(
            [v1.relation?.identifier, v2.relation?.identifier, v3.relation?.identifier]
                == ["dim_customers_v1", "dim_customers_v2", "dim_customers_v3"])
        #expect(v1.materialized == "view" && v2.materialized == "table")
        #expect(v1.columns.map(\.name) == ["id", "name", "country"])
        #expect(v2.columns.map(\.name) == ["id", "name"])
        #expect(v3.columns.map(\.name) == ["id", "segment"])
        #expect(v3.latestVersion == "2" && v3.version == "3")
        // ref('m') is the latest version (2, as latest_version says, not the greatest, 3).
        #expect(c.nodes["model.shop.latest"]?.dependsOn == ["model.shop.dim_customers.v2"])
        #expect(c.nodes["model.shop.latest"]?.compiledCode.contains("\"dim_customers_v2\"") == true)
        #expect(c.nodes["model.shop.old"]?.dependsOn == ["model.shop.dim_customers.v1", "model.shop.dim_customers.v3"])
        let old = try #require(c.nodes["model.shop.old"]).compiledCode
        #expect(old.contains("\"dim_customers_v1\"") && old.contains("\"dim_customers_v3\""), "\(old)")
        // Top-level tests apply to every version, named after the version's relation.
        let tests = c.nodes.values.filter { $0.resourceType == .test }.map(\.name).sorted()
        #expect(tests == ["unique_dim_customers_v1_id", "unique_dim_customers_v2_id", "unique_dim_customers_v3_id"])
    }

    @Test func manifestCarriesVersionLatestVersionAndRefVersions() throws {
        let (compiled, _) = try CompilerRegressionTests.compile(Self.files)
        let c = try #require(compiled)
        let doc = Manifest.document(c, version: "1", invocationId: "x", generatedAt: nil)
        let v1 = doc["nodes"]?["model.shop.dim_customers.v1"]
        #expect(v1?["version"] == .int(1))
        #expect(v1?["latest_version"] == .int(2))
        #expect(v1?["name"] == .string("dim_customers"))
        let refs = doc["nodes"]?["model.shop.old"]?["refs"]?.arrayValue ?? []
        #expect(refs.map { $0["version"] } == [.int(1), .int(3)])
        #expect(doc["nodes"]?["model.shop.latest"]?["refs"]?.arrayValue?.first?["version"] == .null)
    }

    @Test func selectionByNameTakesEveryVersionAndByVersionOne() throws {
        let (compiled, _) = try CompilerRegressionTests.compile(Self.files)
        let graph = try #require(compiled).graph
        func select(_ s: String) -> [String] {
            NodeSelector(graph: graph).select([s]).uniqueIds.filter { $0.hasPrefix("model.") }.sorted()
        }
        #expect(select("dim_customers") == ["model.shop.dim_customers.v1", "model.shop.dim_customers.v2", "model.shop.dim_customers.v3"])
        #expect(select("dim_customers.v2") == ["model.shop.dim_customers.v2"])
        #expect(select("dim_customers_v1") == ["model.shop.dim_customers.v1"])
        // dbt's version: method (latest_version is 2, so 3 is a prerelease).
        #expect(select("version:latest") == ["model.shop.dim_customers.v2"])
        #expect(select("version:old") == ["model.shop.dim_customers.v1"])
        #expect(select("version:prerelease") == ["model.shop.dim_customers.v3"])
        #expect(select("version:none") == ["model.shop.latest", "model.shop.old"])
        #expect(NodeSelector(graph: graph).select(["version:newest"]).diagnostics.first?.message == "unknown version selector 'newest'")
    }

    /// project.yml configures versions by their fqn, as dbt: `dim_customers:` all of them, `v1:` one.
    @Test func projectConfigPathsFollowTheVersionFqn() throws {
        var files = Self.files
        files["project.yml"] = """
            name: shop
            profile: shop
            models:
              shop:
                marts:
                  dim_customers:
                    +tags: [customers]
                    v3:
                      +alias: customers_legacy_table
            """
        let (compiled, diags) = try CompilerRegressionTests.compile(files)
        #expect(diags.isEmpty, "\(diags)")
        let c = try #require(compiled)
        #expect(c.nodes["model.shop.dim_customers.v1"]?.config.tags == ["customers"])
        #expect(c.nodes["model.shop.dim_customers.v3"]?.config.tags == ["customers"])
        #expect(c.nodes["model.shop.dim_customers.v3"]?.relation?.identifier == "customers_legacy_table")
        #expect(c.nodes["model.shop.dim_customers.v2"]?.relation?.identifier == "dim_customers_v2")
    }

    /// `ref('m', v=1)` as a YAML string: a relationships test's `to` and an exposure's depends_on.
    @Test func versionedRefsInTestArgumentsAndExposures() throws {
        var files = Self.files
        files["models/_more.yml"] = """
            version: 2
            models:
              - name: latest
                columns:
                  - name: id
                    data_tests:
                      - relationships: {to: "ref('dim_customers', v=1)", field: id}
            exposures:
              - name: board
                type: dashboard
                owner: {name: ops}
                depends_on: ["ref('dim_customers', version=3)"]
            """
        let (compiled, diags) = try CompilerRegressionTests.compile(files)
        #expect(diags.isEmpty, "\(diags)")
        let c = try #require(compiled)
        let rel = try #require(c.nodes.values.first { $0.testName == "relationships" })
        #expect(rel.dependsOn == ["model.shop.dim_customers.v1", "model.shop.latest"])
        #expect(rel.compiledCode.contains("\"dim_customers_v1\""), "\(rel.compiledCode)")
        #expect(c.exposureNodes().first?.dependsOn == ["model.shop.dim_customers.v3"])
        let doc = Manifest.document(c, version: "1", invocationId: "x", generatedAt: nil)
        #expect(doc["exposures"]?["exposure.shop.board"]?["refs"]?.arrayValue?.first?["version"] == .int(3))

        files["models/_more.yml"] =
            "version: 2\nexposures:\n  - {name: board, type: dashboard, owner: {name: ops}, depends_on: [\"ref('dim_customers', v=9)\"]}\n"
        let (_, bad) = try CompilerRegressionTests.compile(files)
        #expect(bad.contains("error: model 'dim_customers' has no version 9"), "\(bad)")
    }

    @Test func unknownVersionInRefNamesTheVersionsThatExist() throws {
        var files = Self.files
        files["models/old.sql"] = "select * from << ref('dim_customers', v=7) >>\n"
        let (compiled, diags) = try CompilerRegressionTests.compile(files)
        #expect(compiled == nil)
        #expect(diags.contains("models/old.sql:1:22: error: model 'dim_customers' has no version 7"), "\(diags)")
        #expect(diags.contains("versions of 'dim_customers': 1, 2, 3 (latest 2)"), "\(diags)")
    }
}
