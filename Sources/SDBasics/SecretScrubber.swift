import Foundation

/// The one place secrets are taken out of what swiftdbt writes: console lines (text and JSON logs),
/// stderr, `debug` output, error messages and every artifact under target/.
///
/// It is filled as secrets become known (secret env vars at start, profile credentials when the
/// target loads, AWS credentials when the chain resolves them) and applied by the writers, not by
/// the code that builds messages: a new message or artifact cannot forget it. Each value is replaced
/// by `*****`, as dbt does (dbt-labs/dbt#3617), in three spellings: as written, JSON-escaped (a
/// value with `"` or `\` appears escaped in manifest.json and JSON logs) and SQL-quoted (`'`
/// doubled inside a literal in target/run). Longer spellings go first, so an escaped form is
/// replaced whole before a shorter raw form could match half of it.
public final class SecretScrubber: @unchecked Sendable {
    /// What a secret is replaced with.
    public static let mask = "*****"
    /// Values shorter than this are not scrubbed. Replacing every `1`, `dev` or `test` in output
    /// would mask ordinary words and numbers everywhere, and the masks would then show where the
    /// secret occurs; an empty secret would put asterisks between every character (dbt-core#5312).
    /// A value this short protects nothing anyway, so loading one gives a warning instead.
    public static let minimumLength = 6

    private let lock = NSLock()
    private var values: Set<String> = []
    /// Every spelling to replace, longest first; rebuilt when a value is added.
    private var spellings: [String] = []

    public init() {}

    /// Registers secrets; returns those that are too short to scrub (the caller warns about them).
    @discardableResult
    public func add(_ secrets: [String]) -> [String] {
        var short: [String] = []
        lock.lock()
        defer { lock.unlock() }
        var changed = false
        for s in secrets {
            guard s.count >= SecretScrubber.minimumLength else {
                if !s.isEmpty { short.append(s) }
                continue
            }
            if values.insert(s).inserted { changed = true }
        }
        if changed {
            var all = Set<String>()
            for v in values {
                all.insert(v)
                all.insert(SecretScrubber.jsonEscaped(v))
                all.insert(v.replacingOccurrences(of: "'", with: "''"))
            }
            spellings = all.sorted { $0.utf8.count != $1.utf8.count ? $0.utf8.count > $1.utf8.count : $0 < $1 }
        }
        return short
    }

    /// `text` with every known secret replaced by `*****`.
    ///
    /// Nearly every text holds no secret, so the search runs over the UTF-8 bytes in C and the
    /// text is copied only when a spelling is found: `String.contains` made a 2,000-model compile
    /// spend 14% more CPU with three secrets known.
    public func scrub(_ text: String) -> String {
        let current = lock.withLock { spellings }
        guard !current.isEmpty else { return text }
        var copy = text
        let found = copy.withUTF8 { bytes in current.filter { SecretScrubber.occurs($0, in: bytes) } }
        guard !found.isEmpty else { return text }
        var out = text
        for s in found { out = out.replacingOccurrences(of: s, with: SecretScrubber.mask) }
        return out
    }

    /// `bytes` with every known secret replaced, copied only when one occurs.
    public func scrub(bytes: [UInt8]) -> [UInt8] {
        let current = lock.withLock { spellings }
        guard !current.isEmpty, bytes.withUnsafeBufferPointer({ b in current.contains { SecretScrubber.occurs($0, in: b) } }) else {
            return bytes
        }
        return Array(scrub(String(decoding: bytes, as: UTF8.self)).utf8)
    }

    private static func occurs(_ needle: String, in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        var n = needle
        return n.withUTF8 { (pattern: UnsafeBufferPointer<UInt8>) -> Bool in find(pattern, in: haystack) }
    }

    /// memchr to each candidate first byte, memcmp for the rest (memmem is a GNU extension Swift does not see).
    private static func find(_ pattern: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = pattern.baseAddress, let base = haystack.baseAddress, let first = pattern.first,
            pattern.count <= haystack.count
        else { return false }
        var at: UnsafePointer<UInt8> = base
        var remaining: Int = haystack.count
        while remaining >= pattern.count {
            guard let hit: UnsafeMutableRawPointer = memchr(UnsafeRawPointer(at), Int32(first), remaining - pattern.count + 1) else {
                return false
            }
            let h: UnsafePointer<UInt8> = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(UnsafeRawPointer(h), UnsafeRawPointer(p), pattern.count) == 0 { return true }
            remaining -= (h - at) + 1
            at = h + 1
        }
        return false
    }

    /// The value as it appears between the quotes of a JSON string written by `JSONValue`.
    static func jsonEscaped(_ s: String) -> String {
        var out = ""
        JSONValue.writeString(s, into: &out)
        return String(out.dropFirst().dropLast())
    }
}

/// A file system whose writes pass through a `SecretScrubber`: every artifact writer (manifest,
/// compiled and run SQL, run_results, catalog, docs, streaming output) goes through it.
public struct ScrubbingFileSystem: FileSystem {
    public let base: any FileSystem
    public let scrubber: SecretScrubber

    public init(base: any FileSystem, scrubber: SecretScrubber) {
        self.base = base
        self.scrubber = scrubber
    }

    public func readFile(_ path: String) throws -> String { try base.readFile(path) }
    public func fileExists(_ path: String) -> Bool { base.fileExists(path) }
    public func isDirectory(_ path: String) -> Bool { base.isDirectory(path) }
    public func listFiles(under directory: String) throws -> [String] { try base.listFiles(under: directory) }
    public func writeFile(_ path: String, _ contents: String) throws { try base.writeFile(path, scrubber.scrub(contents)) }
    public func updateFile(_ path: String, _ contents: String) throws { try base.updateFile(path, scrubber.scrub(contents)) }
    public func readBytes(_ path: String) throws -> [UInt8] { try base.readBytes(path) }
    public func readBytes(_ path: String, offset: Int, count: Int) throws -> [UInt8] { try base.readBytes(path, offset: offset, count: count) }
    public func fileSize(_ path: String) -> Int? { base.fileSize(path) }
    public func readMapped(_ path: String) throws -> FileBytes { try base.readMapped(path) }
    public func writeBytes(_ path: String, _ bytes: [UInt8]) throws { try base.writeBytes(path, scrubber.scrub(bytes: bytes)) }
    public func writeStream(_ path: String, _ stream: ChunkStream) throws {
        let scrubber = self.scrubber
        try base.writeStream(path, ChunkStream { stream.next().map { $0.map { scrubber.scrub(bytes: $0) } } })
    }
    public func createDirectory(_ path: String) throws { try base.createDirectory(path) }
    public func removeItem(_ path: String) throws { try base.removeItem(path) }
}
