import Foundation
import SDBasics

#if canImport(Glibc)
    import Glibc
#endif

/// The record a successful compile leaves under target/: every input it read (with a stamp and a
/// content hash), every folder listing and existence check it made, the environment variables its
/// files name, the command's arguments and swiftdbt's version, and the files it wrote. A later compile
/// whose inputs all match, and whose outputs are still as written, has nothing to do.
///
/// It is a whole-project record: any change (one model, a macro, a var) recompiles everything, then
/// writes only the compiled files whose text changed. Never trusted blindly: a record that does not
/// parse or was written by another version is ignored with a note; a compile that printed any
/// diagnostic (hidden by the console level or not), reads `run_started_at`/`invocation_id`, or whose
/// templates said something or queried the target is not recorded. Files under streaming/ are inputs
/// like any other: the load reads them through the same recording file system and the environment
/// variables they name are scanned the same way (StreamingLoader reads the environment only through
/// YAMLTemplating's `env_var`).
public struct CompileCache: Sendable, Equatable {
    static let magic = "swiftdbt-compile-cache 2"
    public static let fileName = "swiftdbt-compile-cache.txt"

    public struct Input: Sendable, Equatable {
        var path: String
        var hash: UInt64
        var stamp: FileStamp
    }

    public var version: String
    /// The command's arguments and everything else that is not a file, one line each.
    public var key: [String]
    /// Variables named by the files, with a hash of their values then (nil: unset): a hash, so no
    /// credential read through env_var lands in target/ in clear.
    public var environment: [String: String?]
    /// Hash of the whole environment, when a file names a variable by a non-literal.
    public var wholeEnvironment: UInt64?
    public var files: [Input]
    public var listings: [String: UInt64]
    /// Folders that vouch for a listing while their stamps hold (FolderStamps.swift).
    public var listingFolders: [String: [FolderStamp]] = [:]
    public var probes: [String: Bool]
    /// Files written, with their stamps after writing.
    public var outputs: [String: FileStamp]
    /// What the compile printed on success.
    public var summary: String
    /// Wall-clock time (ns) before the compile took its first stamp (CompileInputs.since).
    public var since: Int64

    /// How much older than `since` a stamp must be for a match to prove the file unchanged: more than
    /// a tick of the kernel's coarse clock that file times come from (at most 10 ms) and the 1 s
    /// granularity of the coarsest local file systems' times.
    static let racyMargin: Int64 = 1_000_000_000

    /// Why a cache file was not usable: `foreign`/`corrupt` deserve a note, `stale` is the normal miss.
    public enum Miss: Error, Equatable, Sendable {
        case absent, foreign(String), corrupt(String), stale(String)
    }

    /// The environment variables a compile depends on besides the ones its files name: where
    /// profiles.yml is searched for (Profiles.searchPath) and the secrets the output is scrubbed of.
    static func implicitEnvironment(_ environment: [String: String]) -> Set<String> {
        var names: Set<String> = ["SWIFTDBT_PROFILES_DIR", "HOME"]
        for name in environment.keys where SecretEnvVars.isSecret(name) { names.insert(name) }
        return names
    }

    static func valueHash(_ value: String) -> String { ContentHash.hex(ContentHash.of(value)) }

    static func environmentHash(_ environment: [String: String]) -> UInt64 {
        ContentHash.of(environment.keys.sorted().map { "\($0)=\(environment[$0] ?? "")" }.joined(separator: "\n"))
    }

    /// Builds the record from what a compile read and wrote; nil when the compile must not be cached.
    static func record(
        inputs: CompileInputs, version: String, key: [String], environment: [String: String], outputs: [String],
        summary: String, stamp: (String) -> FileStamp?
    ) -> CompileCache? {
        guard !inputs.volatile else { return nil }
        var env: [String: String?] = [:]
        for name in inputs.envNames.union(implicitEnvironment(environment)) { env[name] = .some(environment[name].map(valueHash)) }
        var files: [Input] = []
        for (path, (hash, stamp)) in inputs.files {
            guard let stamp else { return nil }
            files.append(Input(path: path, hash: hash, stamp: stamp))
        }
        // Stamped on both cores: a 100k compile writes 160,000 files, a stat each.
        var written: [String: FileStamp] = [:]
        written.reserveCapacity(outputs.count)
        for (path, s) in zip(outputs, ParallelMap.map(outputs, minimumCount: 1024) { stamp($0) }) {
            guard let s else { return nil }
            written[path] = s
        }
        return CompileCache(
            version: version, key: key, environment: env,
            wholeEnvironment: inputs.readsWholeEnvironment ? environmentHash(environment) : nil,
            files: files.sorted { $0.path < $1.path }, listings: inputs.listings,
            listingFolders: inputs.listingFolders, probes: inputs.probes,
            outputs: written, summary: summary, since: inputs.since)
    }

