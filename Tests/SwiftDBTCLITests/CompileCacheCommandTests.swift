import Foundation
import Testing

/// The compile cache as `swiftdbt compile` uses it (CompileCommand, CompileCache.swift): a hit prints
/// exactly what the compile it replaces would print at the console level asked for, and a compile
/// whose output a level hides is not replayed at another.
@Suite(.serialized) struct CompileCacheCommandTests {
    static func project(profileExtra: String = "") throws -> TempProject {
        try TempProject(files: [
            "models/orders.sql": "select 1 as id, 20 as total\n",
            "models/big_orders.sql": "select id from << ref('orders') >> where total > 10\n",
            "profiles.yml": """
            proj:
              target: local
              outputs:
                local:
                  type: duckdb
                  path: target/test.duckdb
                  schema: main
            \(profileExtra)
            """,
        ])
    }

    /// Identifies one write of the cache file: every compile that records writes a new file (a
    /// temporary renamed into place, LocalFileSystem.writeFile), so a hit is a compile after which
    /// the identity is what it was before. nil: no cache file.
    static func cacheIdentity(_ p: TempProject) -> String? {
        var st = stat()
        // CompileCache.fileName (this target does not link SDCompiler).
        guard stat(p.root + "/target/swiftdbt-compile-cache.txt", &st) == 0 else { return nil }
        return "\(st.st_ino) \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec) \(st.st_size)"
    }

    static let summary = "Found 2 models\nCompiled 2 nodes for target 'local' (duckdb) into target/compiled/proj\n"

    @Test func aQuietCompileHitsAndPrintsNothingAndAnEditStillMisses() async throws {
        let p = try Self.project()
        let first = try await CLI.swiftdbt(["compile", "--quiet"], in: p)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.isEmpty && first.stderr.isEmpty, "\(first.stdout)\(first.stderr)")
        let recorded = try #require(Self.cacheIdentity(p), "a --quiet compile records the cache")

