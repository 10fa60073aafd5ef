import Foundation
import Testing

/// Constraints on the real duckdb CLI: the table is created with its columns and constraints, then
/// filled, so a row that violates one fails the build, and the previous table keeps its rows.
@Suite(.serialized) struct ConstraintCommandTests {
    static let yaml = """
        version: 2
        models:
          - name: orders
            config:
              contract: {enforced: true}
            constraints:
              - type: primary_key
                columns: [id]
            columns:
              - name: id
                data_type: integer
                constraints: [{type: not_null}]
              - name: amount
                data_type: integer
                constraints:
                  - type: check
                    expression: "amount >= 0"
        """

    static func model(_ rows: String) -> String { "<< config(materialized='table') >>\nselect * from (values \(rows)) as t(id, amount)" }

    @Test func aViolatingRowFailsTheBuildAndTheOldRowsStay() async throws {
        let p = try TempProject(files: ["models/orders.sql": Self.model("(1, 10), (2, 20)"), "models/orders.yml": Self.yaml])
        let ok = try await CLI.swiftdbt(["run"], in: p)
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(try await p.query("select id, amount from main.orders order by id") == ["id,amount", "1,10", "2,20"])
        let ddl = try p.read("target/run/proj/models/orders.sql")
        #expect(ddl.contains("\"id\" integer not null"), "\(ddl)")
        #expect(ddl.contains("\"amount\" integer check (amount >= 0)"), "\(ddl)")
        #expect(ddl.contains("primary key (\"id\")"), "\(ddl)")

        for (rows, error) in [
            ("(1, 10), (null, 5)", "NOT NULL constraint failed"),
            ("(1, 10), (3, -1)", "CHECK constraint failed"),
            ("(1, 10), (1, 11)", "PRIMARY KEY or UNIQUE constraint violation"),
        ] {
            try p.write("models/orders.sql", Self.model(rows))
            let r = try await CLI.swiftdbt(["run"], in: p)
            #expect(r.status == 1, "\(rows): \(r.stdout)")
            #expect(r.stdout.contains(error), "\(rows): \(r.stdout)")
            #expect(try await p.query("select id, amount from main.orders order by id") == ["id,amount", "1,10", "2,20"])
        }
        let manifest = try JSONSerialization.jsonObject(with: Data(try p.read("target/manifest.json").utf8)) as? [String: Any]
        let node = try #require((manifest?["nodes"] as? [String: Any])?["model.proj.orders"] as? [String: Any])
        let model = try #require(node["constraints"] as? [[String: Any]])
        #expect(model.count == 1)
        #expect(model.first?["type"] as? String == "primary_key")
        #expect(model.first?["columns"] as? [String] == ["id"])
        let amount = (node["columns"] as? [String: Any])?["amount"] as? [String: Any]
        let check = try #require((amount?["constraints"] as? [[String: Any]])?.first)
        #expect(check["type"] as? String == "check")
        #expect(check["expression"] as? String == "amount >= 0")
        #expect(check["columns"] == nil)
        try await ArtifactSchemaTests.expectValid(p, require: ["manifest", "run_results"], "constraints")
    }

    @Test func constraintsWithoutAnEnforcedContractOrOnAViewAreWarnedAbout() async throws {
        let p = try TempProject(files: [
            "models/orders.sql": "select 1 as id, 2 as amount",
            "models/orders.yml": Self.yaml.replacingOccurrences(of: "contract: {enforced: true}", with: "contract: {enforced: false}"),
        ])
        let off = try await CLI.swiftdbt(["compile"], in: p)
        #expect(off.status == 0, "\(off.stdout)\(off.stderr)")
        #expect(
            off.stderr.contains("models/orders.yml:7:15: warning: constraints apply only to a model whose contract is enforced"),
            "\(off.stderr)")
        try p.write("models/orders.yml", Self.yaml)
        let view = try await CLI.swiftdbt(["compile"], in: p)
        #expect(
            view.stderr.contains("models/orders.yml:7:15: warning: constraint types are not supported for view materializations"),
            "\(view.stderr)")
    }
}