    /// Checks what the record holds besides the stamp table (arguments, environment, probes and
    /// listings) against now; nil when all match. A tree listed again because its folder stamps did
    /// not vouch for it, whose listing matched, leaves its folders' new stamps in `refreshed`.
    func headerStaleness(
        version: String, key: [String], environment: [String: String], fileSystem: FileSystem,
        refreshed: inout [String: [FolderStamp]]
    ) -> Miss? {
        guard self.version == version else { return .foreign("it was written by swiftdbt \(self.version), this is \(version)") }
        guard self.key == key else { return .stale("the command's arguments changed") }
        for (name, value) in self.environment where environment[name].map(CompileCache.valueHash) != value {
            return .stale("$\(name) changed")
        }
        for name in CompileCache.implicitEnvironment(environment) where self.environment[name] == nil {
            return .stale("$\(name) is new")
        }
        if let whole = wholeEnvironment, whole != CompileCache.environmentHash(environment) { return .stale("the environment changed") }
        for (probe, answer) in probes {
            let path = String(probe.dropFirst(2))
            let now = probe.hasPrefix("d:") ? fileSystem.isDirectory(path) : fileSystem.fileExists(path)
            if now != answer { return .stale("\(path) appeared or went") }
        }
        for (path, hash) in listings {
            if let folders = listingFolders[path], FolderStamps.unchanged(folders, since: since) { continue }
            // Stamped before listing, as at record time.
            let folders = FolderStamps.walk(path)
            guard let entries = try? fileSystem.listFiles(under: path), ContentHash.of(entries.joined(separator: "\n")) == hash else {
                return .stale("files were added to or removed from \(path)")
            }
            if let folders, folders != listingFolders[path] { refreshed[path] = folders }
        }
        return nil
    }

    /// A hit: the summary to print, and the stamps that moved while the content did not.
    struct Hit {
        var summary: String
        /// Inputs read and hashed again (their stamp moved, or was too recent to prove anything) whose
        /// content matched, with their stamps taken before that read.
        var files: [String: FileStamp] = [:]
        /// Trees listed again whose listing matched, with their folders stamped before that listing.
        var listingFolders: [String: [FolderStamp]] = [:]
        /// Wall-clock time before any of those stamps was taken.
        var since: Int64

        /// The record with the new stamps, so the next hit trusts them instead of reading the files
        /// again (after a checkout that touched every file, say); nil when nothing moved.
        func refreshed(_ bytes: UnsafeBufferPointer<UInt8>) -> CompileCache? {
            guard !files.isEmpty || !listingFolders.isEmpty, case .success(var cache) = CompileCache.parse(String(decoding: bytes, as: UTF8.self))
            else { return nil }
            for i in cache.files.indices {
                if let stamp = files[cache.files[i].path] { cache.files[i].stamp = stamp }
            }
            cache.listingFolders.merge(listingFolders) { _, new in new }
            cache.since = since
            return cache
        }
    }

