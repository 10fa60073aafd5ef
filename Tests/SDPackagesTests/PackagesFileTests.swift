import SDBasics
import SDProject
import Testing

@Suite("packages.yml: dbt's three kinds of package, read with positions")
struct PackagesFileTests {
    func parse(_ text: String) -> (PackagesFile, [Diagnostic]) {
        var bag = DiagnosticBag()
        let f = PackagesFile.parse(SourceFile(path: "packages.yml", text: text), diagnostics: &bag)
        return (f, bag.diagnostics)
    }

    func place(_ d: Diagnostic?) -> String {
        guard let r = d?.range else { return "none" }
        let at = r.file.location(of: r.bytes.lowerBound)
        return "\(at.line):\(at.column)"
    }

    @Test func readsLocalGitAndHubPackages() {
        let (f, d) = parse(
            """
            packages:
              - local: ../helpers
              - git: "https://example.com/acme/util.git"
                revision: 1.2.0
                subdirectory: pkg
              - package: acme/dates
                version: [">=1.0.0", "<2.0.0"]
            """)
        #expect(d.isEmpty)
        #expect(
            f.packages.map(\.source) == [
                .local(path: "../helpers"), .git(url: "https://example.com/acme/util.git", revision: "1.2.0", subdirectory: "pkg"),
                .hub(name: "acme/dates", versions: [">=1.0.0", "<2.0.0"], installPrerelease: false),
            ])
    }

    @Test func mistakesArePositionedAtTheKeyOrValue() {
        let (f, d) = parse(
            """
            packages:
              - package: dbt_utils
                version: 1.0.0
              - package: acme/dates
              - git: https://example.com/x.git
                revison: main
              - local: ../a
                version: 1.0.0
              - package: acme/x
                version: "about one"
            """)
        #expect(f.packages.isEmpty)
        let byMessage = Dictionary(d.map { ($0.message, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(place(byMessage["hub package 'dbt_utils' must be named 'org/name'"]) == "2:14")
        #expect(place(byMessage["hub package 'acme/dates' needs a 'version:'"]) == "4:14")
        #expect(place(byMessage["unknown package key 'revison'"]) == "6:5")
        #expect(byMessage["unknown package key 'revison'"]?.notes.first?.message == "did you mean 'revision'?")
        #expect(place(byMessage["'version' does not apply to a 'local:' package"]) == "8:5")
        #expect(place(byMessage["'about one' is not a version constraint"]) == "10:14")
    }

    @Test func anUnpinnedGitPackageIsAWarningAndTarballsAreRefused() {
        let (f, d) = parse("packages:\n  - git: https://example.com/x.git\n  - tarball: https://example.com/x.tgz\n    name: x\n")
        #expect(f.packages.count == 1)
        #expect(d.contains { $0.severity == .warning && $0.message.contains("has no revision") })
        #expect(d.contains { $0.severity == .error && $0.message == "'tarball' packages are not supported" && place($0) == "3:5" })
    }

    @Test func versionRangesPickTheNewestReleaseTheyAdmit() throws {
        let available = ["0.9.0", "1.0.0", "1.1.0", "1.2.0-b1", "2.0.0"]
        let range = [">=1.0.0", "<2.0.0"].compactMap { try? VersionConstraint.parse($0) }
        #expect(range.count == 2)
        #expect(VersionConstraint.best(range, among: available, prerelease: false) == "1.1.0")
        #expect(VersionConstraint.best(range, among: available, prerelease: true) == "1.2.0-b1")
        #expect(VersionConstraint.best([try VersionConstraint.parse("0.9.0")], among: available, prerelease: false) == "0.9.0")
        #expect(VersionConstraint.best([try VersionConstraint.parse(">2.0.0")], among: available, prerelease: false) == nil)
    }

    @Test func theLockFileReadsBackAsWritten() throws {
        let lock = PackageLock(
            pins: [
                .init(name: "helpers", source: .local(path: "../helpers")),
                .init(name: "util", source: .git(url: "https://example.com/u.git", revision: "0123abcd", subdirectory: nil)),
                .init(name: "dates", source: .hub(name: "acme/dates", versions: ["1.1.0"], installPrerelease: false)),
            ], sha1Hash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b")
        var bag = DiagnosticBag()
        let back = PackageLock.parse(SourceFile(path: "package-lock.yml", text: lock.text), diagnostics: &bag)
        #expect(bag.diagnostics.isEmpty)
        #expect(back == lock)
        #expect(lock.text.hasPrefix("packages:\n  - name: \"helpers\"\n    local: \"../helpers\"\n"))
    }

    @Test func theHashFollowsWhatIsDeclaredNotHowItIsWritten() {
        let (a, _) = parse("packages:\n  - local: ../helpers # our macros\n")
        let (b, _) = parse("packages:\n- {local: \"../helpers\"}\n")
        let (c, _) = parse("packages:\n  - local: ../other\n")
        #expect(PackageLock.hash(of: a.packages) == PackageLock.hash(of: b.packages))
        #expect(PackageLock.hash(of: a.packages) != PackageLock.hash(of: c.packages))
    }
}
