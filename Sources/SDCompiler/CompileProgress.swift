import Foundation
import SDBasics

/// Counts what a long load has done so far (files read, models parsed, models rendered), for a
/// progress line. Updated from the parallel parse and render, so every count is behind a lock; the
/// cost is one lock per file or model, nothing beside the template work it counts.
public final class CompileProgress: @unchecked Sendable {
    public struct Counts: Sendable, Equatable {
        public var filesRead = 0
        public var modelsParsed = 0
        public var modelsToParse = 0
        public var nodesRendered = 0
        public var nodesToRender = 0

        public init() {}
    }

    private let lock = NSLock()
    private var counts = Counts()

    public init() {}

    public var snapshot: Counts { lock.withLock { counts } }

    func update(_ change: (inout Counts) -> Void) { lock.withLock { change(&counts) } }

    /// `read 10000 files · parsed 4000/10000 models · rendered 0/15925 nodes`: only the phases begun.
    public static func line(_ c: Counts) -> String {
        var parts = ["read \(c.filesRead) file\(c.filesRead == 1 ? "" : "s")"]
        if c.modelsToParse > 0 { parts.append("parsed \(c.modelsParsed)/\(c.modelsToParse) models") }
        if c.nodesToRender > 0 { parts.append("rendered \(c.nodesRendered)/\(c.nodesToRender) nodes") }
        return parts.joined(separator: " · ")
    }
}

/// A file system that counts the files read through it into a `CompileProgress`.
struct CountingFileSystem: FileSystem {
    let base: FileSystem
    let progress: CompileProgress

    func readFile(_ path: String) throws -> String {
        defer { progress.update { $0.filesRead += 1 } }
        return try base.readFile(path)
    }
    func fileExists(_ path: String) -> Bool { base.fileExists(path) }
    func isDirectory(_ path: String) -> Bool { base.isDirectory(path) }
    func listFiles(under directory: String) throws -> [String] { try base.listFiles(under: directory) }
    func writeFile(_ path: String, _ contents: String) throws { try base.writeFile(path, contents) }
    func updateFile(_ path: String, _ contents: String) throws { try base.updateFile(path, contents) }
    func createDirectory(_ path: String) throws { try base.createDirectory(path) }
    func removeItem(_ path: String) throws { try base.removeItem(path) }
}