    /// The summary to print when nothing the record holds changed since; otherwise why not. This is
    /// the whole of a cache hit, so it reads the stamp table as bytes without building a String per
    /// line, and stats each file relative to its open folder (CompileCacheTable.swift). `now` is the
    /// wall clock, as in CompileInputs.
    ///
    /// `skippingOutputsUnder`: outputs in folders that start with it are not checked (a selected
    /// compile checks the few compiled files it needs afterwards, with `outputsStand`).
    /// `bytes` are the record's (mapped: FileBytes.swift).
    static func check(
        _ bytes: UnsafeBufferPointer<UInt8>, version: String, key: [String], environment: [String: String], fileSystem: FileSystem,
        skippingOutputsUnder skipped: String? = nil, now: () -> Date = { Date() }
    ) -> Result<Hit, Miss> {
        let started = Int64((now().timeIntervalSince1970 * 1e9).rounded(.down))
        let header: (cache: CompileCache, tableStart: Int)
        switch parseHeader(bytes) {
        case .failure(let miss): return .failure(miss)
        case .success(let h): header = h
        }
        var hit = Hit(summary: header.cache.summary, since: started)
        if let miss = header.cache.headerStaleness(
            version: version, key: key, environment: environment, fileSystem: fileSystem, refreshed: &hit.listingFolders)
        {
            return .failure(miss)
        }
        // Runs of the table side by side, one per core and a spare for balance: the stats are
        // most of a hit's time, and each core takes half of them.
        let parts = CompileCacheTable.parts(bytes, from: header.tableStart, count: 2 * ProcessInfo.processInfo.activeProcessorCount)
        let results = UnsafeMutableBufferPointer<(miss: Miss?, malformed: String?, refreshed: [(String, FileStamp)])>.allocate(
            capacity: parts.count)
        results.initialize(repeating: (nil, nil, []))
        defer {
            _ = results.deinitialize()
            results.deallocate()
        }
        let shared = UnsafeSendable((bytes, results, fileSystem, header.cache.since))
        DispatchQueue.concurrentPerform(iterations: parts.count) { p in
            let (bytes, results, fileSystem, since) = shared.value
            var checker = StampChecker(since: since, fileSystem: fileSystem, skippingOutputsUnder: skipped)
            defer { checker.finish() }
            if let folder = parts[p].folder { _ = checker.check(.init(kind: .folder, name: folder), in: bytes) }
            var miss: Miss?
            let malformed = CompileCacheTable.read(bytes, from: parts[p].start, to: parts[p].end) { line in
                miss = checker.check(line, in: bytes)
                return miss == nil
            }
            results[p] = (miss, malformed, checker.refreshed)
        }
        for r in results {
            if let miss = r.miss { return .failure(miss) }
            if let malformed = r.malformed { return .failure(.corrupt(malformed)) }
            for (path, stamp) in r.refreshed where stamp.latestNanoseconds < started - racyMargin { hit.files[path] = stamp }
        }
        // Only stamps the next hit can trust are worth a write: a file or folder touched within
        // the last second is read again whatever its record says.
        hit.listingFolders = hit.listingFolders.filter { _, folders in
            folders.allSatisfy { ($0.stamp?.latestNanoseconds ?? .min) < started - racyMargin }
        }
        return .success(hit)
    }

    /// Whether each of `paths` is an output of the record in `bytes` and still has the stamp it was
    /// written with; false for a path the record does not hold. Only the lines of the folders holding
    /// `paths` are parsed: the rest of the table (160,000 compiled files at 100k models) is skipped
    /// line by line, and not read at all after the last of them.
    static func outputsStand(_ bytes: UnsafeBufferPointer<UInt8>, paths: [String], fileSystem: FileSystem) -> Bool {
        // Folders and names as the table holds them (escaped), so that lines are compared as bytes:
        // making a String of each name in a wanted folder (a 100k project's gold folder has 16,000)
        // cost more than the few checks.
        var wanted: [[UInt8]: [[UInt8]]] = [:]
        for path in paths {
            let (folder, name) = CompileCacheTable.split(path)
            let (escapedFolder, escapedName) = (CompileCacheTable.escaped(folder), CompileCacheTable.escaped(name))
            if !(wanted[escapedFolder]?.contains(escapedName) ?? false) { wanted[escapedFolder, default: []].append(escapedName) }
        }
        let wantedCount = wanted.values.reduce(0) { $0 + $1.count }
        guard case .success(let header) = parseHeader(bytes) else { return false }
        var checker = StampChecker(since: header.cache.since, fileSystem: fileSystem)
        defer { checker.finish() }
        var names: [[UInt8]] = []
        var found = 0
        var i = header.tableStart
        guard let base = bytes.baseAddress else { return false }
        while i < bytes.count {
            guard let newline = memchr(base + i, 0x0A, bytes.count - i) else { return false }
            let end = UnsafeRawPointer(newline) - UnsafeRawPointer(base)
            defer { i = end + 1 }
            let folder = CompileCacheTable.starts(bytes, i, end, "folder\t")
            guard folder || (!names.isEmpty && CompileCacheTable.starts(bytes, i, end, "out\t")) else { continue }
            // The name is a line's last field.
            var tab = end
            while tab > i, bytes[tab - 1] != 0x09 { tab -= 1 }
            let name = UnsafeBufferPointer(rebasing: bytes[tab..<end])
            if folder {
                names = wanted.first { $0.key.elementsEqual(name) }?.value ?? []
            } else if !names.contains(where: { $0.elementsEqual(name) }) {
                continue
            }
            var miss: Miss?
            guard
                CompileCacheTable.read(
                    bytes, from: i, to: end + 1,
                    { line in
                        miss = checker.check(line, in: bytes)
                        return true
                    }) == nil, miss == nil
            else { return false }
            if !folder {
                found += 1
                // Each path is one line of the table: the rest need not be read.
                if found == wantedCount { return true }
            }
        }
        return found == wantedCount
    }

