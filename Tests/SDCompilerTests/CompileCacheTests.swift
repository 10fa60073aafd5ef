import Foundation
import SDBasics
import Testing

@testable import SDCompiler

/// The compile cache under target/ is never trusted blindly: every kind of input a compile reads
/// invalidates it, an unused environment variable does not, and a damaged or foreign file is noted
/// and ignored. Correctness only; its speed is measured by bench/compile.sh.
@Suite("compile cache")
struct CompileCacheTests {
    static let files: [String: String] = [
        "project.yml": "name: shop\nprofile: shop\nvars:\n  min_total: 10\n",
        "profiles.yml": "shop:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: target/shop.duckdb\n",
        "macros/cents.sql": "<< macro cents(col) >>(<< col >> * 100)<< endmacro >>\n",
        "models/orders.sql": "select 1 as id, 20 as total, '<< env_var('SHOP_REGION', 'eu') >>' as region\n",
        "models/big_orders.sql": "select id, << cents('total') >> as cents from << ref('orders') >> where total > << var('min_total') >>\n",
        "models/props.yml": "version: 2\nmodels:\n  - name: orders\n    description: 'All orders.'\n",
    ]

    /// A fresh project folder on the real disk (stamps are real `stat` results).
    static func project(_ extra: [String: String] = [:]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftdbt-cache-\(UUID().uuidString)").path
        for (path, text) in files.merging(extra, uniquingKeysWith: { _, b in b }) { try write(dir, path, text) }
        return dir
    }

    static func write(_ dir: String, _ path: String, _ text: String) throws {
        let url = URL(fileURLWithPath: dir + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: false, encoding: .utf8)
    }

    struct Outcome {
        var hit: Bool
        var miss: CompileCache.Miss?
        var diagnostics: [Diagnostic]
    }

    /// What `swiftdbt compile` does (CompileCommand): look in the cache; on a miss load, compile,
    /// write and record what was read and written.
    /// `clock` moves the wall clock the compile records (CompileInputs.since): an hour ahead makes
    /// every file look old enough for its stamp alone to prove it unchanged.
    static func compile(
        _ dir: String, environment: [String: String] = [:], vars: String? = nil, version: String = "test", clock: TimeInterval = 0
    ) throws -> Outcome {
        var pipeline = ProjectPipeline(root: dir, varsText: vars, environment: environment, fileSystem: LocalFileSystem(), adapters: builtinAdapters)
        pipeline.stamp = { FileStamp.local($0) }
        let key = pipeline.cacheKey(select: [], exclude: [], indirectSelection: "eager")
        var bag = DiagnosticBag()
        let (summary, miss) = pipeline.cachedCompile(key: key, version: version, diagnostics: &bag, now: { Date().addingTimeInterval(clock) })
        if summary != nil { return Outcome(hit: true, miss: nil, diagnostics: bag.diagnostics) }
        let inputs = CompileInputs(stamp: { FileStamp.local($0) }, now: { Date().addingTimeInterval(clock) })
        pipeline.inputs = inputs
        var compileBag = DiagnosticBag()
        let result = pipeline.compile(runStartedAt: Date(timeIntervalSince1970: 0), invocationId: "x", diagnostics: &compileBag)
        let (compiled, ids) = try #require(result, "\(DiagnosticRenderer().render(compileBag.diagnostics))")
        let outputs = try pipeline.writeCompiled(compiled, ids: ids, version: version)
        try pipeline.saveCache(
            inputs: inputs, key: key, version: version, outputs: outputs, summary: "compiled",
            targetPath: compiled.project.config.targetPath, cacheable: compileBag.diagnostics.isEmpty)
        return Outcome(hit: false, miss: miss, diagnostics: bag.diagnostics + compileBag.diagnostics)
    }

    static func isStale(_ miss: CompileCache.Miss?) -> Bool {
        if case .stale = miss { return true }
        return false
    }

