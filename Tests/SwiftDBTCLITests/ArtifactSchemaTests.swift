import Foundation
import Testing

/// dbt tooling accepts what swiftdbt writes (issue 15 item 1): every project the suite builds writes
/// a manifest.json (v12), run_results.json (v6) and catalog.json (v1) that dbt-artifacts-parser
/// (PyPI, pinned in scripts/bootstrap.sh) parses without one error, and dbterd reads the manifest.
/// `scripts/validate_artifacts.py` prints each error's path, which the failure message shows.
@Suite("artifacts validate against dbt's schemas", .serialized)
struct ArtifactSchemaTests {
    static var python: String {
        if let p = ProcessInfo.processInfo.environment["SWIFTDBT_PYTHON"], !p.isEmpty { return p }
        return CLI.packageRoot + "/.venv/bin/python"
    }

    /// Runs the validator on `<project>/target`; the named artifacts must exist.
    static func validate(_ p: TempProject, require: [String]) async throws -> CLI.Result {
        try await CLI.run(
            python,
            [
                CLI.packageRoot + "/scripts/validate_artifacts.py", p.root + "/target",
                "--require", require.joined(separator: ","),
            ], cwd: p.root)
    }

    static func expectValid(_ p: TempProject, require: [String], _ what: String) async throws {
        let r = try await validate(p, require: require)
        #expect(r.status == 0, "\(what): dbt-artifacts-parser refuses swiftdbt's artifacts:\n\(r.stdout.prefix(6000))\(r.stderr)")
    }

