import Foundation
import Testing

/// Model contracts on the real duckdb CLI: checked before the build, a diff of declared and actual
/// columns in dbt's table, and the previous table untouched when the contract fails.
@Suite(.serialized) struct ContractCommandTests {
    static let yaml = """
        version: 2
        models:
          - name: orders
            config:
              contract: {enforced: true}
            columns:
              - name: id
                data_type: int
              - name: status
                data_type: string
        """

    @Test func aBrokenContractFailsBeforeTheBuildAndKeepsTheTable() async throws {
        let p = try TempProject(files: [
            "models/orders.sql": "<< config(materialized='table') >>\nselect 1 as id, 'placed' as status",
            "models/orders.yml": Self.yaml,
        ])
        let ok = try await CLI.swiftdbt(["run"], in: p)
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        try p.write("models/orders.sql", "<< config(materialized='table') >>\nselect 'x' as id, 2 as amount")
        let r = try await CLI.swiftdbt(["run"], in: p)
        #expect(r.status == 1)
        #expect(r.stdout.contains("This model has an enforced contract that failed."), "\(r.stdout)")
        #expect(r.stdout.contains("| id          | VARCHAR         | INTEGER       | data type mismatch    |"), "\(r.stdout)")
        #expect(r.stdout.contains("| status      |                 | VARCHAR       | missing in definition |"))
        #expect(r.stdout.contains("| amount      | INTEGER         |               | missing in contract   |"))
        #expect(try await p.query("select id, status from main.orders") == ["id,status", "1,placed"])
        // The manifest says the contract is enforced, with dbt's checksum of the declared columns.
        let manifest = try JSONSerialization.jsonObject(with: Data(try p.read("target/manifest.json").utf8)) as? [String: Any]
        let node = (manifest?["nodes"] as? [String: Any])?["model.proj.orders"] as? [String: Any]
        let contract = try #require(node?["contract"] as? [String: Any])
        #expect(contract["enforced"] as? Bool == true)
        #expect((contract["checksum"] as? String)?.count == 64)
        try await ArtifactSchemaTests.expectValid(p, require: ["manifest", "run_results"], "contract")
    }

    @Test func aViewWithAMatchingContractBuildsAndMissingTypesAreRefused() async throws {
        let p = try TempProject(files: [
            "models/orders.sql": "select cast(7 as integer) as id, 'placed' as status",
            "models/orders.yml": Self.yaml,
        ])
        let ok = try await CLI.swiftdbt(["run"], in: p)
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        try p.write("models/orders.yml", Self.yaml.replacingOccurrences(of: "\n        data_type: string", with: ""))
        let r = try await CLI.swiftdbt(["run"], in: p)
        #expect(r.status == 1)
        #expect(r.stdout.contains("Contracted models require data_type to be defined for each column"), "\(r.stdout)")
    }
}