    @Test func nothingChangedIsAHit() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try Self.compile(dir)
        #expect(!first.hit)
        #expect(first.miss == .absent)
        let second = try Self.compile(dir)
        #expect(second.hit)
        #expect(second.diagnostics.isEmpty)
    }

    /// Each edit of an input the compile read makes the next compile a miss, which compiles the new
    /// text and records it, so the one after is a hit again.
    @Test(
        arguments: [
            ("macro", "macros/cents.sql", "<< macro cents(col) >>(<< col >> * 1000)<< endmacro >>\n", "* 1000"),
            ("project.yml var", "project.yml", "name: shop\nprofile: shop\nvars:\n  min_total: 99\n", "> 99"),
            ("property file", "models/props.yml", "version: 2\nmodels:\n  - name: orders\n    description: 'Orders, all.'\n", nil),
            ("model", "models/orders.sql", "select 2 as id, 30 as total, 'x' as region\n", "select 2 as id"),
            ("new model", "models/refunds.sql", "select 1 as id\n", nil),
            (
                "profiles.yml", "profiles.yml",
                "shop:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: target/shop.duckdb\n      schema: sales\n", nil
            ),
        ] as [(String, String, String, String?)])
    func editingAnInputInvalidates(what: String, path: String, text: String, expected: String?) throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try Self.compile(dir)
        #expect(try Self.compile(dir).hit)
        try Self.write(dir, path, text)
        let edited = try Self.compile(dir)
        #expect(!edited.hit, "editing the \(what) did not invalidate the cache")
        #expect(Self.isStale(edited.miss))
        if let expected {
            let compiled =
                try String(contentsOfFile: dir + "/target/compiled/shop/models/big_orders.sql", encoding: .utf8)
                + String(contentsOfFile: dir + "/target/compiled/shop/models/orders.sql", encoding: .utf8)
            #expect(compiled.contains(expected), "the recompile did not pick up the \(what)")
        }
        #expect(try Self.compile(dir).hit)
    }

    @Test func aFileAddedToANestedFolderInvalidates() throws {
        let dir = try Self.project(["models/marts/finance/revenue.sql": "select 1 as id\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // An hour ahead, so the folders' stamps vouch for their listings (FolderStamps.swift).
        let hour: TimeInterval = 3600
        _ = try Self.compile(dir, clock: hour)
        #expect(try Self.compile(dir, clock: hour).hit)
        try Self.write(dir, "models/marts/finance/q1/refunds.sql", "select 2 as id\n")
        let added = try Self.compile(dir, clock: hour)
        #expect(!added.hit)
        #expect(FileManager.default.fileExists(atPath: dir + "/target/compiled/shop/models/marts/finance/q1/refunds.sql"))
        #expect(try Self.compile(dir, clock: hour).hit)
        try FileManager.default.removeItem(atPath: dir + "/models/marts/finance/revenue.sql")
        #expect(!(try Self.compile(dir, clock: hour).hit), "removing a file from a nested folder did not invalidate")
        #expect(try Self.compile(dir, clock: hour).hit)
        try FileManager.default.moveItem(atPath: dir + "/models/orders.sql", toPath: dir + "/models/marts/orders.sql")
        #expect(!(try Self.compile(dir, clock: hour).hit), "moving a file between folders did not invalidate")
    }

    /// A link's target can change while no folder of the project does: a tree holding one is listed
    /// again on every hit.
    @Test func aFolderReachedThroughALinkIsListedAgain() throws {
        let dir = try Self.project()
        let elsewhere = try Self.project()
        defer {
            try? FileManager.default.removeItem(atPath: dir)
            try? FileManager.default.removeItem(atPath: elsewhere)
        }
        try FileManager.default.createSymbolicLink(atPath: dir + "/models/shared", withDestinationPath: elsewhere + "/macros")
        let hour: TimeInterval = 3600
        _ = try Self.compile(dir, clock: hour)
        #expect(try Self.compile(dir, clock: hour).hit)
        try Self.write(elsewhere, "macros/extra.sql", "select 3 as id\n")
        #expect(!(try Self.compile(dir, clock: hour).hit), "a file added behind a link did not invalidate")
    }

    /// Sets a file's modification time back to `time` (what `touch -d` or a sync tool can do).
    static func setModified(_ path: String, to time: timespec) throws {
        var times = [time, time]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
    }

    static func modified(_ path: String) -> timespec {
        var st = stat()
        _ = stat(path, &st)
        return st.st_mtim
    }

    /// With files old enough for their stamps to be trusted, an in-place edit that keeps the size and
    /// puts the modification time back still invalidates: the change time moved, and no program can
    /// set that back.
    @Test func anEditThatRestoresTheModificationTimeInvalidates() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let hour: TimeInterval = 3600
        _ = try Self.compile(dir, clock: hour)
        #expect(try Self.compile(dir, clock: hour).hit)
        let path = dir + "/macros/cents.sql"
        let before = Self.modified(path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "* 100)", with: "* 999)").write(toFile: path, atomically: false, encoding: .utf8)
        try Self.setModified(path, to: before)
        #expect(Self.modified(path).tv_nsec == before.tv_nsec && Self.modified(path).tv_sec == before.tv_sec)
        let edited = try Self.compile(dir, clock: hour)
        #expect(!edited.hit, "an edit with the same size and modification time was not seen")
        #expect(try String(contentsOfFile: dir + "/target/compiled/shop/models/big_orders.sql", encoding: .utf8).contains("* 999"))
    }

    /// Replaces the content hash recorded for `name` with another: the record then says the file
    /// held other text than it does, which only reading the file can tell.
    static func falsifyHash(_ dir: String, of name: String) throws {
        let path = dir + "/target/" + CompileCache.fileName
        var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        let i = try #require(lines.firstIndex { $0.hasPrefix("in\t") && $0.hasSuffix("\t" + name) })
        lines[i] = "in\t0123456789abcdef" + lines[i].dropFirst(3 + 16)
        try lines.joined(separator: "\n").write(toFile: path, atomically: false, encoding: .utf8)
    }

    /// A stamp taken within a clock tick of the file's last edit proves nothing (an edit later in the
    /// same tick keeps it), so such a file is read again on every hit; an older stamp is trusted.
    @Test func aStampAsRecentAsTheCompileIsNotTrusted() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try Self.compile(dir)
        try Self.falsifyHash(dir, of: "orders.sql")
        let recent = try Self.compile(dir)
        #expect(!recent.hit, "a file written just before the compile was trusted by its stamp")
        #expect(Self.isStale(recent.miss))

        try FileManager.default.removeItem(atPath: dir + "/target/" + CompileCache.fileName)
        _ = try Self.compile(dir, clock: 3600)
        try Self.falsifyHash(dir, of: "orders.sql")
        #expect(try Self.compile(dir, clock: 3600).hit, "an old file's matching stamp was not trusted")
    }

    /// A hit that read a file again because its stamp moved (a checkout that rewrote it unchanged,
    /// `touch`) records the new stamp, so the next hit trusts it instead of reading it again.
    @Test func aHitRecordsTheStampsThatMovedWhileTheTextDidNot() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let hour: TimeInterval = 3600
        _ = try Self.compile(dir, clock: hour)
        let path = dir + "/models/orders.sql"
        try Self.write(dir, "models/orders.sql", try String(contentsOfFile: path, encoding: .utf8))
        #expect(try Self.compile(dir, clock: hour).hit, "the same text under a new stamp is still a hit")
        // The record now says orders.sql holds other text: only a hit that trusts the new stamp
        // (not reading the file) still hits.
        try Self.falsifyHash(dir, of: "orders.sql")
        #expect(try Self.compile(dir, clock: hour).hit, "the moved stamp was not recorded")
    }

    /// The same for a folder tree: an entry added and removed again leaves the listing as it was and
    /// the folder with a new stamp, which the hit that listed it again records.
    @Test func aHitRecordsTheFolderStampsThatMovedWhileTheListingDidNot() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let hour: TimeInterval = 3600
        _ = try Self.compile(dir, clock: hour)
        try Self.write(dir, "models/scratch.sql", "select 1\n")
        try FileManager.default.removeItem(atPath: dir + "/models/scratch.sql")
        #expect(try Self.compile(dir, clock: hour).hit, "the same listing under a new folder stamp is still a hit")
        // The record now says models/ lists other files: only a hit that trusts the folder's new
        // stamp (not listing it) still hits.
        let cachePath = dir + "/target/" + CompileCache.fileName
        var lines = try String(contentsOfFile: cachePath, encoding: .utf8).components(separatedBy: "\n")
        let i = try #require(lines.firstIndex { $0.hasPrefix("list\t") && $0.hasSuffix("/models") })
        lines[i] = "list\t0123456789abcdef\t" + dir + "/models"
        try lines.joined(separator: "\n").write(toFile: cachePath, atomically: false, encoding: .utf8)
        #expect(try Self.compile(dir, clock: hour).hit, "the folder's moved stamp was not recorded")
    }

    /// The file's text is the value, whatever characters its paths hold.
    @Test func theRecordReadsBackAsWritten() throws {
        let stamp = FileStamp(modifiedNanoseconds: 1_796_556_993_073_684_531, changedNanoseconds: -5, size: 402, inode: 99)
        let cache = CompileCache(
            version: "1.2", key: ["root=.", "vars={a: 1}"], environment: ["A": String?.none, "B": "00ff"], wholeEnvironment: 7,
            files: [
                .init(path: "/abs/m.sql", hash: 0, stamp: stamp), .init(path: "a\tb/c\\d.sql", hash: 0xdead_beef, stamp: stamp),
                .init(path: "models/x.sql", hash: 1, stamp: stamp), .init(path: "top.yml", hash: .max, stamp: stamp),
            ],
            listings: ["models": 3, "tests": 4],
            listingFolders: ["models": [FolderStamp(path: "models", stamp: stamp), FolderStamp(path: "models/a\tb", stamp: nil)]],
            probes: ["e:packages.yml": false, "d:models": true],
            outputs: ["./target/compiled/new\nline.sql": stamp, "target/manifest.json": stamp], summary: "Found 2\nCompiled 2\n",
            since: 42)
        let text = cache.serialized()
        #expect(CompileCache.parse(text) == .success(cache))
        #expect(text.hasSuffix("\nend\n"))
        // The table's lines, as the format says (CompileCacheTable.swift): hashes as 16 hex digits,
        // stamps as decimals, names escaped.
        #expect(text.contains("\nfolder\ta\\tb/\nin\t00000000deadbeef\t1796556993073684531\t-5\t402\t99\tc\\\\d.sql\n"), "\(text)")
        #expect(text.contains("\nin\tffffffffffffffff\t1796556993073684531\t-5\t402\t99\ttop.yml\n"), "\(text)")
        #expect(text.contains("\nout\t1796556993073684531\t-5\t402\t99\tnew\\nline.sql\n"), "\(text)")
        #expect(CompileCache.parse(text + "in\t\n") == .failure(.corrupt("it is truncated")))
        // 6 folders and 6 files, then the line that is not one.
        #expect(CompileCache.parse(String(text.dropLast(4)) + "junk\nend\n") == .failure(.corrupt("the stamp table's line 13 is not understood")))
    }

    /// A hit checks the table in runs side by side: however it is cut, the runs together hold every
    /// file once, each under its own folder.
    @Test(arguments: [1, 2, 3, 4, 7, 40])
    func theTableCutIntoRunsHoldsEveryFileInItsFolder(runs: Int) throws {
        let stamp = FileStamp(modifiedNanoseconds: 1, changedNanoseconds: 2, size: 3, inode: 4)
        var files: [CompileCache.Input] = []
        for folder in ["models/a/", "models/b/", "", "seeds/"] {
            for k in 0..<(folder.isEmpty ? 1 : 9) { files.append(.init(path: "\(folder)f\(k).sql", hash: UInt64(k), stamp: stamp)) }
        }
        files.sort { $0.path < $1.path }
        let cache = CompileCache(
            version: "v", key: [], environment: [:], wholeEnvironment: nil, files: files, listings: [:], probes: [:],
            outputs: ["target/compiled/x.sql": stamp], summary: "", since: 0)
        var text = cache.serialized()
        let paths: [String] = try text.withUTF8 { bytes in
            let start = try CompileCache.parseHeader(bytes).get().tableStart
            var seen: [String] = []
            for part in CompileCacheTable.parts(bytes, from: start, count: runs) {
                var folder = part.folder.map { CompileCacheTable.string(bytes, $0) }
                let malformed = CompileCacheTable.read(bytes, from: part.start, to: part.end) { line in
                    let name = CompileCacheTable.string(bytes, line.name)
                    if line.kind == .folder { folder = name } else { seen.append((folder ?? "?") + name) }
                    return true
                }
                #expect(malformed == nil)
            }
            return seen
        }
        #expect(paths.sorted() == (files.map(\.path) + ["target/compiled/x.sql"]).sorted())
    }

    @Test func cliVarsAndTheEnvironmentAModelReadsInvalidate() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try Self.compile(dir, environment: ["SHOP_REGION": "us"])
        #expect(try Self.compile(dir, environment: ["SHOP_REGION": "us"]).hit)
        // A variable no file names changes nothing.
        #expect(try Self.compile(dir, environment: ["SHOP_REGION": "us", "UNRELATED": "1"]).hit)
        // The one orders.sql reads does, and so does unsetting it.
        #expect(!(try Self.compile(dir, environment: ["SHOP_REGION": "apac"]).hit))
        let sql = try String(contentsOfFile: dir + "/target/compiled/shop/models/orders.sql", encoding: .utf8)
        #expect(sql.contains("'apac' as region"))
        #expect(!(try Self.compile(dir, environment: [:]).hit))
        #expect(!(try Self.compile(dir, environment: [:], vars: "{min_total: 5}").hit))
        #expect(try Self.compile(dir, environment: [:], vars: "{min_total: 5}").hit)
    }

    /// The cache keeps a hash of each variable's value, never the value: a credential read through
    /// env_var (in profiles.yml, say) must not land in target/ in clear.
    @Test func environmentValuesAreNotStoredInClear() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try Self.compile(dir, environment: ["SHOP_REGION": "value-that-must-not-leak"])
        let cache = try String(contentsOfFile: dir + "/target/" + CompileCache.fileName, encoding: .utf8)
        #expect(cache.contains("env\tSHOP_REGION\t=" + CompileCache.valueHash("value-that-must-not-leak")))
        #expect(!cache.contains("value-that-must-not-leak"))
        #expect(try Self.compile(dir, environment: ["SHOP_REGION": "value-that-must-not-leak"]).hit)
    }

    @Test func aChangedOrDeletedOutputIsRewritten() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try Self.compile(dir)
        let path = dir + "/target/compiled/shop/models/orders.sql"
        let original = try String(contentsOfFile: path, encoding: .utf8)
        try FileManager.default.removeItem(atPath: path)
        #expect(!(try Self.compile(dir).hit))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == original)
        try FileManager.default.removeItem(atPath: dir + "/target/manifest.json")
        #expect(!(try Self.compile(dir).hit))
        #expect(FileManager.default.fileExists(atPath: dir + "/target/manifest.json"))
    }

    /// `outputsStand`, which a selected compile asks of the few compiled files it prints
    /// (CompileCommand+Select.swift): true only while every path named is an output of the record
    /// with its stamp as written; a path the record does not hold, a changed or deleted output, or
    /// one in another folder is a no. A name with a tab and a backslash is matched as the table
    /// escapes it.
    @Test func outputsStandOnlyForRecordedUnchangedOutputs() throws {
        let dir = try Self.project(["models/odd\tname\\x.sql": "select 2 as id\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try Self.compile(dir)
        let record = try #require(FileBytes(mapping: dir + "/target/" + CompileCache.fileName))
        let compiled = dir + "/target/compiled/shop/models/"
        func stand(_ names: [String]) -> Bool {
            record.withUnsafeBufferPointer { CompileCache.outputsStand($0, paths: names.map { compiled + $0 }, fileSystem: LocalFileSystem()) }
        }
        #expect(stand(["orders.sql"]))
        #expect(stand(["big_orders.sql", "orders.sql", "odd\tname\\x.sql"]))
        #expect(stand(["orders.sql", "orders.sql"]))
        #expect(stand([]))
        #expect(!stand(["missing.sql"]))
        #expect(!stand(["orders.sql", "missing.sql"]))
        #expect(!stand(["odd.sql"]))
        #expect(
            !record.withUnsafeBufferPointer {
                CompileCache.outputsStand($0, paths: [dir + "/target/compiled/shop/orders.sql"], fileSystem: LocalFileSystem())
            })
        // A new write of the same text is a changed output.
        let path = compiled + "big_orders.sql"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try FileManager.default.removeItem(atPath: path)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        #expect(!stand(["big_orders.sql"]))
        #expect(stand(["orders.sql"]))
        try FileManager.default.removeItem(atPath: compiled + "odd\tname\\x.sql")
        #expect(!stand(["odd\tname\\x.sql"]))
    }

    @Test(arguments: ["garbage\n", "", "truncated"])
    func aCorruptCacheIsIgnoredWithANote(damage: String) throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try Self.compile(dir)
        let cachePath = dir + "/target/" + CompileCache.fileName
        let good = try String(contentsOfFile: cachePath, encoding: .utf8)
        let text = damage == "truncated" ? String(good.prefix(good.count / 2)) : damage
        try text.write(toFile: cachePath, atomically: false, encoding: .utf8)
        let outcome = try Self.compile(dir)
        #expect(!outcome.hit)
        let notes = outcome.diagnostics.filter { $0.severity == .note && $0.message.contains("ignoring the compile cache") }
        #expect(notes.count == 1, "\(outcome.diagnostics.map(\.message))")
        #expect(try Self.compile(dir).hit, "the compile after a corrupt cache records a good one")
    }

    @Test func aCacheFromAnotherVersionIsIgnoredWithANote() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try Self.compile(dir, version: "0.0.1")
        let outcome = try Self.compile(dir, version: "0.0.2")
        #expect(!outcome.hit)
        #expect(outcome.diagnostics.contains { $0.message.contains("written by swiftdbt 0.0.1, this is 0.0.2") })
    }

    @Test func aModelReadingRunStartedAtIsNeverCached() throws {
        let dir = try Self.project(["models/stamped.sql": "select '<< run_started_at >>' as at\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try Self.compile(dir)
        let again = try Self.compile(dir)
        #expect(!again.hit)
        #expect(again.miss == .absent)
    }

    @Test func scanFindsLiteralEnvironmentNamesAndFlagsTheRest() {
        let literal = CompileInputs.scan("select '<< env_var('A') >>', << env_var( \"B\" , 'x') >>")
        #expect(literal.names == ["A", "B"])
        #expect(!literal.dynamic)
        #expect(CompileInputs.scan("<< env_var(name) >>").dynamic)
        #expect(CompileInputs.scan("<< invocation_id >>").volatile)
        #expect(!CompileInputs.scan("select 1").volatile)
    }

    /// Files are recorded in shards, each behind its own lock (CompileInputs.swift), while a load
    /// reads them on every core: none may be lost, and what any one asks of the environment counts.
    @Test func filesReadOnEveryCoreAreAllRecorded() throws {
        let dir = try Self.project()
        var paths: [String] = []
        for i in 0..<600 {
            let path = "models/m\(i).sql"
            let asks = i == 417 ? "<< env_var('ONLY_IN_417') >>" : i == 233 ? "<< run_started_at >>" : "1"
            try Self.write(dir, path, "select \(asks) as c\(i)\n")
            paths.append(dir + "/" + path)
        }
        let inputs = CompileInputs(stamp: { FileStamp.local($0) })
        let fs = RecordingFileSystem(base: LocalFileSystem(), inputs: inputs)
        let texts = ParallelMap.map(paths) { try? fs.readFile($0) }
        #expect(texts.allSatisfy { $0 != nil })
        let files = inputs.files
        #expect(files.count == 600)
        for (path, text) in zip(paths, texts) {
            #expect(files[path]?.hash == text.map(ContentHash.of))
            #expect(files[path]?.stamp == FileStamp.local(path))
        }
        #expect(inputs.envNames == ["ONLY_IN_417"])
        #expect(inputs.volatile)
        #expect(!inputs.readsWholeEnvironment)
    }
}