    // MARK: the file

    /// Text, one line per entry, tab-separated; paths and values are escaped so a tab or newline in
    /// them cannot break a line. A few header lines (parsed as Strings), then the stamp table: a
    /// `folder` line, then one `in` (input: content hash and stamp) or `out` (output: stamp) line
    /// per file in that folder, then `end`. Stays text so the writes pass through the secret
    /// scrubber like every other file under target/.
    func serialized() -> String {
        var lines = [CompileCache.magic, "version\t" + esc(version), "summary\t" + esc(summary)]
        lines += key.map { "key\t" + esc($0) }
        for name in environment.keys.sorted() {
            lines.append("env\t" + esc(name) + (environment[name].flatMap { $0 }.map { "\t=" + esc($0) } ?? "\t-"))
        }
        if let wholeEnvironment { lines.append("wholeenv\t" + ContentHash.hex(wholeEnvironment)) }
        for (probe, answer) in probes.sorted(by: { $0.key < $1.key }) { lines.append("probe\t\(answer ? 1 : 0)\t" + esc(probe)) }
        for (path, hash) in listings.sorted(by: { $0.key < $1.key }) {
            lines.append("list\t" + ContentHash.hex(hash) + "\t" + esc(path))
            for f in listingFolders[path] ?? [] {
                let s = f.stamp.map { "\($0.modifiedNanoseconds)\t\($0.changedNanoseconds)\t\($0.size)\t\($0.inode)" } ?? "-"
                lines.append("within\t" + s + "\t" + esc(f.path))
            }
        }
        lines.append("since\t\(since)")
        // Grouped by folder, then inputs before outputs, each by name: the order the table is read in.
        // Sorting all 26,000 entries of a 10k project as tuples of substrings was a third of a patch.
        typealias InputRow = (name: String, hash: UInt64, stamp: FileStamp)
        typealias OutputRow = (name: String, stamp: FileStamp)
        var byFolder: [String: (inputs: [InputRow], outputs: [OutputRow])] = [:]
        for f in files {
            let (folder, name) = CompileCacheTable.split(f.path)
            byFolder[String(folder), default: ([], [])].inputs.append((String(name), f.hash, f.stamp))
        }
        for (path, stamp) in outputs {
            let (folder, name) = CompileCacheTable.split(path)
            byFolder[String(folder), default: ([], [])].outputs.append((String(name), stamp))
        }
        // The table is written as bytes: at 100k models it is 260,000 lines, and a String per line
        // made writing the record half a second, twice in a one-edit `compile -s`. The folders are
        // sorted and written in pieces on both cores: on one, this was the last 0.1 s of a 10k
        // cold compile, with the other core idle.
        let folders = byFolder.keys.sorted()
        let groups = ParallelMap.map(folders, minimumCount: 2) { folder -> (String, [InputRow], [OutputRow]) in
            let group = byFolder[folder] ?? ([], [])
            return (folder, group.inputs.sorted(by: { $0.name < $1.name }), group.outputs.sorted(by: { $0.name < $1.name }))
        }
        // Pieces of about 1,024 lines, each a folder's run of inputs or outputs (or a part of one).
        var pieces: [(folder: String?, inputs: ArraySlice<InputRow>, outputs: ArraySlice<OutputRow>)] = []
        for (folder, inputs, outputs) in groups {
            pieces.append((folder, [], []))
            for lo in stride(from: 0, to: inputs.count, by: 1024) { pieces.append((nil, inputs[lo..<min(inputs.count, lo + 1024)], [])) }
            for lo in stride(from: 0, to: outputs.count, by: 1024) { pieces.append((nil, [], outputs[lo..<min(outputs.count, lo + 1024)])) }
        }
        let written = ParallelMap.map(pieces, minimumCount: 2) { piece -> [UInt8] in
            var table = CompileCacheTable.Writer()
            if let folder = piece.folder { table.line("folder", name: folder) }
            for e in piece.inputs { table.line("in", hash: e.hash, stamp: e.stamp, name: e.name) }
            for e in piece.outputs { table.line("out", stamp: e.stamp, name: e.name) }
            return table.bytes
        }
        var table = CompileCacheTable.Writer()
        table.bytes.reserveCapacity(written.reduce(4) { $0 + $1.count })
        for piece in written { table.bytes += piece }
        table.end()
        return (lines.joined(separator: "\n") + "\n") + String(decoding: table.bytes, as: UTF8.self)
    }

