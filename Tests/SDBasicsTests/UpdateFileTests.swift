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

    /// One open compares and writes in place (FileSystem.swift): a shorter text leaves no tail of
    /// the longer one, a text of the same length that differs is written, an empty one empties it.
    @Test func writesInPlaceWhateverTheLengths() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fs = LocalFileSystem()
        let path = root + "/target/compiled/b.sql"
        for text in ["select 1234567890\n", "select 1\n", "select 2\n", "select 22222222222222222222222\n", "", "x", "select é\n"] {
            try fs.updateFile(path, text)
            #expect(try fs.readFile(path) == text)
        }
    }

    /// A compiled file the user made read-only is left alone while it already holds the text; a
    /// change to it is an error, not a silent skip.
    @Test func aReadOnlyFileIsLeftAloneWhenUnchangedAndRefusedWhenChanged() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fs = LocalFileSystem()
        let path = root + "/target/compiled/c.sql"
        try fs.updateFile(path, "select 1\n")
        // Root writes whatever the mode says: there the file is made immutable instead (chattr).
        if getuid() == 0 {
            let chattr = Process()
            chattr.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
            chattr.arguments = ["+i", path]
            try chattr.run()
            chattr.waitUntilExit()
            try #require(chattr.terminationStatus == 0, "chattr +i failed")
        } else {
            chmod(path, 0o444)
        }
        defer {
            let undo = Process()
            undo.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
            undo.arguments = ["-i", path]
            if getuid() == 0, (try? undo.run()) != nil { undo.waitUntilExit() }
        }
        try fs.updateFile(path, "select 1\n")
        #expect(throws: FileSystemError.self) { try fs.updateFile(path, "select 2\n") }
        #expect(try fs.readFile(path) == "select 1\n")
    }

    @Test func aFileWhereAFolderMustBeIsAnError() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fs = LocalFileSystem()
        try fs.writeFile(root + "/target", "not a folder")
        #expect(throws: FileSystemError.self) { try fs.updateFile(root + "/target/compiled/a.sql", "select 1\n") }
    }

    /// `writeStream` writes each batch on a thread of its own while the next is made: the file
    /// holds every batch in order, whatever their sizes (empty ones included), and a producer
    /// slower than the writer or one that makes a batch in one go gives the same bytes.
    @Test func aStreamWrittenBehindItsProducerHoldsEveryBatchInOrder() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fs = LocalFileSystem()
        let batches: [[[UInt8]]] = (0..<300).map { b in
            (0..<(b % 4)).map { c in Array("batch \(b) chunk \(c) \(String(repeating: "x", count: (b * 37 + c) % 5000))\n".utf8) }
        }
        let expected = batches.flatMap { $0.flatMap { $0 } }
        for slow in [false, true] {
            var next = 0
            let path = root + "/target/stream-\(slow).txt"
            try fs.writeStream(
                path,
                ChunkStream {
                    guard next < batches.count else { return nil }
                    defer { next += 1 }
                    if slow, next % 50 == 0 { Thread.sleep(forTimeInterval: 0.005) }
                    return batches[next]
                })
            #expect(try fs.readBytes(path) == expected)
            #expect(next == batches.count)
        }
    }

    @Test func aStreamThatCannotBeWrittenIsAnErrorAndLeavesNoFile() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fs = LocalFileSystem()
        try fs.writeFile(root + "/target", "not a folder")
        var asked = 0
        #expect(throws: FileSystemError.self) {
            try fs.writeStream(
                root + "/target/manifest.json",
                ChunkStream {
                    asked += 1
                    return asked < 3 ? [Array("{}".utf8)] : nil
                })
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["target"])
    }
}
