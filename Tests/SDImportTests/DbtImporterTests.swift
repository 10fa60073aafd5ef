import SDBasics
import SDTestSupport
import Testing

@testable import SDImport

/// Whole-project imports in memory: dbt_project.yml → project.yml, which files go where, the round
/// trip and the refusals (docs/import-dbt.md).
@Suite struct DbtImporterTests {
    static let dbtProject = """
        name: shop
        version: '1.0'
        config-version: 2
        profile: shop
        require-dbt-version: [">=1.7.0", "<2.0.0"]
        log-path: logs
        quoting:
          identifier: false
        vars:
          start: '2024-01-01'
        models:
          shop:
            +materialized: view
            marts:
              +materialized: table
              +sql_header: "set x = 1"
              +schema: "{{ env_var('SCHEMA') }}"

        """

    func project(_ extra: [String: String] = [:]) -> MemoryFileSystem {
        var files = [
            "/dbt/dbt_project.yml": Self.dbtProject,
            "/dbt/models/a.sql": "select {{ var('start') }} as d\n",
            "/dbt/models/_a.yml": "version: 2\nmodels:\n  - name: a\n    description: \"{{ doc('a') }}\"\n    config:\n      tags: \"{{ var('t') }}\"\n",
            "/dbt/seeds/s.csv": "a\n1\n",
            "/dbt/target/compiled/x.sql": "select 1",
            "/dbt/dbt_packages/p/dbt_project.yml": "name: p",
            "/dbt/logs/dbt.log": "x",
            "/dbt/.git/HEAD": "ref",
        ]
        files.merge(extra) { $1 }
        return MemoryFileSystem(files)
    }

    @Test func projectFileKeepsItsLinesDropsWhatSwiftdbtDoesNotUseAndReportsRefusals() throws {
        let fs = project()
        let report = try DbtImporter(fileSystem: fs).convert(project: "/dbt", into: "/out")
        Golden.check(try fs.readFile("/out/project.yml"), "project.yml")
        let found = report.diagnostics.map { "\($0.severity) \($0.range.map { "\($0.file.path):\($0.start)" } ?? ""): \($0.message)" }
        Golden.check(found.joined(separator: "\n") + "\n", "project-findings.txt")
    }

    @Test func everyProjectFileIsWrittenAndDbtsOwnFoldersAreLeftOut() throws {
        let fs = project(["/dbt/project.yml": "name: other\n"])
        let report = try DbtImporter(fileSystem: fs).convert(project: "/dbt", into: "/out")
        #expect(report.files == ["project.yml", "models/_a.yml", "models/a.sql", "seeds/s.csv"])
        #expect(try fs.readFile("/out/project.yml").hasPrefix(ProjectFileConverter.marker))
        #expect(report.diagnostics.contains { $0.path == "project.yml" && $0.message.hasPrefix("project.yml is not copied") })
        #expect(try fs.readFile("/out/models/a.sql") == "select << var('start') >> as d\n")
        #expect(try fs.readFile("/out/seeds/s.csv") == "a\n1\n")
        #expect(report.filesConverted == 3 && report.filesCopied == 1)
        #expect(report.summary.hasPrefix("Imported 4 files (3 converted, 1 copied): "))
    }

    @Test func importingTwiceWritesTheSameBytes() throws {
        let fs = project()
        let importer = DbtImporter(fileSystem: fs)
        _ = try importer.convert(project: "/dbt", into: "/out")
        let first = fs.files.filter { $0.key.hasPrefix("/out/") }
        _ = try importer.convert(project: "/dbt", into: "/out")
        _ = try importer.convert(project: "/dbt", into: "/out2")
        let second = fs.files.filter { $0.key.hasPrefix("/out/") }
        let other = Dictionary(uniqueKeysWithValues: fs.files.filter { $0.key.hasPrefix("/out2/") }.map { ("/out/" + $0.key.dropFirst(6), $0.value) })
        #expect(first == second)
        #expect(first == other)
    }

    @Test func ownOutputForeignFoldersAndCheckModeAreHandledClearly() throws {
        let fs = project()
        let importer = DbtImporter(fileSystem: fs)
        _ = try importer.convert(project: "/dbt", into: "/out")
        // The output is a swiftdbt project: importing it again is refused with the reason.
        let own = #expect(throws: DiagnosticError.self) { try importer.convert(project: "/out", into: "/again") }
        #expect(own?.diagnostics.first?.message.contains("already a swiftdbt project") == true)
        // A folder someone else filled is never overwritten.
        try fs.writeFile("/mine/notes.txt", "keep")
        let foreign = #expect(throws: DiagnosticError.self) { try importer.convert(project: "/dbt", into: "/mine") }
        #expect(foreign?.diagnostics.first?.message.contains("not empty") == true)
        // --check converts in memory only.
        let check = try importer.convert(project: "/dbt", into: "/checked", write: false)
        #expect(!fs.files.keys.contains { $0.hasPrefix("/checked/") })
        #expect(check.unconverted > 0)
    }

    @Test func tagsTheLanguageRefusesAreReportedAtTheDbtTag() throws {
        let fs = project(["/dbt/models/b.sql": "select 1\n{{ x | as_bool }}\n{% with y = 1 %}{% endwith %}\n"])
        let report = try DbtImporter(fileSystem: fs).convert(project: "/dbt", into: "/out")
        let b = report.diagnostics.filter { $0.range?.file.path == "models/b.sql" }
        #expect(b.map { $0.range?.start.description } == ["2:1", "3:1", "3:17"])
        #expect(b.allSatisfy { $0.message.hasPrefix("not converted: ") })
    }
}
