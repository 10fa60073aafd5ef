import Foundation
import SDBasics
import SDTestSupport
import Testing

@testable import SDImport

/// The dbt-style fixture project (Tests/Fixtures/dbt_shop) imported from disk: every converted file
/// is compared with a reviewed golden, so a change to the converter shows as a diff of real files.
@Suite struct FixtureImportTests {
    @Test func fixtureProjectConvertsToTheReviewedOutput() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("swiftdbt-import-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let report = try DbtImporter().convert(project: Repository.root + "/Tests/Fixtures/dbt_shop", into: out)
        var all = ""
        for name in report.files {
            all += "=== \(name) ===\n" + (try LocalFileSystem().readFile(out + "/" + name))
        }
        Golden.check(all, "dbt_shop.txt")
        let warnings = report.diagnostics.filter { $0.severity == .warning }.map { "\($0.range?.file.path ?? ""):\($0.range?.start.description ?? "")" }
        #expect(warnings == ["dbt_project.yml:6:1"])  // require-dbt-version, dropped
        #expect(report.diagnostics.contains { $0.severity == .note && $0.path == "local_packages/shop_utils/" })
        // Everything converts, except `{% call %}` until the language has call blocks (branch w3-jinja);
        // once it does, the parse check stops reporting them and this list is empty.
        let errors = report.diagnostics.filter { $0.severity == .error }
        #expect(errors.allSatisfy { $0.message.contains("'call' statements") || $0.message.contains("'endcall' statements") }, "\(errors)")
        #expect(report.summary.hasPrefix("Imported 14 files (10 converted, 4 copied): 26 tags converted"))
    }
}