    /// Reads a whole cache file into a value (the hit itself uses `check`, which builds none of it).
    static func parse(_ text: String) -> Result<CompileCache, Miss> {
        var text = text
        return text.withUTF8 { bytes in
            var cache: CompileCache
            let tableStart: Int
            switch parseHeader(bytes) {
            case .failure(let miss): return .failure(miss)
            case .success(let h): (cache, tableStart) = h
            }
            var folder = ""
            let wellFormed = CompileCacheTable.read(bytes, from: tableStart) { line in
                let name = CompileCacheTable.string(bytes, line.name)
                switch line.kind {
                case .folder: folder = name
                case .input: cache.files.append(Input(path: folder + name, hash: line.hash, stamp: line.stamp))
                case .output: cache.outputs[folder + name] = line.stamp
                }
                return true
            }
            if let wellFormed { return .failure(.corrupt(wellFormed)) }
            cache.files.sort { $0.path < $1.path }
            return .success(cache)
        }
    }

    /// The lines before the stamp table, and where the table starts.
    static func parseHeader(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<(cache: CompileCache, tableStart: Int), Miss> {
        // The magic line first, so another file (or a cache of another format) is foreign, not corrupt.
        let magicBytes = Array((magic + "\n").utf8)
        guard bytes.count >= magicBytes.count, bytes.prefix(magicBytes.count).elementsEqual(magicBytes) else {
            return .failure(.foreign("it does not start with '\(magic)'"))
        }
        // A file cut short (a crash while writing it) has no end line.
        let endLine = Array("\nend\n".utf8)
        guard bytes.count >= endLine.count, bytes.suffix(endLine.count).elementsEqual(endLine) else {
            return .failure(.corrupt("it is truncated"))
        }
        var cache = CompileCache(
            version: "", key: [], environment: [:], wholeEnvironment: nil, files: [], listings: [:], probes: [:],
            outputs: [:], summary: "", since: 0)
        var start = magicBytes.count
        var n = 1
        // The listing the `within` lines that follow it belong to.
        var listed: String?
        while start < bytes.count {
            n += 1
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            let line = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            start = end + 1
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let bad = Result<(cache: CompileCache, tableStart: Int), Miss>.failure(.corrupt("line \(n) is not understood"))
            switch (f[0], f.count) {
            case ("version", 2): cache.version = unesc(f[1])
            case ("summary", 2): cache.summary = unesc(f[1])
            case ("key", 2): cache.key.append(unesc(f[1]))
            case ("env", 3) where f[2] == "-": cache.environment[unesc(f[1])] = .some(nil)
            case ("env", 3) where f[2].hasPrefix("="): cache.environment[unesc(f[1])] = .some(unesc(String(f[2].dropFirst())))
            case ("wholeenv", 2):
                guard let h = UInt64(f[1], radix: 16) else { return bad }
                cache.wholeEnvironment = h
            case ("probe", 3) where f[1] == "0" || f[1] == "1": cache.probes[unesc(f[2])] = f[1] == "1"
            case ("list", 3):
                guard let h = UInt64(f[1], radix: 16) else { return bad }
                cache.listings[unesc(f[2])] = h
                listed = unesc(f[2])
            case ("within", 3) where f[1] == "-":
                guard let listed else { return bad }
                cache.listingFolders[listed, default: []].append(FolderStamp(path: unesc(f[2]), stamp: nil))
            case ("within", 6):
                guard let listed, let m = Int64(f[1]), let c = Int64(f[2]), let size = Int64(f[3]), let inode = UInt64(f[4]) else { return bad }
                let stamp = FileStamp(modifiedNanoseconds: m, changedNanoseconds: c, size: size, inode: inode)
                cache.listingFolders[listed, default: []].append(FolderStamp(path: unesc(f[5]), stamp: stamp))
            case ("since", 2):
                guard let t = Int64(f[1]) else { return bad }
                cache.since = t
                return .success((cache, start))
            default: return bad
            }
        }
        return .failure(.corrupt("it has no stamp table"))
    }
}

/// Compares each line of the stamp table with the disk: one `open` per folder, one `fstatat` per
/// file relative to it (a stat of the whole path walked every folder of it again, for 26,000 files).
struct StampChecker {
    let since: Int64
    let fileSystem: FileSystem
    /// Outputs in folders starting with this are not checked.
    let skipped: String?
    private var skipping = false
    private var folder = ""
    private var folderFD: Int32 = -1
    /// The current name, NUL-terminated for fstatat.
    private var name = [CChar](repeating: 0, count: 1024)
    /// Inputs whose content matched although their stamp could not vouch for it, with the stamp now.
    private(set) var refreshed: [(String, FileStamp)] = []

