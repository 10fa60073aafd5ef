import Foundation
import SDBasics

/// Files held in a dictionary by path, for tests that must not touch the disk (the production seam is
/// `SDBasics/FileSystem.swift`). Paths are compared after dropping leading `./` and doubled slashes,
/// as the loaders build them; a folder exists when it was created or a file lies below it.
public final class MemoryFileSystem: FileSystem, @unchecked Sendable {
    private let lock = NSLock()
    private var contents: [String: String]
    private var folders: Set<String> = []

    public init(_ files: [String: String] = [:]) {
        contents = Dictionary(files.map { (Self.clean($0.key), $0.value) }) { _, last in last }
    }

    /// Every file now held, by cleaned path.
    public var files: [String: String] { lock.withLock { contents } }

    static func clean(_ path: String) -> String {
        var p = path
        while p.hasPrefix("./") { p.removeFirst(2) }
        while p.contains("//") { p = p.replacingOccurrences(of: "//", with: "/") }
        if p.count > 1, p.hasSuffix("/") { p.removeLast() }
        return p
    }

    /// What a path below `directory` starts with: nothing for the current folder.
    private static func prefix(_ directory: String) -> String {
        let d = clean(directory)
        return d == "." || d.isEmpty ? "" : d.hasSuffix("/") ? d : d + "/"
    }

    public func readFile(_ path: String) throws -> String {
        guard let text = lock.withLock({ contents[Self.clean(path)] }) else {
            throw FileSystemError(path: path, reason: "no such file")
        }
        return text
    }

    public func fileExists(_ path: String) -> Bool { lock.withLock { contents[Self.clean(path)] != nil } || isDirectory(path) }

    public func isDirectory(_ path: String) -> Bool {
        let d = Self.clean(path), prefix = Self.prefix(path)
        return lock.withLock { folders.contains(d) || contents.keys.contains { $0.hasPrefix(prefix) } }
    }

    public func listFiles(under directory: String) throws -> [String] {
        let prefix = Self.prefix(directory)
        return lock.withLock { contents.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }.sorted() }
    }

    public func writeFile(_ path: String, _ text: String) throws { lock.withLock { contents[Self.clean(path)] = text } }

    public func createDirectory(_ path: String) throws { _ = lock.withLock { folders.insert(Self.clean(path)) } }

    /// Removes a file, or a folder with everything below it.
    public func removeItem(_ path: String) throws {
        let p = Self.clean(path), prefix = Self.prefix(path)
        lock.withLock {
            contents = contents.filter { $0.key != p && !$0.key.hasPrefix(prefix) }
            folders = folders.filter { $0 != p && !$0.hasPrefix(prefix) }
        }
    }
}
