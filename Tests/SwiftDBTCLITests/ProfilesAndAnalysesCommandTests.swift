import Foundation
import Testing

/// Issue 15 through the real binary: where profiles.yml comes from (and `debug` saying so), and
/// analyses compiled but never run.
@Suite(.serialized) struct ProfilesAndAnalysesCommandTests {
    static let profile = "proj:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: target/%@.duckdb\n"

    @Test func debugNamesTheProfilesFileAndDbtPlacesAreSearched() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("swiftdbt-home-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        let p = try TempProject(files: ["models/m.sql": "select 1 as id\n", "profiles.yml": Self.profile.replacingOccurrences(of: "%@", with: "here")])
        // The project's own profiles.yml.
        var r = try await CLI.swiftdbt(["debug"], in: p, env: ["HOME": home])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("profiles.yml used: ./profiles.yml"), "\(r.stdout)")
        // Only ~/.dbt/profiles.yml: dbt's default place is found, and named.
        try FileManager.default.removeItem(atPath: p.root + "/profiles.yml")
        try FileManager.default.createDirectory(atPath: home + "/.dbt", withIntermediateDirectories: true)
        try Self.profile.replacingOccurrences(of: "%@", with: "dbt").write(toFile: home + "/.dbt/profiles.yml", atomically: true, encoding: .utf8)
        r = try await CLI.swiftdbt(["debug"], in: p, env: ["HOME": home])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("profiles.yml used: \(home)/.dbt/profiles.yml"), "\(r.stdout)")
        // DBT_PROFILES_DIR comes before ~/.dbt.
        let dbtDir = home + "/dbtdir"
        try FileManager.default.createDirectory(atPath: dbtDir, withIntermediateDirectories: true)
        try Self.profile.replacingOccurrences(of: "%@", with: "env").write(toFile: dbtDir + "/profiles.yml", atomically: true, encoding: .utf8)
        r = try await CLI.swiftdbt(["debug"], in: p, env: ["HOME": home, "DBT_PROFILES_DIR": dbtDir])
        #expect(r.stdout.contains("profiles.yml used: \(dbtDir)/profiles.yml"), "\(r.stdout)")
        // A --profiles-dir that does not exist is an error, not a silent fall back to another file.
        try FileManager.default.removeItem(atPath: p.root + "/target")
        r = try await CLI.swiftdbt(["run", "--profiles-dir", home + "/nonexistent"], in: p, env: ["HOME": home])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: --profiles-dir '\(home)/nonexistent' does not exist"), "\(r.stdout)\(r.stderr)")
        #expect(!p.exists("target/dbt.duckdb"))
    }

    @Test func analysesAreCompiledAndNeverRun() async throws {
        let p = try TempProject(files: [
            "models/orders.sql": "select 1 as id\n",
            "analyses/order_count.sql": "select count(*) as n from << ref('orders') >>\n",
        ])
        let build = try await CLI.swiftdbt(["build"], in: p)
        #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
        #expect(build.stdout.contains("TOTAL=1"), "\(build.stdout)")
        #expect(try await p.query("select table_name from information_schema.tables order by 1") == ["table_name", "orders"])
        let compile = try await CLI.swiftdbt(["compile"], in: p)
        #expect(compile.status == 0, "\(compile.stdout)\(compile.stderr)")
        #expect(try p.read("target/compiled/proj/analyses/order_count.sql") == "select count(*) as n from \"test\".\"main\".\"orders\"\n")
        #expect(try p.read("target/manifest.json").contains("\"analysis.proj.order_count\""))
    }
}
