import Foundation
import SDBasics

/// The record a successful compile leaves under target/: every input it read (with a stamp and a
/// content hash), every folder listing and existence check it made, the environment variables its
/// files name, the command's arguments and swiftdbt's version, and the files it wrote. A later compile
/// whose inputs all match, and whose outputs are still as written, has nothing to do.
///
/// It is a whole-project record: any change (one model, a macro, a var) recompiles everything, then
/// writes only the compiled files whose text changed. Never trusted blindly: a record that does not
/// parse or was written by another version is ignored with a note; a compile that printed any
/// diagnostic, reads `run_started_at`/`invocation_id`, or has streaming/ files is not recorded.
public struct CompileCache: Sendable, Equatable {
    static let magic = "swiftdbt-compile-cache 1"
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
    public var probes: [String: Bool]
    /// Files written, with their stamps after writing.
    public var outputs: [String: FileStamp]
    /// What the compile printed on success.
    public var summary: String

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
        var written: [String: FileStamp] = [:]
        for path in outputs {
            guard let s = stamp(path) else { return nil }
            written[path] = s
        }
        return CompileCache(
            version: version, key: key, environment: env,
            wholeEnvironment: inputs.readsWholeEnvironment ? environmentHash(environment) : nil,
            files: files.sorted { $0.path < $1.path }, listings: inputs.listings, probes: inputs.probes,
            outputs: written, summary: summary)
    }

    /// Checks every recorded input and output against the disk now; nil when all match.
    func staleness(
        version: String, key: [String], environment: [String: String], fileSystem: FileSystem,
        stamp: (String) -> FileStamp?
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
            guard let entries = try? fileSystem.listFiles(under: path), ContentHash.of(entries.joined(separator: "\n")) == hash else {
                return .stale("files were added to or removed from \(path)")
            }
        }
        for input in files where stamp(input.path) != input.stamp {
            guard let text = try? fileSystem.readFile(input.path), ContentHash.of(text) == input.hash else {
                return .stale("\(input.path) changed")
            }
        }
        for (path, written) in outputs where stamp(path) != written { return .stale("\(path) changed since it was written") }
        return nil
    }

    // MARK: the file

    /// One line per entry, tab-separated; paths and values are escaped so a tab or newline in them
    /// cannot break a line.
    func serialized() -> String {
        var lines = [CompileCache.magic, "version\t" + esc(version), "summary\t" + esc(summary)]
        lines += key.map { "key\t" + esc($0) }
        for name in environment.keys.sorted() {
            lines.append("env\t" + esc(name) + (environment[name].flatMap { $0 }.map { "\t=" + esc($0) } ?? "\t-"))
        }
        if let wholeEnvironment { lines.append("wholeenv\t" + ContentHash.hex(wholeEnvironment)) }
        for (probe, answer) in probes.sorted(by: { $0.key < $1.key }) { lines.append("probe\t\(answer ? 1 : 0)\t" + esc(probe)) }
        for (path, hash) in listings.sorted(by: { $0.key < $1.key }) { lines.append("list\t" + ContentHash.hex(hash) + "\t" + esc(path)) }
        for f in files {
            lines.append("file\t\(ContentHash.hex(f.hash))\t\(f.stamp.modifiedNanoseconds)\t\(f.stamp.size)\t" + esc(f.path))
        }
        for (path, s) in outputs.sorted(by: { $0.key < $1.key }) { lines.append("out\t\(s.modifiedNanoseconds)\t\(s.size)\t" + esc(path)) }
        lines.append("end")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads a cache file; a `Miss` says why it cannot be used.
    static func parse(_ text: String) -> Result<CompileCache, Miss> {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard lines.first.map(String.init) == magic else {
            return .failure(.foreign("it does not start with '\(magic)'"))
        }
        lines = lines.dropFirst()
        var cache = CompileCache(
            version: "", key: [], environment: [:], wholeEnvironment: nil, files: [], listings: [:], probes: [:],
            outputs: [:], summary: "")
        var ended = false
        for (n, line) in lines.enumerated() where !line.isEmpty {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let bad = Result<CompileCache, Miss>.failure(.corrupt("line \(n + 2) is not understood"))
            guard !ended else { return bad }
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
            case ("file", 5):
                guard let h = UInt64(f[1], radix: 16), let m = Int64(f[2]), let s = Int64(f[3]) else { return bad }
                cache.files.append(Input(path: unesc(f[4]), hash: h, stamp: FileStamp(modifiedNanoseconds: m, size: s)))
            case ("out", 4):
                guard let m = Int64(f[1]), let s = Int64(f[2]) else { return bad }
                cache.outputs[unesc(f[3])] = FileStamp(modifiedNanoseconds: m, size: s)
            case ("end", 1): ended = true
            default: return bad
            }
        }
        // A file cut short (a crash while writing it) has no end line.
        guard ended else { return .failure(.corrupt("it is truncated")) }
        return .success(cache)
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
