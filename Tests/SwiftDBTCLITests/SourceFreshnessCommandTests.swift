import Foundation
import Testing

/// `swiftdbt source freshness` on the real duckdb CLI: dbt's console lines and exit codes, criteria
/// inherited from the source, `filter`, `--select source:…`, `--output`, and a sources.json that
/// dbt-artifacts-parser accepts as sources v3.
@Suite(.serialized) struct SourceFreshnessCommandTests {
    static func project() throws -> TempProject {
        try TempProject(files: [
            "models/raw_events.sql": """
            << config(materialized='table') >>
            select current_timestamp - interval 30 minute as loaded_at, 'new' as kind
            union all select current_timestamp - interval 3 day, 'old'
            """,
            "models/raw_lagging.sql": "<< config(materialized='table') >>\nselect current_timestamp - interval 2 hour as loaded_at",
            "models/sources.yml": """
            version: 2
            sources:
              - name: raw
                schema: main
                loaded_at_field: loaded_at
                freshness:
                  warn_after: {count: 1, period: hour}
                  error_after: {count: 1, period: day}
                tables:
                  - name: fresh
                    identifier: raw_events
                    freshness:
                      filter: "kind = 'new'"
                  - name: stale
                    identifier: raw_events
                    freshness:
                      filter: "kind = 'old'"
                  - name: lagging
                    identifier: raw_lagging
                  - name: unchecked
                    identifier: raw_events
                    freshness: null
            """,
        ])
    }

    @Test func judgesEachTableWritesSourcesJSONAndExitsOneWhenStale() async throws {
        let p = try Self.project()
        let built = try await CLI.swiftdbt(["run"], in: p)
        #expect(built.status == 0, "\(built.stdout)\(built.stderr)")
        let r = try await CLI.swiftdbt(["source", "freshness"], in: p)
        #expect(r.status == 1, "\(r.stdout)\n\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        func line(_ text: String) -> String? { lines.first { $0.contains(text) } }
        #expect(
            line("PASS freshness of raw.fresh")?.range(of: #"\d of 3 PASS freshness of raw\.fresh \.+ \[PASS in \d+\.\d\ds\]$"#, options: .regularExpression)
                != nil)
        #expect(line("WARN freshness of raw.lagging")?.contains("[WARN in") == true)
        #expect(line("ERROR STALE freshness of raw.stale")?.contains("[ERROR STALE in") == true)
        #expect(line("START freshness of raw.fresh")?.hasSuffix("[RUN]") == true)
        #expect(!r.stdout.contains("raw.unchecked"))
        #expect(r.stdout.contains("Finished running 3 sources in"))
        #expect(lines.last?.hasSuffix("Done.") == true)

        let doc = try JSONSerialization.jsonObject(with: Data(try p.read("target/sources.json").utf8)) as? [String: Any]
        let results = try #require(doc?["results"] as? [[String: Any]])
        let status = Dictionary(uniqueKeysWithValues: results.compactMap { r in (r["unique_id"] as? String).map { ($0, r["status"] as? String ?? "") } })
        #expect(status == ["source.proj.raw.fresh": "pass", "source.proj.raw.lagging": "warn", "source.proj.raw.stale": "error"])
        let lagging = try #require(results.first { $0["unique_id"] as? String == "source.proj.raw.lagging" })
        let age = try #require(lagging["max_loaded_at_time_ago_in_s"] as? Double)
        #expect(age > 7190 && age < 7400, "2 hours, give or take the run: \(age)")
        let criteria = try #require(lagging["criteria"] as? [String: Any])
        #expect((criteria["error_after"] as? [String: Any])?["period"] as? String == "day")
        try await ArtifactSchemaTests.expectValid(p, require: ["sources", "manifest"], "source freshness")

        // The manifest carries the criteria and the field, as dbt's SourceDefinition does.
        let manifest = try JSONSerialization.jsonObject(with: Data(try p.read("target/manifest.json").utf8)) as? [String: Any]
        let source = (manifest?["sources"] as? [String: Any])?["source.proj.raw.fresh"] as? [String: Any]
        #expect(source?["loaded_at_field"] as? String == "loaded_at")
        #expect(((source?["freshness"] as? [String: Any])?["filter"]) as? String == "kind = 'new'")
    }

    @Test func selectAndOutputPickTheTablesAndTheFile() async throws {
        let p = try Self.project()
        #expect(try await CLI.swiftdbt(["run"], in: p).status == 0)
        let r = try await CLI.swiftdbt(["source", "freshness", "-s", "source:raw.fresh", "--output", "target/fresh.json"], in: p)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("1 of 1 PASS freshness of raw.fresh"))
        let doc = try JSONSerialization.jsonObject(with: Data(try p.read("target/fresh.json").utf8)) as? [String: Any]
        #expect((doc?["results"] as? [Any])?.count == 1)
        #expect(!p.exists("target/sources.json"))
        // A warning alone exits 0; with --warn-error it fails.
        #expect(try await CLI.swiftdbt(["source", "freshness", "-s", "source:raw.lagging"], in: p).status == 0)
        #expect(try await CLI.swiftdbt(["source", "freshness", "-s", "source:raw.lagging", "--warn-error"], in: p).status == 1)
    }

    @Test func aMissingTableIsARuntimeErrorAndNoLoadedAtFieldIsAWarning() async throws {
        let p = try Self.project()
        try p.write(
            "models/more.yml",
            """
            version: 2
            sources:
              - name: other
                schema: main
                freshness: {warn_after: {count: 1, period: hour}}
                tables:
                  - name: no_field
                    identifier: raw_events
            """)
        // Nothing built: the tables do not exist.
        let r = try await CLI.swiftdbt(["source", "freshness", "-s", "source:raw.fresh", "source:other"], in: p)
        #expect(r.status == 1)
        #expect(r.stdout.contains("1 of 1 ERROR freshness of raw.fresh"))
        #expect(r.stdout.contains("Runtime Error in source raw.fresh (models/sources.yml)"))
        #expect(r.stderr.contains("source 'other.no_field' has freshness criteria but no loaded_at_field"))
        let doc = try JSONSerialization.jsonObject(with: Data(try p.read("target/sources.json").utf8)) as? [String: Any]
        let result = try #require((doc?["results"] as? [[String: Any]])?.first)
        #expect(result["status"] as? String == "runtime error")
        #expect((result["error"] as? String)?.contains("raw_events") == true)
        try await ArtifactSchemaTests.expectValid(p, require: ["sources"], "runtime error")
    }
}
