import Foundation
import Testing

/// `compile --select` answered from the last full compile (CompileCommand+Select.swift): whatever
/// the selection, it prints what a selected compile from nothing prints, byte for byte, and it is
/// never used once anything that compile read or wrote has changed.
@Suite(.serialized) struct CompileSelectCommandTests {
    static let files: [String: String] = [
        "models/staging/stg_orders.sql": "<< config(tags=['daily']) >>\nselect 1 as id, 20 as total, 'paid' as status\n",
        "models/staging/stg_customers.sql": "select 1 as id, 'Ann\tTab' as name\n",
        "models/staging/eph_paid.sql": "<< config(materialized='ephemeral') >>\nselect * from << ref('stg_orders') >> where status = 'paid'\n",
        "models/marts/orders.sql":
            "<< config(materialized='table', tags=['daily', 'finance']) >>\nselect o.id, c.name from << ref('eph_paid') >> o join << ref('stg_customers') >> c using (id)\n",
        "models/marts/big_orders.sql": "select id from << ref('orders') >> where id > 0\n",
        "models/marts/props.yml": """
        version: 2
        models:
          - name: orders
            columns:
              - name: id
                data_tests: [not_null, unique]
          - name: big_orders
            config: {meta: {owner: ann}}
        """,
        "analyses/order_count.sql": "select count(*) from << ref('orders') >>\n",
        "selectors.yml": """
        selectors:
          - name: marts_only
            definition:
              method: path
              value: models/marts
        """,
    ]

    /// A file's identity: a new write (temporary renamed into place) changes it.
    static func identity(_ p: TempProject, _ path: String) -> String? {
        var st = stat()
        guard stat(p.root + "/" + path, &st) == 0 else { return nil }
        return "\(st.st_ino) \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec) \(st.st_size)"
    }

    /// What a command printed, with its exit status.
    static func printed(_ r: CLI.Result) -> String { "status \(r.status)\n--- stdout\n\(r.stdout)--- stderr\n\(r.stderr)" }

    /// Every selection, in a project compiled in full, prints what the same selected compile prints
    /// in a copy that was never compiled, and leaves the full compile's manifest and cache record
    /// untouched (so it did not compile). The selected nodes' compiled files are the ones the
    /// selected compile writes.
    @Test func aSelectionFromTheLastCompilePrintsWhatACompileFromNothingPrints() async throws {
        let warm = try TempProject(files: Self.files)
        let full = try await CLI.swiftdbt(["compile", "--no-color"], in: warm)
        #expect(full.status == 0, "\(full.stderr)")
        let manifest = try #require(Self.identity(warm, "target/manifest.json"))
        #expect(Self.identity(warm, "target/swiftdbt-compile-cache.txt") != nil, "a full compile is not recorded")
        #expect(Self.identity(warm, "target/swiftdbt-graph.txt") != nil, "a full compile saves no graph")

        let selections: [[String]] = [
            ["-s", "orders"], ["-s", "big_orders", "-q"], ["-s", "+orders"], ["-s", "stg_orders+"], ["-s", "@orders"],
            ["-s", "tag:daily"], ["-s", "tag:finance", "--exclude", "resource_type:test"], ["-s", "path:models/staging"],
            ["-s", "config.materialized:table"], ["-s", "config.meta.owner:ann"], ["-s", "resource_type:analysis"],
            ["-s", "test_name:unique"], ["-s", "eph_paid"], ["-s", "proj.marts.*"], ["--exclude", "staging"],
            ["--selector", "marts_only"], ["-s", "nothing_here"], ["-s", "orders", "nothing_here"], ["-s", "nosuch:x"],
            ["-s", "orders", "--log-level", "warn"], ["-s", "stg_customers"],
        ]
        for args in selections {
            let cold = try TempProject(files: Self.files)
            let expected = try await CLI.swiftdbt(["compile", "--no-color"] + args, in: cold)
            let answered = try await CLI.swiftdbt(["compile", "--no-color"] + args, in: warm)
            #expect(Self.printed(answered) == Self.printed(expected), "\(args)")
            #expect(Self.identity(warm, "target/manifest.json") == manifest, "\(args) compiled")
            // A compile would have removed the record (a selected compile is not recorded); the first
            // hit may rewrite it with stamps that have aged past the racy window (CompileCache.swift).
            #expect(Self.identity(warm, "target/swiftdbt-compile-cache.txt") != nil, "\(args) compiled")
            // Each compiled file the selected compile wrote is in the full compile's output, the same.
            let written = FileManager.default.enumerator(atPath: cold.root + "/target/compiled")?.allObjects as? [String] ?? []
            for path in written where path.hasSuffix(".sql") {
                #expect(try warm.read("target/compiled/" + path) == cold.read("target/compiled/" + path), "\(args): \(path)")
            }
        }
        // And the full compile itself still hits.
        let again = try await CLI.swiftdbt(["compile", "--no-color"], in: warm)
        #expect(again.stdout == full.stdout && Self.identity(warm, "target/manifest.json") == manifest)
    }

