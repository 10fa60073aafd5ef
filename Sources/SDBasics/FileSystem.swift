import Foundation

/// The disk as the library sees it; tests may pass an in-memory one.
public protocol FileSystem: Sendable {
    func readFile(_ path: String) throws -> String
    func fileExists(_ path: String) -> Bool
    func isDirectory(_ path: String) -> Bool
    /// Every regular file below a folder, as paths relative to it, sorted.
    func listFiles(under directory: String) throws -> [String]
    func writeFile(_ path: String, _ contents: String) throws
    func createDirectory(_ path: String) throws
    func removeItem(_ path: String) throws
}

/// The real disk, through Foundation.
public struct LocalFileSystem: FileSystem {
    public init() {}

    public func readFile(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileSystemError(path: path, reason: "cannot read file")
        }
        return String(decoding: data, as: UTF8.self)
    }

    public func fileExists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    public func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    public func listFiles(under directory: String) throws -> [String] {
        guard isDirectory(directory) else { return [] }
        guard let e = FileManager.default.enumerator(atPath: directory) else { return [] }
        var out: [String] = []
        while let rel = e.nextObject() as? String {
            let full = directory + "/" + rel
            if !isDirectory(full) { out.append(rel) }
        }
        return out.sorted()
    }

    public func writeFile(_ path: String, _ contents: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try createDirectory(dir) }
        do {
            try Data(contents.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw FileSystemError(path: path, reason: "cannot write file: \(error.localizedDescription)")
        }
    }

    public func createDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw FileSystemError(path: path, reason: "cannot create directory: \(error.localizedDescription)")
        }
    }

    public func removeItem(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        do { try FileManager.default.removeItem(atPath: path) } catch {
            throw FileSystemError(path: path, reason: "cannot remove: \(error.localizedDescription)")
        }
    }
}

/// An environmental failure of the disk.
public struct FileSystemError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    public var description: String { "\(path): \(reason)" }
}
