import Foundation
import SDBasics
import SDProject

/// Files held in a dictionary by path, for loading tests that must not touch the disk.
final class InMemoryFileSystem: FileSystem, @unchecked Sendable {
    private let lock = NSLock()
    private var files: [String: String]

    init(_ files: [String: String]) { self.files = files }

    private static func clean(_ path: String) -> String {
        var p = path
        while p.hasPrefix("./") { p.removeFirst(2) }
        while p.contains("//") { p = p.replacingOccurrences(of: "//", with: "/") }
        return p
    }

    func readFile(_ path: String) throws -> String {
        guard let text = lock.withLock({ files[Self.clean(path)] }) else {
            throw FileSystemError(path: path, reason: "no such file")
        }
        return text
    }

    func fileExists(_ path: String) -> Bool { lock.withLock { files[Self.clean(path)] != nil } || isDirectory(path) }

    func isDirectory(_ path: String) -> Bool {
        let prefix = Self.clean(path) == "." ? "" : Self.clean(path) + "/"
        return lock.withLock { files.keys.contains { $0.hasPrefix(prefix) } }
    }

    func listFiles(under directory: String) throws -> [String] {
        let d = Self.clean(directory)
        let prefix = d == "." || d.isEmpty ? "" : d + "/"
        return lock.withLock { files.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }.sorted() }
    }

    func writeFile(_ path: String, _ contents: String) throws { lock.withLock { files[Self.clean(path)] = contents } }
    func createDirectory(_ path: String) throws {}
    func removeItem(_ path: String) throws { lock.withLock { files[Self.clean(path)] = nil } }
}

/// A stand-in for the compiler's YAML string renderer: replaces `<< env_var('X') >>` and
/// `<< env_var('X', 'd') >>` from a dictionary, which is all these loading tests need.
func envRenderer(_ env: [String: String]) -> YAMLStringRenderer {
    { text, range, diagnostics in
        var out = text
        while let open = out.range(of: "<<"), let close = out.range(of: ">>", range: open.upperBound..<out.endIndex) {
            let inner = out[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            let args = inner.drop { $0 != "(" }.dropFirst().dropLast().split(separator: ",")
                .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " '\"")) }
            let value = args.first.flatMap { env[$0] } ?? (args.count > 1 ? args[1] : nil)
            if value == nil { diagnostics.error("unset \(args.first ?? "")", at: range) }
            out.replaceSubrange(open.lowerBound..<close.upperBound, with: value ?? "")
        }
        return out
    }
}

/// SDBasics' line:column (Testing has its own `SourceLocation`).
typealias Loc = SDBasics.SourceLocation
