import Foundation
import SDBasics

/// A real folder seen as the file system root of a project, so that a test can compile with
/// `root: "."` and get the same relative paths in diagnostics as a user running swiftdbt inside it.
/// `overlay` adds or replaces files (by path as the pipeline asks for them); writes are recorded,
/// never performed.
final class RootedFileSystem: FileSystem, @unchecked Sendable {
    let base: String
    let overlay: [String: String]
    private let lock = NSLock()
    private var _writes: [String] = []

    init(base: String, overlay: [String: String] = [:]) {
        self.base = base
        self.overlay = overlay
    }

    /// Every path written, created or removed, in order.
    var writes: [String] { lock.withLock { _writes } }

    private func real(_ path: String) -> String {
        var p = path
        while p.hasPrefix("./") { p.removeFirst(2) }
        if p == "." { return base }
        return p.hasPrefix("/") ? base + p : base + "/" + p
    }

    private func normalised(_ path: String) -> String {
        var p = path
        while p.hasPrefix("./") { p.removeFirst(2) }
        return p
    }

    func readFile(_ path: String) throws -> String {
        if let text = overlay[normalised(path)] { return text }
        return try LocalFileSystem().readFile(real(path))
    }

    func fileExists(_ path: String) -> Bool {
        overlay[normalised(path)] != nil || LocalFileSystem().fileExists(real(path))
    }

    func isDirectory(_ path: String) -> Bool { LocalFileSystem().isDirectory(real(path)) }

    func listFiles(under directory: String) throws -> [String] { try LocalFileSystem().listFiles(under: real(directory)) }

    func writeFile(_ path: String, _ contents: String) throws { lock.withLock { _writes.append(path) } }
    func createDirectory(_ path: String) throws { lock.withLock { _writes.append(path) } }
    func removeItem(_ path: String) throws { lock.withLock { _writes.append(path) } }
}

/// Where this test target's files live on disk.
enum TestPaths {
    /// Tests/SDCompilerTests
    static let testsDir: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path
    static let projectsDir = testsDir + "/Projects"
    static let goldenDir = testsDir + "/Golden"
}
