import SDBasics
import SDTestSupport
import Testing

@testable import SDProject

@Suite("installed packages join the project")
struct PackagesLoadTests {
    static let declared = "packages:\n  - local: ../helpers\n"

    static func lock(_ declarations: String) -> String {
        var bag = DiagnosticBag()
        let f = PackagesFile.parse(SourceFile(path: "packages.yml", text: declarations), diagnostics: &bag)
        return PackageLock(pins: [.init(name: "helpers", source: .local(path: "../helpers"))], sha1Hash: PackageLock.hash(of: f.packages)).text
    }

    @Test func declaredButNotInstalledAsksForDepsAtTheDeclaration() throws {
        let (_, diags) = try ProjectLoaderTests.load(["packages.yml": Self.declared, "models/a.sql": "select 1"])
        let d = try #require(diags.first { $0.severity == .error })
        #expect(d.message == "the packages of packages.yml are not installed")
        #expect(d.range.map { $0.file.location(of: $0.bytes.lowerBound).description } == "2:5")
        #expect(d.hint?.contains("swiftdbt deps") == true)
    }

    @Test func anEditedPackagesFileAsksForDepsAgain() throws {
        let (_, diags) = try ProjectLoaderTests.load([
            "packages.yml": "packages:\n  - local: ../other\n", "package-lock.yml": Self.lock(Self.declared),
            "packages/helpers/project.yml": "name: helpers\n",
        ])
        #expect(diags.contains { $0.severity == .error && $0.message.hasPrefix("packages.yml changed since the packages were installed") })
    }

    @Test func aPinnedPackageMissingFromTheInstallFolderIsAnError() throws {
        let (_, diags) = try ProjectLoaderTests.load(["packages.yml": Self.declared, "package-lock.yml": Self.lock(Self.declared)])
        #expect(diags.contains { $0.message == "package 'helpers' is not installed in packages/" })
    }

    @Test func aPackagesSourcesBelongToItAndMayShareTheProjectsNames() throws {
        let (p, diags) = try ProjectLoaderTests.load([
            "packages.yml": Self.declared, "package-lock.yml": Self.lock(Self.declared),
            "packages/helpers/project.yml": "name: helpers\n",
            "packages/helpers/models/src.yml": "sources:\n  - name: raw\n    tables: [{name: t}]\n",
            "models/src.yml": "sources:\n  - name: raw\n    tables: [{name: t}]\n",
        ])
        #expect(diags.isEmpty, "\(diags.map(\.message))")
        let owners = p.properties.sources.map { "\($0.package ?? "-").\($0.sourceName).\($0.name)" }.sorted()
        #expect(owners == ["-.raw.t", "helpers.raw.t"])
    }

    @Test func aPackagesTestsAnalysesAndDocsBlocksAreLoadedUnderItsName() throws {
        let (p, diags) = try ProjectLoaderTests.load([
            "packages.yml": Self.declared, "package-lock.yml": Self.lock(Self.declared),
            "packages/helpers/project.yml": "name: helpers\n",
            "packages/helpers/tests/assert_x.sql": "select 1",
            "packages/helpers/tests/generic/positive.sql": "",
            "packages/helpers/tests/fixtures/rows.csv": "a\n1\n",
            "packages/helpers/analyses/a.sql": "select 1",
            "packages/helpers/models/docs.md": "{% docs shared %}package{% enddocs %}\n{% docs own %}x{% enddocs %}\n",
            "models/docs.md": "{% docs shared %}project{% enddocs %}\n",
        ])
        #expect(diags.isEmpty, "\(diags.map(\.message))")
        #expect(p.singularTests.map { "\($0.package ?? "-") \($0.path)" } == ["helpers packages/helpers/tests/assert_x.sql"])
        #expect(p.macroFiles.map(\.path) == ["packages/helpers/tests/generic/positive.sql"])
        #expect(p.analyses.map { "\($0.package ?? "-") \($0.name)" } == ["helpers a"])
        // The project's docs block of a name wins over the package's, as dbt's doc() looks in the root project first.
        #expect(p.docBlocks["shared"]?.text == "project")
        #expect(p.docBlocks["own"]?.text == "x")
    }

    @Test func macrosAndModelsOfAnInstalledPackageAreLoadedUnderItsName() throws {
        let (p, diags) = try ProjectLoaderTests.load([
            "packages.yml": Self.declared, "package-lock.yml": Self.lock(Self.declared),
            "packages/helpers/project.yml": "name: helpers\nmodels:\n  +materialized: table\n",
            "packages/helpers/macros/cents.sql": "<< macro cents(c) >><< c >> / 100<< endmacro >>",
            "packages/helpers/models/calendar.sql": "select 1 as d",
            "models/orders.sql": "select 1",
        ])
        #expect(diags.filter { $0.severity == .error }.isEmpty, "\(diags.map(\.message))")
        #expect(p.macroFiles.map(\.path) == ["packages/helpers/macros/cents.sql"])
        let calendar = try #require(p.models.first { $0.name == "calendar" })
        #expect(calendar.package == "helpers")
        #expect(calendar.path == "packages/helpers/models/calendar.sql")
        #expect(p.models.first { $0.name == "orders" }?.package == nil)
        #expect(p.modelConfigs(for: calendar).config(for: ["calendar"])["materialized"]?.stringValue == "table")
    }
}

@Suite("project.yml dispatch: the one search order swiftdbt implements")
struct DispatchConfigTests {
    @Test func theProjectThenThePackageIsAcceptedAnyOtherOrderIsRefusedAtIt() {
        let ok = DbtSupportTests.project("name: shop\ndispatch:\n  - macro_namespace: helpers\n    search_order: ['shop', 'helpers']\n")
        #expect(ok.isEmpty, "\(ok.map(\.message))")
        let shim = DbtSupportTests.project(
            "name: shop\ndispatch:\n  - macro_namespace: helpers\n    search_order: ['shop', 'shim', 'helpers']\n")
        let d = shim.first { $0.severity == .error }
        #expect(d?.message == "this dispatch search order is not supported")
        #expect(d?.range.map { $0.file.location(of: $0.bytes.lowerBound).description } == "4:19")
    }
}
