import Foundation
import SDBasics
import Synchronization
import Testing

/// SortedRecords.swift: a record found by bisection is the one a whole search finds, with a few
/// small reads and no whole read; an unsorted file or a missing key is still answered correctly.
struct SortedRecordsTests {
    /// The local disk, counting the reads of each kind.
    final class CountingDisk: FileSystem, @unchecked Sendable {
        let base = LocalFileSystem()
        let whole = Atomic<Int>(0)
        let ranged = Atomic<Int>(0)
        func readFile(_ path: String) throws -> String { try base.readFile(path) }
        func fileExists(_ path: String) -> Bool { base.fileExists(path) }
        func isDirectory(_ path: String) -> Bool { base.isDirectory(path) }
        func listFiles(under directory: String) throws -> [String] { try base.listFiles(under: directory) }
        func writeFile(_ path: String, _ contents: String) throws { try base.writeFile(path, contents) }
        func updateFile(_ path: String, _ contents: String) throws { try base.updateFile(path, contents) }
        func createDirectory(_ path: String) throws { try base.createDirectory(path) }
        func removeItem(_ path: String) throws { try base.removeItem(path) }
        func writeBytes(_ path: String, _ bytes: [UInt8]) throws { try base.writeBytes(path, bytes) }
        func writeStream(_ path: String, _ stream: ChunkStream) throws { try base.writeStream(path, stream) }
        func fileSize(_ path: String) -> Int? { base.fileSize(path) }
        func readBytes(_ path: String) throws -> [UInt8] {
            whole.add(1, ordering: .relaxed)
            return try base.readBytes(path)
        }
        func readBytes(_ path: String, offset: Int, count: Int) throws -> [UInt8] {
            ranged.add(1, ordering: .relaxed)
            return try base.readBytes(path, offset: offset, count: count)
        }
    }

    /// A file like the compile index: a header line, then `key<TAB>value` lines, then `end`.
    static func write(_ keys: [String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sorted-\(UUID().uuidString).txt").path
        var text = "header 1\n"
        for (i, k) in keys.enumerated() { text += "\(k)\t{\"n\": \(i), \"pad\": \"\(String(repeating: "x", count: i % 97))\"}\n" }
        text += "end\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func index(_ path: String, _ disk: FileSystem) -> SortedRecords {
        var records = SortedRecords(path: path, fileSystem: disk, marker: [0x0A], keyEnd: 0x09, recordEnd: [0x0A])
        records.window = 512
        return records
    }

    static func line(_ record: [UInt8]?) -> String? { record.map { String(decoding: $0, as: UTF8.self) } }

    @Test func everyKeyOfASortedFileIsFoundWithAFewSmallReads() throws {
        let keys = (0..<5_000).map { String(format: "models/m_%05d.sql", $0 * 3) }
        let path = try Self.write(keys)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let disk = CountingDisk()
        let records = Self.index(path, disk)
        for (i, k) in keys.enumerated() where i % 37 == 0 || i == keys.count - 1 {
            let before = disk.ranged.load(ordering: .relaxed)
            let found = try #require(Self.line(records.record(Array(k.utf8))))
            #expect(found.hasPrefix(k + "\t{\"n\": \(i),") && found.hasSuffix("}\n"), "\(k): \(found)")
            // About log2(file / window) probes, a read of what is left, and the rest of a long line.
            #expect(disk.ranged.load(ordering: .relaxed) - before <= 14, "\(k)")
        }
        #expect(disk.whole.load(ordering: .relaxed) == 0)
        // A key between two others, and one past either end: none, after one whole search to be sure.
        for missing in ["models/m_00001.sql", "a", "zzz", "models/m_00003.sq"] {
            #expect(records.record(Array(missing.utf8)) == nil, "\(missing)")
        }
    }

    @Test func anUnsortedFileStillGivesTheRightRecord() throws {
        var keys = (0..<2_000).map { "k\($0)" }
        var generator = SystemRandomNumberGenerator()
        keys.shuffle(using: &generator)
        let path = try Self.write(keys)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let records = Self.index(path, CountingDisk())
        for (i, k) in keys.enumerated() where i % 53 == 0 {
            #expect(Self.line(records.record(Array(k.utf8)))?.hasPrefix(k + "\t{\"n\": \(i),") == true, "\(k)")
        }
        // A key that is the start of another is not that other's record.
        #expect(Self.line(records.record(Array("k1".utf8)))?.hasPrefix("k1\t") == true)
    }

    @Test func aRecordLongerThanTheWindowIsReadToItsEnd() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sorted-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let long = String(repeating: "y", count: 5_000)
        try "h\na\t1\nb\t\(long)\nc\t3\n".write(toFile: path, atomically: true, encoding: .utf8)
        let records = Self.index(path, CountingDisk())
        #expect(Self.line(records.record(Array("b".utf8))) == "b\t\(long)\n")
        #expect(Self.line(records.record(Array("c".utf8))) == "c\t3\n")
        #expect(Self.line(records.record(Array("a".utf8))) == "a\t1\n")
        // The key before a record longer than half of what is left, whose end is within a window of
        // the middle: the bisection lands on that end again and again unless it stops (it once did not).
        let half = String(repeating: "y", count: 590)
        try "h\na\t1\nb\t\(half)\nc\t3\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(Self.line(records.record(Array("a".utf8))) == "a\t1\n")
        #expect(Self.line(records.record(Array("b".utf8))) == "b\t\(half)\n")
    }

    /// The keys next to a trailer line without a key (the index's `end`) are found by bisection, not
    /// by reading the whole file, which a trailer sorted as a key would send the search to.
    @Test func keysBeforeATrailerAreFoundWithoutAWholeRead() throws {
        let keys = (0..<3_000).map { String(format: "models/m_%05d.sql", $0) }
        let path = try Self.write(keys)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let disk = CountingDisk()
        let records = Self.index(path, disk)
        for k in keys.suffix(40) {
            #expect(Self.line(records.record(Array(k.utf8)))?.hasPrefix(k + "\t") == true, "\(k)")
        }
        #expect(disk.whole.load(ordering: .relaxed) == 0)
    }
}