    /// `ls` lists from the same saved graph (ListCommand.swift): the same lines as an `ls` of a copy
    /// never compiled, for the outputs the graph can answer; `--output json` loads the project, and
    /// so does any `ls` after an edit.
    @Test func lsListsFromTheLastCompile() async throws {
        let warm = try TempProject(files: Self.files)
        #expect(try await CLI.swiftdbt(["compile", "--quiet"], in: warm).status == 0)
        let cold = try TempProject(files: Self.files)
        let listings: [[String]] = [
            [], ["-s", "+orders"], ["--output", "name", "-s", "tag:daily"], ["--output", "path", "--resource-type", "test"],
            ["--exclude-resource-type", "test"], ["-s", "nothing_here"], ["--selector", "marts_only"], ["--resource-type", "bogus"],
            ["--output", "json", "-s", "orders"], ["-q", "-s", "staging"],
        ]
        for args in listings {
            let expected = try await CLI.swiftdbt(["ls", "--no-color"] + args, in: cold)
            let answered = try await CLI.swiftdbt(["ls", "--no-color"] + args, in: warm)
            #expect(Self.printed(answered) == Self.printed(expected), "\(args)")
        }
        let said = "Listed from the graph the last compile saved"
        let fromGraph = try await CLI.swiftdbt(["ls", "--no-color", "--debug", "-s", "orders"], in: warm)
        #expect(fromGraph.stdout.contains(said), "\(fromGraph.stdout)")
        try warm.write("models/marts/big_orders.sql", "select 2 as id\n")
        let edited = try await CLI.swiftdbt(["ls", "--no-color", "--debug", "-s", "orders"], in: warm)
        #expect(edited.status == 0 && !edited.stdout.contains(said), "\(edited.stdout)")
    }

