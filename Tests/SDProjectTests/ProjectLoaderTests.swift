import SDBasics
import SDTestSupport
import Testing

@testable import SDProject

@Suite("project loading")
struct ProjectLoaderTests {
    static func load(_ files: [String: String]) throws -> (Project, [Diagnostic]) {
        let fs = MemoryFileSystem(files.merging(["project.yml": "name: shop\n"]) { a, _ in a })
        let loader = ProjectLoader(fileSystem: fs, adapters: ProfilesTests.adapters)
        var bag = DiagnosticBag()
        let config = try #require(loader.loadConfig(root: ".", diagnostics: &bag))
        let project = loader.load(root: ".", config: config, render: { t, _, _ in t }, diagnostics: &bag)
        return (project, bag.diagnostics)
    }

    @Test func filesAreSortedIntoTheirKinds() throws {
        let (p, diags) = try Self.load([
            "models/marts/orders.sql": "select 1", "models/_schema.yml": "version: 2\n", "seeds/countries.csv": "a\n1\n",
            "macros/m.sql": "", "tests/assert_x.sql": "select 1", "tests/generic/positive.sql": "",
        ])
        #expect(diags.isEmpty)
        #expect(p.models.map(\.name) == ["orders"])
        #expect(p.models.first?.folders == ["marts"])
        #expect(p.models.first?.path == "models/marts/orders.sql")
        #expect(p.seeds.map(\.name) == ["countries"])
        #expect(p.macroFiles.map(\.path).sorted() == ["macros/m.sql", "tests/generic/positive.sql"])
        #expect(p.singularTests.map(\.name) == ["assert_x"])
    }

    /// Hidden copies (Jupyter checkpoints, macOS resource forks) were loaded as models and then
    /// reported as duplicates of the real ones.
    @Test func hiddenFilesAndFoldersAreIgnored() throws {
        let (p, diags) = try Self.load([
            "models/orders.sql": "select 1",
            "models/.ipynb_checkpoints/orders-checkpoint.sql": "select 1",
            "models/._orders.sql": "junk",
        ])
        #expect(diags.isEmpty, "\(diags.map(\.message))")
        #expect(p.models.map(\.path) == ["models/orders.sql"])
    }

    @Test func duplicateModelNamesAcrossFolders() throws {
        let (_, diags) = try Self.load(["models/a/orders.sql": "select 1", "models/b/orders.sql": "select 2"])
        #expect(diags.map(\.message) == ["two models are named 'orders'"])
        #expect(diags.first?.path == "models/b/orders.sql")
        #expect(diags.first?.notes.first?.path == "models/a/orders.sql")
    }

    /// The byte scans that replaced splitting each path into components: the same answers as the
    /// component-wise definitions, on the shapes paths take (nested, dotted, hidden, odd).
    @Test func namesFoldersAndHiddenPathsAsTheComponentsSay() {
        func byComponents(_ rel: String) -> (String, [String], Bool) {
            var parts = rel.split(separator: "/").map(String.init)
            let hidden = parts.contains { $0.hasPrefix(".") }
            let fileName = parts.popLast() ?? rel
            let stem = fileName.split(separator: ".", omittingEmptySubsequences: false).dropLast().joined(separator: ".")
            return (stem.isEmpty ? fileName : stem, parts, hidden)
        }
        let paths = [
            "orders.sql", "marts/orders.sql", "a/b/c/orders.v2.sql", "Makefile", ".sql", "..sql", "x.", "a..",
            "marts/.hidden/x.sql", ".ipynb_checkpoints/x.sql", "a/._x.sql", "a.b/c", "a//b.sql", "", "é/ß.sql", "a/b.c/d",
        ]
        for rel in paths {
            let (name, folders) = ProjectLoader.split(rel)
            let expected = byComponents(rel)
            #expect(name == expected.0, "\(rel)")
            #expect(folders == expected.1, "\(rel)")
            #expect(ProjectLoader.isHidden(rel) == expected.2, "\(rel)")
        }
    }
}