    @Test func rtsaBuildAndDocsWriteValidArtifacts() async throws {
        let p = try await RTSACopy.make()
        let build = try await CLI.swiftdbt(["build"], in: p)
        try #require(build.status == 0, "\(build.stdout)\n\(build.stderr)")
        let docs = try await CLI.swiftdbt(["docs", "generate"], in: p)
        try #require(docs.status == 0, "\(docs.stdout)\n\(docs.stderr)")
        try await Self.expectValid(p, require: ["manifest", "run_results", "catalog"], "RTSA on DuckDB")

        // The streaming nodes left `nodes` for `sources`, and the lineage topic → stream → sink →
        // lake source → models is still one graph in parent_map.
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(p.read("target/manifest.json").utf8)) as? [String: Any])
        let sources = try #require(manifest["sources"] as? [String: [String: Any]])
        let connector = try #require(sources["connector.rtsa.s3-sink-ticks"])
        #expect(
            (connector["meta"] as? [String: Any])?["swiftdbt_streaming"] as? [String: String] == [
                "kind": "connector", "details": "streaming_manifest.json",
            ])
        let parents = try #require(manifest["parent_map"] as? [String: [String]])
        #expect(parents["source.rtsa.lake.ticks_enriched_v2"] == ["connector.rtsa.s3-sink-ticks"])
        #expect(parents["connector.rtsa.s3-sink-ticks"] == ["topic.rtsa.ticks_enriched_v2"])
        #expect(parents["stream.rtsa.TICKS"] == ["topic.rtsa.ticks"])
        #expect(manifest["swiftdbt"] == nil)

        // What the manifest has no place for is in files of its own.
        let streaming = try #require(try JSONSerialization.jsonObject(with: Data(p.read("target/streaming_manifest.json").utf8)) as? [String: Any])
        let streamingNodes = try #require(streaming["nodes"] as? [String: [String: Any]])
        #expect(streamingNodes["connector.rtsa.s3-sink-ticks"]?["resource_type"] as? String == "connector")
        #expect(Set(streamingNodes.keys) == Set(sources.keys.filter { !$0.hasPrefix("source.") }))
        let maps = try #require(try JSONSerialization.jsonObject(with: Data(p.read("target/swiftdbt_sourcemap.json").utf8)) as? [String: Any])
        #expect((maps["source_maps"] as? [String: Any])?["model.rtsa.gold_grouped_returns"] != nil)
    }

    @Test func rtsaCompiledForAthenaIsValid() async throws {
        let p = try RTSACopy.project()
        let r = try await CLI.swiftdbt(["compile", "--target", "dev"], in: p)
        try #require(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        try await Self.expectValid(p, require: ["manifest"], "RTSA compiled for Athena")
    }

    /// Seeds, generic and singular tests, a failing test, an ephemeral and an incremental model, a
    /// versioned model, an analysis, a source and an exposure: every node shape, and run_results with pass, fail and error.
    @Test func smallProjectWithEveryNodeKindIsValid() async throws {
        let p = try TempProject(files: [
            "seeds/people.csv": "id,name\n1,ann\n2,bob\n",
            "models/base.sql": "<< config(materialized='ephemeral') >>\nselect * from << ref('people') >>\n",
            "models/people_t.sql": "<< config(materialized='table') >>\nselect * from << ref('base') >>\n",
            "models/people_inc.sql": "<< config(materialized='incremental', unique_key='id') >>\nselect * from << ref('people_t') >>\n",
            "models/broken.sql": "select nope from << ref('people_t') >>\n",
            "tests/no_ghosts.sql": "select * from << ref('people_t') >> where name = 'ghost'\n",
            "analyses/people_count.sql": "select count(*) as n from << ref('people_t') >>\n",
            "models/dim_people_v1.sql": "select * from << ref('people_t') >>\n",
            "models/dim_people_v2.sql": "select id from << ref('dim_people', v=1) >>\n",
            "models/_props.yml": """
            version: 2
            sources:
              - name: raw
                description: the raw schema
                schema: main
                tables:
                  - name: people
            models:
              - name: people_t
                description: one row per person
                columns:
                  - name: id
                    tests: [not_null, unique]
                  - name: name
                    tests:
                      - accepted_values:
                          values: [ann]
              - name: dim_people
                latest_version: 1
                versions:
                  - v: 1
                  - v: 2
            exposures:
              - name: board
                type: dashboard
                owner: {name: ops}
                depends_on: [ref('people_t')]

            """,
        ])
        let r = try await CLI.swiftdbt(["build"], in: p)
        #expect(r.status == 1, "the failing test and model make the build fail: \(r.stdout)\n\(r.stderr)")
        try await Self.expectValid(p, require: ["manifest", "run_results"], "small project")
    }

    /// The diagnostics corpus's projects that compile (with warnings) write valid manifests too.
    @Test func corpusProjectsThatCompileAreValid() async throws {
        let corpus = CLI.packageRoot + "/Tests/SDCompilerTests/Projects"
        let fm = FileManager.default
        var checked = 0
        for name in try fm.contentsOfDirectory(atPath: corpus).sorted() {
            let dir = corpus + "/" + name
            guard let caseFile = try? String(contentsOfFile: dir + "/case.yml", encoding: .utf8), caseFile.contains("expect: warning") else { continue }
            let p = try TempProject(files: [:])
            for item in try fm.contentsOfDirectory(atPath: dir) where item != "diagnostics.txt" && item != "case.yml" {
                try? fm.removeItem(atPath: p.root + "/" + item)
                try fm.copyItem(atPath: dir + "/" + item, toPath: p.root + "/" + item)
            }
            let r = try await CLI.swiftdbt(["compile"], in: p, env: ["HOME": "/home/analyst"])
            guard r.status == 0 else { continue }  // a case.yml argument (a bad selector) makes some fail on purpose
            try await Self.expectValid(p, require: ["manifest"], "corpus project \(name)")
            checked += 1
        }
        #expect(checked >= 10, "only \(checked) corpus projects compiled")
    }

    /// The validator is not a rubber stamp: a seed with a model's `refs`, a streaming kind in
    /// `nodes` and an extra top-level key are each reported with their path.
    @Test func validatorReportsEachErrorPath() async throws {
        let p = try TempProject(files: ["seeds/s.csv": "a\n1\n"])
        let r = try await CLI.swiftdbt(["compile"], in: p)
        try #require(r.status == 0, "\(r.stderr)")
        var manifest = try #require(try JSONSerialization.jsonObject(with: Data(p.read("target/manifest.json").utf8)) as? [String: Any])
        var nodes = try #require(manifest["nodes"] as? [String: Any])
        var seed = try #require(nodes["seed.proj.s"] as? [String: Any])
        seed["refs"] = [Any]()
        nodes["seed.proj.s"] = seed
        nodes["topic.proj.t"] = ["resource_type": "topic"]
        manifest["nodes"] = nodes
        manifest["swiftdbt"] = [String: Any]()
        try p.write("target/manifest.json", String(decoding: try JSONSerialization.data(withJSONObject: manifest), as: UTF8.self))
        let v = try await Self.validate(p, require: ["manifest"])
        #expect(v.status == 1)
        #expect(v.stdout.contains("manifest.json: nodes.seed.proj.s.refs: Extra inputs are not permitted"), "\(v.stdout)")
        #expect(v.stdout.contains("manifest.json: nodes.topic.proj.t.resource_type: 'topic' is not a node type"), "\(v.stdout)")
        #expect(v.stdout.contains("manifest.json: swiftdbt: Extra inputs are not permitted"), "\(v.stdout)")
        #expect(v.stdout.contains("manifest.json: 3 errors"), "\(v.stdout)")
    }

    /// dbterd (PyPI, pinned in scripts/bootstrap.sh) reads the manifest and catalog and draws the
    /// models, seeds and sources; it refused the manifest that had streaming kinds in `nodes`
    /// ("corrupted or provided version 12 is incorrect").
    @Test func dbterdReadsTheManifest() async throws {
        let p = try await RTSACopy.make()
        let build = try await CLI.swiftdbt(["build"], in: p)
        try #require(build.status == 0, "\(build.stdout)\n\(build.stderr)")
        let docs = try await CLI.swiftdbt(["docs", "generate"], in: p)
        try #require(docs.status == 0, "\(docs.stderr)")
        let dbterd = (Self.python as NSString).deletingLastPathComponent + "/dbterd"
        let out = p.root + "/erd"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        // `-ad` is the artifacts folder (`-s` is dbterd's --select); models, seeds and sources as tables.
        let r = try await CLI.run(dbterd, ["run", "-ad", "target", "-o", out, "-rt", "model", "-rt", "seed", "-rt", "source"], cwd: p.root)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(!r.stderr.contains("corrupted"), "\(r.stderr)")
        let dbml = try String(contentsOfFile: out + "/output.dbml", encoding: .utf8)
        #expect(dbml.contains("\"model.rtsa.gold_grouped_returns\""), "\(dbml.prefix(2000))")
        #expect(dbml.contains("Table \"seed.rtsa.symbol_groups\""), "\(dbml.prefix(2000))")
        // dbterd names tables resource.package.name by default, so the lake source is `source.rtsa.lake`;
        // it draws only ids that start with `source.`, so the streaming entries are not tables.
        #expect(dbml.contains("Table \"source.rtsa.lake\""), "\(dbml.prefix(2000))")
        #expect(!dbml.contains("topic.rtsa"), "\(dbml.prefix(2000))")
    }
}