    /// An edit since the full compile (here: the parent's alias, which the selected model's SQL
    /// names) means the saved graph and compiled files no longer stand: the selection compiles.
    @Test func anEditSinceTheFullCompileCompilesTheSelection() async throws {
        let p = try TempProject(files: Self.files)
        #expect(try await CLI.swiftdbt(["compile", "--quiet"], in: p).status == 0)
        try p.write("models/marts/orders.sql", "<< config(materialized='table', alias='orders_v2') >>\nselect 1 as id\n")
        let r = try await CLI.swiftdbt(["compile", "--no-color", "-s", "big_orders"], in: p)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"orders_v2\""), "\(r.stdout)")
        #expect(r.stdout.hasPrefix("Found 5 models, 1 analysis, 2 data tests\nCompiled 1 node for target 'local'"), "\(r.stdout)")
    }

    /// Editing a model and compiling just it: the one-edit compile patches the full compile's
    /// outputs (CompilePatch.swift) and the selection is answered from them, printing what a selected
    /// compile from nothing of the edited project prints; no full compile runs (the saved graph,
    /// which only a full compile writes, stays), and a later `compile` hits.
    @Test func anEditedModelIsPatchedThenSelected() async throws {
        let warm = try TempProject(files: Self.files)
        let full = try await CLI.swiftdbt(["compile", "--no-color"], in: warm)
        #expect(full.status == 0, "\(full.stderr)")
        let graph = try #require(Self.identity(warm, "target/swiftdbt-graph.txt"))
        let manifest = try #require(Self.identity(warm, "target/manifest.json"))
        let edited = "select id from << ref('orders') >> where id > 5\n"
        try warm.write("models/marts/big_orders.sql", edited)

        let answered = try await CLI.swiftdbt(["compile", "--no-color", "-s", "big_orders"], in: warm)
        var files = Self.files
        files["models/marts/big_orders.sql"] = edited
        let cold = try TempProject(files: files)
        let expected = try await CLI.swiftdbt(["compile", "--no-color", "-s", "big_orders"], in: cold)
        #expect(Self.printed(answered) == Self.printed(expected))
        #expect(answered.stdout.contains("where id > 5"), "\(answered.stdout)")
        #expect(Self.identity(warm, "target/swiftdbt-graph.txt") == graph, "a full compile ran")
        #expect(Self.identity(warm, "target/manifest.json") != manifest, "the manifest was not patched")
        #expect(try warm.read("target/manifest.json").contains("where id > 5"))

        let patched = try #require(Self.identity(warm, "target/manifest.json"))
        let again = try await CLI.swiftdbt(["compile", "--no-color"], in: warm)
        #expect(again.stdout == full.stdout && Self.identity(warm, "target/manifest.json") == patched, "\(again.stdout)")
    }

    /// The check before selecting leaves the compiled files out; the selected node's own is checked
    /// after: edited by hand, it is compiled again (and printed as compiled), while an edit of a
    /// compiled file the selection does not need leaves the answer to the saved graph.
    @Test func aChangedCompiledFileOfTheSelectionIsCompiledAgain() async throws {
        let p = try TempProject(files: Self.files)
        #expect(try await CLI.swiftdbt(["compile", "--quiet"], in: p).status == 0)
        let manifest = try #require(Self.identity(p, "target/manifest.json"))
        try p.write("target/compiled/proj/models/staging/stg_customers.sql", "-- edited by hand\n")
        let other = try await CLI.swiftdbt(["compile", "--no-color", "-s", "big_orders"], in: p)
        #expect(other.status == 0 && other.stdout.contains("Compiled node 'big_orders' is:"), "\(other.stdout)\(other.stderr)")
        #expect(Self.identity(p, "target/manifest.json") == manifest, "an unselected compiled file's edit made -s compile")

        try p.write("target/compiled/proj/models/marts/big_orders.sql", "-- edited by hand\n")
        let own = try await CLI.swiftdbt(["compile", "--no-color", "-s", "big_orders"], in: p)
        #expect(own.status == 0, "\(own.stderr)")
        #expect(!own.stdout.contains("edited by hand") && own.stdout.contains("where id > 0"), "\(own.stdout)")
        #expect(Self.identity(p, "target/manifest.json") != manifest, "the selected node's edited file was trusted")
        #expect(try p.read("target/compiled/proj/models/marts/big_orders.sql").contains("where id > 0"))
    }

    /// A damaged or replaced graph file is an output that changed: the selection compiles, correctly.
    @Test func aDamagedGraphIsNotTrusted() async throws {
        let p = try TempProject(files: Self.files)
        #expect(try await CLI.swiftdbt(["compile", "--quiet"], in: p).status == 0)
        let graph = try p.read("target/swiftdbt-graph.txt")
        try p.write("target/swiftdbt-graph.txt", graph.replacingOccurrences(of: "big_orders", with: "big_ordurs"))
        let r = try await CLI.swiftdbt(["compile", "--no-color", "-s", "big_orders"], in: p)
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        #expect(r.stdout.contains("Compiled node 'big_orders' is:"), "\(r.stdout)")
    }

    /// `--selector` is part of what a compile's record is kept under: a compile of everything does
    /// not answer for `compile --selector NAME` (it once did, printing every node as compiled).
    @Test func aSelectorIsNotAnsweredWithTheWholeProject() async throws {
        let p = try TempProject(files: Self.files)
        let all = try await CLI.swiftdbt(["compile", "--no-color"], in: p)
        #expect(all.stdout.contains("Compiled 8 nodes"), "\(all.stdout)")
        // Without the saved graph only the cache record could answer.
        try FileManager.default.removeItem(atPath: p.root + "/target/swiftdbt-graph.txt")
        let marts = try await CLI.swiftdbt(["compile", "--no-color", "--selector", "marts_only"], in: p)
        #expect(marts.status == 0, "\(marts.stderr)")
        #expect(marts.stdout.contains("Compiled 4 nodes"), "\(marts.stdout)")
    }
}
