import Foundation
import Testing

/// Model versions through the real binary on DuckDB (issue 15, item 2): each version is its own
/// relation `<model>_v<v>`, the plain ref reads the latest, `ls` and `--select` name them as dbt does.
@Suite(.serialized) struct ModelVersionCommandTests {
    static let files = [
        "models/dim_people_v1.sql": "<< config(materialized='table') >>\nselect 1 as id, 'ann' as name, 'fr' as country\n",
        "models/dim_people_v2.sql": "<< config(materialized='table') >>\nselect 2 as id, 'bob' as name\n",
        "models/latest_people.sql": "select * from << ref('dim_people') >>\n",
        "models/old_people.sql": "select * from << ref('dim_people', v=1) >>\n",
        "analyses/people_count.sql": "select count(*) as n from << ref('dim_people', version=1) >>\n",
        "models/_people.yml": """
        version: 2
        models:
          - name: dim_people
            columns:
              - name: id
                data_tests: [not_null]
              - name: name
            versions:
              - v: 1
              - v: 2

        """,
    ]

    @Test func buildMakesOneRelationPerVersionAndRefsPickTheRightOne() async throws {
        let p = try TempProject(files: Self.files)
        let build = try await CLI.swiftdbt(["build"], in: p)
        #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
        #expect(
            try await p.query("select table_name from information_schema.tables order by 1")
                == ["table_name", "dim_people_v1", "dim_people_v2", "latest_people", "old_people"])
        #expect(try await p.query("select id from latest_people") == ["id", "2"])
        #expect(try await p.query("select id from old_people") == ["id", "1"])

        let ls = try await CLI.swiftdbt(["ls", "--resource-type", "model"], in: p)
        #expect(ls.stdout == "proj.dim_people.v1\nproj.dim_people.v2\nproj.latest_people\nproj.old_people\n", "\(ls.stdout)")
        let one = try await CLI.swiftdbt(["ls", "--select", "dim_people.v2"], in: p)
        #expect(one.stdout == "proj.dim_people.v2\nproj.not_null_dim_people_v2_id\n", "\(one.stdout)\(one.stderr)")
        let both = try await CLI.swiftdbt(["ls", "--select", "dim_people", "--resource-type", "model"], in: p)
        #expect(both.stdout == "proj.dim_people.v1\nproj.dim_people.v2\n", "\(both.stdout)")

        let compile = try await CLI.swiftdbt(["compile"], in: p)
        #expect(compile.stdout.contains("Found 4 models, 1 analysis, 2 data tests"), "\(compile.stdout)")
        let manifest = try p.read("target/manifest.json")
        #expect(manifest.contains("\"model.proj.dim_people.v2\""))
        let r = try await ArtifactSchemaTests.validate(p, require: ["manifest"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    }
}
