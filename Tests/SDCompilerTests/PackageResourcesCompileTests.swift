import Foundation
import SDBasics
import SDCompiler
import SDProject
import Testing

/// What an installed package brings besides macros, models and seeds (issue 16 item 2's gaps): its
/// sources under its own name, its singular and generic tests, analyses and docs blocks. The package
/// is written into packages/ with a matching package-lock.yml, as `swiftdbt deps` leaves it.
@Suite("a package's sources, tests, analyses and docs blocks")
struct PackageResourcesCompileTests {
    static let declared = "packages:\n  - local: ../helpers\n"

    static var lock: String {
        var bag = DiagnosticBag()
        let f = PackagesFile.parse(SourceFile(path: "packages.yml", text: declared), diagnostics: &bag)
        return PackageLock(pins: [.init(name: "helpers", source: .local(path: "../helpers"))], sha1Hash: PackageLock.hash(of: f.packages)).text
    }

    static let files: [String: String] = [
        "packages.yml": declared,
        "package-lock.yml": lock,
        "models/_sources.yml": "sources:\n  - name: shared\n    schema: s_root\n    tables: [{name: t}]\n",
        "models/root_reads.sql": "select * from << source('shared', 't') >> join << source('only_pkg', 'e') >> using (id)\n",
        "packages/helpers/project.yml": "name: helpers\n",
        "packages/helpers/models/_helpers.yml": """
        sources:
          - name: shared
            schema: s_pkg
            tables: [{name: t}]
          - name: only_pkg
            description: "<< doc('events') >>"
            schema: s_pkg
            tables:
              - name: e
                columns:
                  - name: id
                    data_tests: [is_even]
        models:
          - name: pkg_model
            columns:
              - name: n
                data_tests: [is_even]

        """,
        "packages/helpers/models/pkg_model.sql": "select count(*) as n from << source('shared', 't') >>, << source('only_pkg', 'e') >>\n",
        "packages/helpers/models/docs.md": "{% docs events %}One row per event.{% enddocs %}\n",
        "packages/helpers/tests/generic/is_even.sql": """
        << test is_even(model, column_name) >>select * from << model >> where << column_name >> % 2 <> 0<< endtest >>

        """,
        "packages/helpers/tests/assert_some_rows.sql": "select * from << ref('pkg_model') >> where n = 0\n",
        "packages/helpers/analyses/event_ids.sql": "select id from << source('only_pkg', 'e') >>\n",
    ]

    @Test func aPackagesSourcesAreItsOwnAndResolveInDbtsOrder() throws {
        let (compiled, diags) = try CompilerRegressionTests.compile(Self.files)
        #expect(diags.isEmpty, "\(diags)")
        let nodes = try #require(compiled?.nodes)
        let own = try #require(nodes["source.helpers.only_pkg.e"])
        #expect(own.packageName == "helpers")
        #expect(own.fqn == ["helpers", "only_pkg", "e"])
        #expect(nodes["source.shop.only_pkg.e"] == nil)
        // The same source name in the project and the package is two sources, not a duplicate.
        #expect(nodes["source.shop.shared.t"]?.relation?.schema == "s_root")
        #expect(nodes["source.helpers.shared.t"]?.relation?.schema == "s_pkg")
        // dbt searches the root project, then the node's package, then any package.
        let pkgModel = try #require(nodes["model.helpers.pkg_model"])
        #expect(pkgModel.dependsOn == ["source.helpers.only_pkg.e", "source.shop.shared.t"])
        #expect(pkgModel.compiledCode.contains("\"s_root\".\"t\""), "\(pkgModel.compiledCode)")
        #expect(pkgModel.compiledCode.contains("\"s_pkg\".\"e\""), "\(pkgModel.compiledCode)")
        let rootModel = try #require(nodes["model.shop.root_reads"])
        #expect(rootModel.dependsOn == ["source.helpers.only_pkg.e", "source.shop.shared.t"])
    }

    @Test func aPackagesTestsAnalysesAndDocsBlocksAreLoaded() throws {
        let (compiled, diags) = try CompilerRegressionTests.compile(Self.files)
        #expect(diags.isEmpty, "\(diags)")
        let nodes = try #require(compiled?.nodes)
        let singular = try #require(nodes["test.helpers.assert_some_rows"])
        #expect(singular.packageName == "helpers" && singular.dependsOn == ["model.helpers.pkg_model"])
        // tests/generic/ of the package defines is_even; its uses belong to the package.
        let generic = nodes.values.filter { $0.testName == "is_even" }.map(\.uniqueId).sorted()
        #expect(generic.count == 2 && generic.allSatisfy { $0.hasPrefix("test.helpers.") }, "\(generic)")
        #expect(nodes.values.contains { $0.testName == "is_even" && $0.dependsOn == ["source.helpers.only_pkg.e"] })
        let analysis = try #require(nodes["analysis.helpers.event_ids"])
        #expect(analysis.dependsOn == ["source.helpers.only_pkg.e"])
        #expect(compiled?.project.properties.sources.first { $0.sourceName == "only_pkg" }?.sourceDescription == "One row per event.")
    }

    @Test func aSourceDeclaredTwiceInOnePackageIsStillAnError() throws {
        var files = Self.files
        files["packages/helpers/models/_more.yml"] = "sources:\n  - name: only_pkg\n    tables: [{name: e}]\n"
        let (compiled, diags) = try CompilerRegressionTests.compile(files)
        #expect(compiled == nil)
        #expect(diags.contains("packages/helpers/models/_more.yml:3:21: error: source 'only_pkg.e' is declared twice"), "\(diags)")
    }
}