    init(since: Int64, fileSystem: FileSystem, skippingOutputsUnder skipped: String? = nil) {
        self.since = since
        self.fileSystem = fileSystem
        self.skipped = skipped
    }

    mutating func finish() {
        if folderFD >= 0 { close(folderFD) }
        folderFD = -1
    }

    mutating func check(_ line: CompileCacheTable.Line, in bytes: UnsafeBufferPointer<UInt8>) -> CompileCache.Miss? {
        if line.kind == .folder {
            finish()
            folder = CompileCacheTable.string(bytes, line.name)
            skipping = skipped.map { folder.hasPrefix($0) } ?? false
            // A folder that went is no error here: its files' stamps are missing, so they differ.
            folderFD = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            return nil
        }
        if skipping, line.kind == .output { return nil }
        let now: FileStamp?
        if folderFD >= 0, CompileCacheTable.copyName(bytes, line.name, into: &name) {
            now = name.withUnsafeBufferPointer { buffer in buffer.baseAddress.flatMap { FileStamp.at(folderFD, $0) } }
        } else {
            now = FileStamp.local(folder + CompileCacheTable.string(bytes, line.name))
        }
        switch line.kind {
        case .output:
            guard now == line.stamp else { return .stale("\(folder + CompileCacheTable.string(bytes, line.name)) changed since it was written") }
        case .input:
            // A matching stamp proves the file unchanged only when it is older than the compile that
            // took it by more than a clock tick: an edit in the same tick as the last one keeps the
            // modification time (git's "racy clean" entries). Such a file, and any whose stamp moved,
            // is read and hashed.
            if now == line.stamp, line.stamp.latestNanoseconds < since - CompileCache.racyMargin { return nil }
            let path = folder + CompileCacheTable.string(bytes, line.name)
            guard let text = try? fileSystem.readFile(path), ContentHash.of(text) == line.hash else { return .stale("\(path) changed") }
            // `now` was taken before the read, as a compile takes it.
            if let now { refreshed.append((path, now)) }
        case .folder: break
        }
        return nil
    }
}

private func esc(_ s: String) -> String {
    guard s.unicodeScalars.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return s }
    var out = String.UnicodeScalarView()
    for c in s.unicodeScalars {
        switch c {
        case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
        case "\t": out.append(contentsOf: "\\t".unicodeScalars)
        case "\n": out.append(contentsOf: "\\n".unicodeScalars)
        case "\r": out.append(contentsOf: "\\r".unicodeScalars)
        default: out.append(c)
        }
    }
    return String(out)
}

private func unesc(_ s: String) -> String {
    guard s.unicodeScalars.contains("\\") else { return s }
    var out = String.UnicodeScalarView()
    var escaped = false
    for c in s.unicodeScalars {
        if escaped {
            switch c {
            case "t": out.append("\t")
            case "n": out.append("\n")
            case "r": out.append("\r")
            default: out.append(c)
            }
            escaped = false
        } else if c == "\\" {
            escaped = true
        } else {
            out.append(c)
        }
    }
    return String(out)
}
