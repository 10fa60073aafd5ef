import Foundation
import SDBasics

#if canImport(Glibc)
    import Glibc
#endif

/// Where a file stood on disk when it was last seen: enough to skip re-reading a file that was not
/// touched (as git's index does); a differing stamp falls back to comparing the content's hash.
/// The change time and inode are in it because no program can set them back: an edit that keeps the
/// size and restores the modification time (`touch -d`, some editors and sync tools) still changes them.
public struct FileStamp: Sendable, Equatable {
    public var modifiedNanoseconds: Int64
    public var changedNanoseconds: Int64
    public var size: Int64
    public var inode: UInt64

    public init(modifiedNanoseconds: Int64, changedNanoseconds: Int64, size: Int64, inode: UInt64) {
        self.modifiedNanoseconds = modifiedNanoseconds
        self.changedNanoseconds = changedNanoseconds
        self.size = size
        self.inode = inode
    }

    init(_ st: stat) {
        #if canImport(Darwin)
            let m = Int64(st.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(st.st_mtimespec.tv_nsec)
            let c = Int64(st.st_ctimespec.tv_sec) * 1_000_000_000 + Int64(st.st_ctimespec.tv_nsec)
        #else
            let m = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
            let c = Int64(st.st_ctim.tv_sec) * 1_000_000_000 + Int64(st.st_ctim.tv_nsec)
        #endif
        self.init(modifiedNanoseconds: m, changedNanoseconds: c, size: Int64(st.st_size), inode: UInt64(st.st_ino))
    }

    /// `stat(2)` of a path on the local disk; nil when it does not exist.
    public static func local(_ path: String) -> FileStamp? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return FileStamp(st)
    }

    /// `fstatat(2)` of `name` (NUL-terminated) in the open folder `folder`: what `local` says of the
    /// same file, without walking the folder's path again for every file in it.
    static func at(_ folder: Int32, _ name: UnsafePointer<CChar>) -> FileStamp? {
        var st = stat()
        guard fstatat(folder, name, &st, 0) == 0 else { return nil }
        return FileStamp(st)
    }

    /// The later of the two times: a stamp proves nothing about edits in the same clock tick.
    var latestNanoseconds: Int64 { max(modifiedNanoseconds, changedNanoseconds) }
}

/// A 64-bit FNV-1a hash of bytes: detects edits to a file between two compiles. Not a defence against
/// an adversary (whoever can write the project can write the cache); fast enough to hash a 10,000-model
/// project's 40 MB on every cold compile without showing in the profile.
public enum ContentHash {
    public static func of(_ text: String) -> UInt64 {
        var copy = text
        return copy.withUTF8 { of(bytes: $0) }
    }

    public static func of(bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }

