import Foundation
import SDBasics
import SDPackages
import SDProject
import Testing

/// `swiftdbt deps` end to end on local disk: git packages are cloned from bare repositories made
/// here, hub packages resolve through a fake hub to those repositories. `.serialized`: each test
/// runs git several times, and the suite shares the machine's two cores with the rest.
@Suite("deps: install local, git and hub packages, pin them in package-lock.yml", .serialized)
struct DepsInstallerTests {
    let helperProject = "name: helpers\n"
    let helperMacro = "<< macro cents(col) >><< col >> / 100<< endmacro >>\n"

    @Test func aLocalPackageIsLinkedAndPinned() async throws {
        let w = try PackageWorld()
        defer { w.remove() }
        try w.write("helpers/project.yml", helperProject)
        try w.write("helpers/macros/cents.sql", helperMacro)
        try w.write("project/packages.yml", "packages:\n  - local: ../helpers\n")
        let report = try await w.installer().run()
        #expect(report.installed.map(\.name) == ["helpers"])
        // Linked as dbt does, so an edit to the package shows without another deps.
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: w.project + "/packages/helpers")
        #expect(link == URL(fileURLWithPath: w.dir + "/helpers").standardizedFileURL.path)
        #expect(w.read("project/package-lock.yml")?.contains("local: \"../helpers\"") == true)
        let again = try await w.installer().run()
        #expect(again.fromLock)

