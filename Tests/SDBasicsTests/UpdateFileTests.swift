import Foundation
import SDBasics
import Testing

/// `LocalFileSystem.updateFile` makes a missing folder only when opening the file fails for want of
/// it; what it writes and refuses must be what it was when it checked the folder first.
@Suite("update file")
struct UpdateFileTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("swiftdbt-update-\(UUID().uuidString)").path

    @Test func makesMissingFoldersWritesAndLeavesSameTextAlone() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fs = LocalFileSystem()
        let path = root + "/target/compiled/shop/models/a.sql"
        try fs.updateFile(path, "select 1\n")
        #expect(try fs.readFile(path) == "select 1\n")
        let before = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        Thread.sleep(forTimeInterval: 0.02)
        try fs.updateFile(path, "select 1\n")
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date == before)
        try fs.updateFile(path, "select 2\n")
        #expect(try fs.readFile(path) == "select 2\n")
    }

    @Test func aFileWhereAFolderMustBeIsAnError() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fs = LocalFileSystem()
        try fs.writeFile(root + "/target", "not a folder")
        #expect(throws: FileSystemError.self) { try fs.updateFile(root + "/target/compiled/a.sql", "select 1\n") }
    }
}