    public static func hex(_ h: UInt64) -> String {
        let s = String(h, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}

/// Everything a load read from the file system and what the text it read asks of the environment:
/// the inputs a compile depends on, so a later compile can tell whether any of them changed.
public final class CompileInputs: @unchecked Sendable {
    private let lock = NSLock()
    private let stamp: @Sendable (String) -> FileStamp?
    /// Files read, by path, with the hash of their content and their stamp taken before reading.
    var files: [String: (hash: UInt64, stamp: FileStamp?)] {
        var all: [String: (hash: UInt64, stamp: FileStamp?)] = [:]
        all.reserveCapacity(shards.reduce(0) { $0 + $1.count })
        for shard in shards { all.merge(shard.files) { a, _ in a } }
        return all
    }
    /// Folders listed, by path, with the hash of the listing.
    private(set) var listings: [String: UInt64] = [:]
    /// The folders of each listed tree with their stamps (FolderStamps.swift), when they can vouch for it.
    private(set) var listingFolders: [String: [FolderStamp]] = [:]
    /// `fileExists` / `isDirectory` questions asked (`e:` / `d:` and the path) and their answers.
    private(set) var probes: [String: Bool] = [:]
    /// Environment variables named by a literal `env_var('NAME')` in a file read.
    var envNames: Set<String> { shards.reduce(into: Set<String>()) { $0.formUnion($1.envNames) } }
    /// A file calls `env_var` with a name that is not a literal: every variable counts.
    var readsWholeEnvironment: Bool { shards.contains { $0.dynamic } }
    /// A file reads `run_started_at` or `invocation_id`: its output differs on every run.
    var volatile: Bool { shards.contains { $0.volatile } }
    /// What the files read ask, in shards picked by the path's hash, each behind its own lock: a
    /// load reads every file on every core, and with one lock for all of them a 100k-model load
    /// spent much of its time with a core waiting for it (bench/README.md).
    private let shards = (0..<32).map { _ in ReadShard() }

    /// Wall-clock time (ns since 1970) before the first stamp was taken; see `CompileCache.racyMargin`.
    let since: Int64

    /// `stamp` tells where a path stands on disk (FileStamp.local for the real one); `now` is the
    /// wall clock (tests move it to make files look old).
    public init(stamp: @escaping @Sendable (String) -> FileStamp?, now: () -> Date = { Date() }) {
        self.stamp = stamp
        self.since = Int64((now().timeIntervalSince1970 * 1e9).rounded(.down))
    }

    /// The stamp is taken before the read, so an edit racing the read leaves a stamp that differs.
    func stampBeforeRead(_ path: String) -> FileStamp? { stamp(path) }

    func recordRead(_ path: String, _ text: String, stamp: FileStamp?) {
        let hash = ContentHash.of(text)
        let scan = CompileInputs.scan(text)
        let shard = shards[Int(ContentHash.of(path) % UInt64(shards.count))]
        shard.record(path, hash, stamp, scan)
    }

    /// `folders`: the tree's folders stamped before it was listed (FolderStamps.walk).
    func recordListing(_ path: String, _ entries: [String], folders: [FolderStamp]?) {
        let hash = ContentHash.of(entries.joined(separator: "\n"))
        lock.withLock {
            listings[path] = hash
            listingFolders[path] = folders
        }
    }

    func recordProbe(_ key: String, _ answer: Bool) {
        lock.withLock { probes[key] = answer }
    }

    /// What a text asks of the environment: literal `env_var('NAME')` names, whether any call's name
    /// is not a literal, and whether it reads the per-run values `run_started_at` / `invocation_id`.
    /// One pass over the UTF-8 bytes, looking closer only at an `e`, `r` or `i`: this runs on every
    /// file of every cold compile.
    static func scan(_ text: String) -> (names: Set<String>, dynamic: Bool, volatile: Bool) {
        var copy = text
        return copy.withUTF8 { scan(bytes: $0) }
    }

    private static let envVar = Array("env_var".utf8)
    private static let runStartedAt = Array("run_started_at".utf8)
    private static let invocationId = Array("invocation_id".utf8)

    static func scan(bytes: UnsafeBufferPointer<UInt8>) -> (names: Set<String>, dynamic: Bool, volatile: Bool) {
        var names = Set<String>()
        var dynamic = false
        var volatile = false
        func at(_ i: Int, _ word: [UInt8]) -> Bool {
            guard i + word.count <= bytes.count else { return false }
            for k in 1..<word.count where bytes[i + k] != word[k] { return false }
            return true
        }
        func skipSpace(_ j: inout Int) {
            while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0A || bytes[j] == 0x0D { j += 1 }
        }
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "r"), at(i, runStartedAt) { volatile = true }
            if b == UInt8(ascii: "i"), at(i, invocationId) { volatile = true }
            guard b == UInt8(ascii: "e"), at(i, envVar) else { i += 1; continue }
            var j = i + envVar.count
            i = j
            skipSpace(&j)
            guard j < bytes.count, bytes[j] == UInt8(ascii: "(") else { dynamic = true; continue }
            j += 1
            skipSpace(&j)
            guard j < bytes.count, bytes[j] == UInt8(ascii: "'") || bytes[j] == UInt8(ascii: "\"") else { dynamic = true; continue }
            let quote = bytes[j]
            let start = j + 1
            var end = start
            while end < bytes.count, bytes[end] != quote, bytes[end] != 0x0A { end += 1 }
            guard end < bytes.count, bytes[end] == quote else { dynamic = true; continue }
            names.insert(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
        }
        return (names, dynamic, volatile)
    }
}

/// One shard of the files a load read (CompileInputs.shards).
private final class ReadShard: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [String: (hash: UInt64, stamp: FileStamp?)] = [:]
    private var names = Set<String>()
    private var sawDynamic = false
    private var sawVolatile = false

    func record(_ path: String, _ hash: UInt64, _ stamp: FileStamp?, _ scan: (names: Set<String>, dynamic: Bool, volatile: Bool)) {
        lock.withLock {
            recorded[path] = (hash, stamp)
            if !scan.names.isEmpty { names.formUnion(scan.names) }
            sawDynamic = sawDynamic || scan.dynamic
            sawVolatile = sawVolatile || scan.volatile
        }
    }

    var count: Int { lock.withLock { recorded.count } }
    var files: [String: (hash: UInt64, stamp: FileStamp?)] { lock.withLock { recorded } }
    var envNames: Set<String> { lock.withLock { names } }
    var dynamic: Bool { lock.withLock { sawDynamic } }
    var volatile: Bool { lock.withLock { sawVolatile } }
}

/// Passes every call to `base` and writes what the load read into `inputs`.
struct RecordingFileSystem: FileSystem {
    let base: FileSystem
    let inputs: CompileInputs

    func readFile(_ path: String) throws -> String {
        let stamp = inputs.stampBeforeRead(path)
        let text = try base.readFile(path)
        inputs.recordRead(path, text, stamp: stamp)
        return text
    }
    func fileExists(_ path: String) -> Bool {
        let answer = base.fileExists(path)
        inputs.recordProbe("e:" + path, answer)
        return answer
    }
    func isDirectory(_ path: String) -> Bool {
        let answer = base.isDirectory(path)
        inputs.recordProbe("d:" + path, answer)
        return answer
    }
    func listFiles(under directory: String) throws -> [String] {
        let folders = FolderStamps.walk(directory)
        let entries = try base.listFiles(under: directory)
        inputs.recordListing(directory, entries, folders: folders)
        return entries
    }
    func writeFile(_ path: String, _ contents: String) throws { try base.writeFile(path, contents) }
    func updateFile(_ path: String, _ contents: String) throws { try base.updateFile(path, contents) }
    func createDirectory(_ path: String) throws { try base.createDirectory(path) }
    func removeItem(_ path: String) throws { try base.removeItem(path) }
}