        // A lock as dbt writes it (pins without `name:`, dbt's own hash) is resolved again and rewritten.
        try w.write("project/package-lock.yml", "packages:\n  - local: ../helpers\nsha1_hash: 0123\n")
        let fromDbt = try await w.installer().run()
        #expect(!fromDbt.fromLock)
        #expect(fromDbt.diagnostics.contains { $0.severity == .warning && $0.message.hasPrefix("package-lock.yml is not a lock") })
        #expect(w.read("project/package-lock.yml")?.contains("name: \"helpers\"") == true)
    }

    @Test func aGitPackageIsPinnedToItsCommitAndTheLockHoldsItUntilUpgrade() async throws {
        let w = try PackageWorld()
        defer { w.remove() }
        let first = try w.commit(repo: "acme/util", ["project.yml": "name: util\n", "macros/m.sql": "<< macro v() >>1<< endmacro >>\n"])
        try w.write("project/packages.yml", "packages:\n  - git: https://github.com/acme/util.git\n    revision: main\n")
        _ = try await w.installer().run()
        #expect(w.read("project/package-lock.yml")?.contains("revision: \"\(first)\"") == true)
        #expect(w.read("project/packages/util/macros/m.sql")?.contains("1<<") == true)
        #expect(!w.exists("project/packages/util/.git"))

        // main moves on: a second deps installs the pinned commit, --upgrade the new head.
        let second = try w.commit(repo: "acme/util", ["macros/m.sql": "<< macro v() >>2<< endmacro >>\n"])
        let pinned = try await w.installer().run()
        #expect(pinned.fromLock)
        #expect(w.read("project/packages/util/macros/m.sql")?.contains("1<<") == true)
        _ = try await w.installer().run(upgrade: true)
        #expect(w.read("project/packages/util/macros/m.sql")?.contains("2<<") == true)
        #expect(w.read("project/package-lock.yml")?.contains("revision: \"\(second)\"") == true)
    }

    @Test func aPackagesOwnDependenciesAreInstalledOnceAndPinned() async throws {
        let w = try PackageWorld()
        defer { w.remove() }
        try w.commit(repo: "acme/util", ["project.yml": "name: util\n"])
        try w.write("shared/project.yml", "name: shared\n")
        try w.write("helpers/project.yml", helperProject)
        // helpers' local path is relative to helpers; util is declared by both helpers and the project.
        try w.write("helpers/packages.yml", "packages:\n  - local: ../shared\n  - git: https://github.com/acme/util.git\n    revision: main\n")
        try w.write("project/packages.yml", "packages:\n  - local: ../helpers\n  - git: https://github.com/acme/util.git\n    revision: main\n")
        let report = try await w.installer().run()
        #expect(report.installed.map(\.name) == ["helpers", "util", "shared"])
        #expect(w.exists("project/packages/shared/project.yml"))
        let again = try await w.installer().run()
        #expect(again.fromLock)
        #expect(again.installed.map(\.name) == ["helpers", "util", "shared"])
    }

    @Test func lockOnlyPinsWithoutInstalling() async throws {
        let w = try PackageWorld()
        defer { w.remove() }
        try w.commit(repo: "acme/other", ["project.yml": "name: other\n"])
        let head = try w.commit(
            repo: "acme/util", ["project.yml": "name: util\n", "packages.yml": "packages:\n  - git: https://github.com/acme/other.git\n"])
        try w.write("project/packages.yml", "packages:\n  - git: https://github.com/acme/util.git\n    revision: main\n")
        let report = try await w.installer().run(lockOnly: true)
        // The lock has util's own dependency too, so a later deps from it installs everything.
        #expect(report.installed.map(\.name) == ["util", "other"])
        #expect(w.read("project/package-lock.yml")?.contains("revision: \"\(head)\"") == true)
        #expect((try? FileManager.default.contentsOfDirectory(atPath: w.project + "/packages")) == [])
    }

    @Test func aGitSubdirectoryIsThePackage() async throws {
        let w = try PackageWorld()
        defer { w.remove() }
        try w.commit(repo: "acme/mono", ["README.md": "x\n", "pkgs/dates/project.yml": "name: dates\n"], tag: "v1")
        try w.write("project/packages.yml", "packages:\n  - git: https://github.com/acme/mono.git\n    revision: v1\n    subdirectory: pkgs/dates\n")
        let report = try await w.installer().run()
        #expect(report.installed.map(\.name) == ["dates"])
        #expect(w.exists("project/packages/dates/project.yml"))
        #expect(!w.exists("project/packages/dates/README.md"))
    }

    @Test func aFailedInstallKeepsThePreviousPackageAndLock() async throws {
        let w = try PackageWorld()
        defer { w.remove() }
        try w.commit(repo: "acme/util", ["project.yml": "name: util\n", "macros/m.sql": "-- first\n"], tag: "1.0.0")
        try w.write("project/packages.yml", "packages:\n  - git: https://github.com/acme/util.git\n    revision: 1.0.0\n")
        _ = try await w.installer().run()
        let lock = w.read("project/package-lock.yml")
        try w.write("project/packages.yml", "packages:\n  - git: https://github.com/acme/util.git\n    revision: 9.9.9\n")
        do {
            _ = try await w.installer().run()
            Issue.record("a revision the repository lacks must fail")
        } catch {
            #expect(error.diagnostics.first?.message == "revision '9.9.9' is not in https://github.com/acme/util.git")
            // Positioned at the entry in packages.yml.
            #expect(error.diagnostics.first?.range?.file.path == "packages.yml")
        }
        #expect(w.read("project/packages/util/macros/m.sql") == "-- first\n")
        #expect(w.read("project/package-lock.yml") == lock)
    }

    @Test func hubNamesResolveThroughTheHubToTheNewestAdmittedTag() async throws {
        let w = try PackageWorld()
        defer { w.remove() }
        for v in ["1.0.0", "1.1.0", "2.0.0"] {
            try w.commit(repo: "acme/dbt-dates", ["project.yml": "name: dates\n", "VERSION": v + "\n"], tag: v)
        }
        let hub = try await FakeHub(packages: ["acme/dates": ("acme/dbt-dates", ["1.0.0", "1.1.0", "2.0.0"])])
        let url = await hub.url
        try w.write("project/packages.yml", "packages:\n  - package: acme/dates\n    version: [\">=1.0.0\", \"<2.0.0\"]\n")
        let report = try await w.installer(hub: url).run()
        #expect(report.installed.first?.what == "hub acme/dates 1.1.0")
        #expect(w.read("project/packages/dates/VERSION") == "1.1.0\n")
        #expect(w.read("project/package-lock.yml")?.contains("package: \"acme/dates\"\n    version: \"1.1.0\"") == true)

        try w.write("project/packages.yml", "packages:\n  - package: acme/nope\n    version: 1.0.0\n")
        do {
            _ = try await w.installer(hub: url).run()
            Issue.record("an unknown hub package must fail")
        } catch {
            #expect(error.diagnostics.first?.message == "package 'acme/nope' was not found on the package hub")
        }
        await hub.stop()
    }

    @Test func aDbtPackageIsConvertedIntoThePackagesFolderAndTheSourceIsLeftAlone() async throws {
        let w = try PackageWorld()
        defer { w.remove() }
        try w.write("legacy/dbt_project.yml", "name: legacy\nversion: '1.0.0'\n")
        try w.write("legacy/macros/m.sql", "{% macro m() %}1{% endmacro %}\n")
        try w.write("project/packages.yml", "packages:\n  - local: ../legacy\n")
        let report = try await w.installer().run()
        #expect(report.installed.map(\.name) == ["legacy"])
        // Converted into a real folder, never a link to (or a write into) the dbt package.
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: w.project + "/packages/legacy")) == nil)
        #expect(w.exists("project/packages/legacy/project.yml"))
        let macro = w.read("project/packages/legacy/macros/m.sql") ?? ""
        #expect(macro.contains("<< macro m() >>") && !macro.contains("{%"), "\(macro)")
        #expect(!w.exists("legacy/project.yml"))
    }
}