        let second = try await CLI.swiftdbt(["compile", "--quiet"], in: p)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.isEmpty && second.stderr.isEmpty, "\(second.stdout)\(second.stderr)")
        #expect(Self.cacheIdentity(p) == recorded, "the second --quiet compile was not a cache hit")

        try p.write("models/orders.sql", "select 2 as id, 30 as total\n")
        let edited = try await CLI.swiftdbt(["compile", "--quiet"], in: p)
        #expect(edited.status == 0, "\(edited.stderr)")
        #expect(edited.stdout.isEmpty && edited.stderr.isEmpty)
        #expect(Self.cacheIdentity(p) != recorded, "the compile after an edit was a hit")
        #expect(try p.read("target/compiled/proj/models/orders.sql").contains("select 2 as id"))
    }

    /// One recorded compile serves every level that only hides lines, each printing what a full
    /// compile at that level prints: the summary at the default level and at info, nothing above.
    @Test func aHitPrintsWhatTheCompileWouldAtEachLevel() async throws {
        let p = try Self.project()
        let full = try await CLI.swiftdbt(["compile", "--no-color"], in: p)
        #expect(full.status == 0, "\(full.stderr)")
        #expect(full.stdout == Self.summary, "\(full.stdout)")
        let recorded = try #require(Self.cacheIdentity(p))
        for (args, expected) in [
            ([String](), Self.summary), (["--log-level", "info"], Self.summary), (["--log-level", "warn"], ""),
            (["--log-level", "error"], ""), (["--log-level", "none"], ""), (["-q"], ""),
        ] {
            let r = try await CLI.swiftdbt(["compile", "--no-color"] + args, in: p)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(r.stdout == expected && r.stderr.isEmpty, "\(args): \(r.stdout)\(r.stderr)")
            #expect(Self.cacheIdentity(p) == recorded, "\(args) was not a cache hit")
        }
        // --debug may add lines, so it compiles (and records again).
        let debug = try await CLI.swiftdbt(["compile", "--no-color", "--debug"], in: p)
        #expect(debug.status == 0, "\(debug.stderr)")
        #expect(Self.cacheIdentity(p) != recorded, "--debug replayed the cache")
    }

    /// streaming/ files are inputs like the rest: the RTSA project (which has them) hits on the
    /// second compile, and an edit of its streaming file misses and reaches the manifest.
    @Test func aProjectWithStreamingFilesHitsAndAStreamingEditMisses() async throws {
        let p = try RTSACopy.project()
        let first = try await CLI.swiftdbt(["compile", "--quiet"], in: p)
        #expect(first.status == 0, "\(first.stderr)")
        let recorded = try #require(Self.cacheIdentity(p), "a project with streaming/ files was not recorded")
        let second = try await CLI.swiftdbt(["compile", "--no-color"], in: p)
        #expect(second.status == 0 && second.stderr.isEmpty, "\(second.stderr)")
        #expect(second.stdout.hasPrefix("Found "), "\(second.stdout)")
        #expect(Self.cacheIdentity(p) == recorded, "the second compile was not a cache hit")

        let streaming = try p.read("streaming/rtsa.yml")
        let edited = streaming.replacingOccurrences(of: "description: Raw ticks as the feed writes them", with: "description: Ticks, edited")
        #expect(edited != streaming)
        try p.write("streaming/rtsa.yml", edited)
        let third = try await CLI.swiftdbt(["compile", "--quiet"], in: p)
        #expect(third.status == 0, "\(third.stderr)")
        #expect(Self.cacheIdentity(p) != recorded, "the compile after a streaming edit was a hit")
        #expect(try p.read("target/manifest.json").contains("Ticks, edited"))
    }

    /// The one-edit compile (CompilePatch.swift) where users run it: in the project folder, where the
    /// root is "." and the record names inputs without it. It never patched there (every edit compiled
    /// in full), since it looked for the inputs under "./".
    @Test func aModelEditInTheProjectFolderIsPatched() async throws {
        let p = try Self.project()
        #expect(try await CLI.swiftdbt(["compile", "--quiet"], in: p).status == 0)
        var st = stat()
        // Only a full compile writes the saved graph (a patch rewrites the index's lines it changes).
        #expect(stat(p.root + "/target/swiftdbt-graph.txt", &st) == 0)
        let graph = st.st_ino
        try p.write("models/big_orders.sql", "select id from << ref('orders') >> where total > 15\n")
        let edited = try await CLI.swiftdbt(["compile", "--no-color"], in: p)
        #expect(edited.status == 0 && edited.stdout == Self.summary, "\(edited.stdout)\(edited.stderr)")
        #expect(stat(p.root + "/target/swiftdbt-graph.txt", &st) == 0 && st.st_ino == graph, "the edit compiled in full")
        #expect(try p.read("target/compiled/proj/models/big_orders.sql").contains("total > 15"))
        #expect(try p.read("target/manifest.json").contains("total > 15"))
        // The patched record holds: the next compile is a hit.
        let recorded = try #require(Self.cacheIdentity(p))
        #expect(try await CLI.swiftdbt(["compile", "--quiet"], in: p).status == 0)
        #expect(Self.cacheIdentity(p) == recorded)
    }

    /// A warning --quiet hides is still a warning: that compile must not be replayed to a later
    /// compile that would show it.
    @Test func aWarningHiddenByQuietIsShownByTheNextCompile() async throws {
        let p = try Self.project(profileExtra: "      bogus_setting: 1\n")
        let quiet = try await CLI.swiftdbt(["compile", "--quiet", "--no-color"], in: p)
        #expect(quiet.status == 0, "\(quiet.stderr)")
        #expect(!quiet.stderr.contains("bogus_setting"), "\(quiet.stderr)")
        #expect(Self.cacheIdentity(p) == nil, "a compile with a hidden warning was recorded")
        let loud = try await CLI.swiftdbt(["compile", "--no-color"], in: p)
        #expect(loud.stderr.contains("unknown duckdb target setting 'bogus_setting'"), "\(loud.stderr)")
        #expect(loud.stdout == Self.summary, "\(loud.stdout)")
    }

    /// The compile index and the saved graph are written beside the compiled files and manifest
    /// (CompileCommand.swift): when writing the compiled files fails (here target/compiled is a
    /// plain file, so its folders cannot be made), neither is left behind to describe a compile
    /// that did not happen, and the next compile after the fix is a full one that records again.
    @Test func aCompileWhoseFilesCannotBeWrittenLeavesNoIndexOrGraph() async throws {
        let p = try Self.project()
        try p.write("target/compiled", "not a folder\n")
        let failed = try await CLI.swiftdbt(["compile", "--no-color"], in: p)
        #expect(failed.status != 0, "\(failed.stdout)")
        #expect(!p.exists("target/swiftdbt-compile-index.txt"), "the index of a failed compile was left")
        #expect(!p.exists("target/swiftdbt-graph.txt"), "the saved graph of a failed compile was left")
        #expect(Self.cacheIdentity(p) == nil, "a failed compile recorded the cache")

        try FileManager.default.removeItem(atPath: p.root + "/target/compiled")
        let fixed = try await CLI.swiftdbt(["compile", "--no-color"], in: p)
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(fixed.stdout == Self.summary, "\(fixed.stdout)")
        #expect(p.exists("target/swiftdbt-compile-index.txt") && p.exists("target/swiftdbt-graph.txt"))
        #expect(Self.cacheIdentity(p) != nil)
    }
}
