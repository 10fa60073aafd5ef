import Foundation
import Testing

@testable import SDBasics

/// The byte scans of the load phase (ByteSearch, SourceFile.offset, LocalFileSystem.readFile) against
/// the plain definitions they replaced, on hand-picked and generated inputs.
@Suite("byte scans of the load phase")
struct ByteScanTests {
    /// A small deterministic generator, so a failing input can be reproduced from its seed.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// The definition: the first offset at or after `from` where `needle` starts.
    static func naiveFind(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, from >= 0 else { return nil }
        var i = from
        while i + needle.count <= bytes.count {
            if Array(bytes[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }

    @Test func findsWhereTheNeedleStarts() {
        let hay = Array("eenv_va env_var(x) env_var".utf8)
        let needle = Array("env_var".utf8)
        #expect(ByteSearch.find(needle, in: hay) == 8)
        #expect(ByteSearch.find(needle, in: hay, from: 9) == 19)
        #expect(ByteSearch.find(needle, in: hay, from: 20) == nil)
        #expect(ByteSearch.find(Array("x".utf8), in: hay) == 16)
        #expect(ByteSearch.find(needle, in: Array("env_va".utf8)) == nil)
        #expect(ByteSearch.find(needle, in: []) == nil)
        #expect(ByteSearch.find([], in: hay) == nil)
        #expect(ByteSearch.contains("a << b", Array("<<".utf8)))
        #expect(!ByteSearch.contains("a < < b", Array("<<".utf8)))
    }

    @Test func agreesWithTheDefinitionOnGeneratedInput() {
        var g = Generator(state: 42)
        let alphabet = Array("ab_e".utf8) + [0xEF, 0xBF, 0xBD]
        for _ in 0..<2_000 {
            let hay = (0..<g.next(40)).map { _ in alphabet[g.next(alphabet.count)] }
            let needle = (0..<(1 + g.next(4))).map { _ in alphabet[g.next(alphabet.count)] }
            let from = g.next(45)
            #expect(ByteSearch.find(needle, in: hay, from: from) == Self.naiveFind(needle, in: hay, from: from), "\(hay) \(needle) \(from)")
        }
    }

    /// The definition `offset(line:column:)` had: decode the line and add up its scalars' widths.
    static func decodedOffset(_ file: SourceFile, line: Int, column: Int) -> Int {
        guard line >= 1, line <= file.lineStarts.count else { return file.utf8.count }
        let start = line == 1 ? file.firstLineStart : file.lineStarts[line - 1]
        var bytes = 0
        var col = 1
        for scalar in file.line(line).unicodeScalars {
            if col >= column { break }
            bytes += UTF8.width(scalar)
            col += 1
        }
        return start + bytes
    }

    @Test func offsetsCountScalarsLikeDecodingTheLine() {
        var g = Generator(state: 7)
        let pieces = ["a", " ", "é", "e\u{301}", "€", "😀", "\n", "\r\n", "\r", "\t", "'"]
        for round in 0..<300 {
            var text = round % 5 == 0 ? "\u{FEFF}" : ""
            for _ in 0..<g.next(30) { text += pieces[g.next(pieces.count)] }
            let file = SourceFile(path: "x.yml", text: text)
            for line in 0...(file.lineStarts.count + 1) {
                for column in 0...12 {
                    let expected = Self.decodedOffset(file, line: line, column: column)
                    #expect(file.offset(line: line, column: column) == expected, "\(text.debugDescription) \(line):\(column)")
                }
            }
        }
    }

    @Test func readFileRepairsBytesThatAreNotUTF8AndRefusesWhatIsNoFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftdbt-bytescan-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fs = LocalFileSystem()
        let latin1 = dir + "/latin1.sql"
        try Data([0x63, 0x61, 0x66, 0xE9, 0x0A]).write(to: URL(fileURLWithPath: latin1))
        #expect(try fs.readFile(latin1) == "caf\u{FFFD}\n")
        let empty = dir + "/empty.sql"
        try Data().write(to: URL(fileURLWithPath: empty))
        #expect(try fs.readFile(empty) == "")
        let large = dir + "/large.sql"
        let text = String(repeating: "select 'é' as x -- 😀\n", count: 20_000)
        try fs.writeFile(large, text)
        #expect(try fs.readFile(large) == text)
        // A file whose size says 0 but that has text (Linux's /proc) is read whole, through Foundation.
        #expect(try fs.readFile("/proc/self/status").hasPrefix("Name:"))
        // A device is left to Foundation, which refuses /dev/null as it always did.
        #expect(throws: FileSystemError.self) { try fs.readFile("/dev/null") }
        #expect(throws: FileSystemError.self) { try fs.readFile(dir) }
        #expect(throws: FileSystemError.self) { try fs.readFile(dir + "/missing.sql") }
    }
}
