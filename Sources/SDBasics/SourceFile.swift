import Synchronization

/// A file of user input (a model, a YAML file, a CSV), kept whole so diagnostics can quote it.
///
/// Positions are UTF-8 byte offsets into `utf8`; line and column are computed only when a
/// diagnostic is rendered, from a line table built once per file.
///
/// The bytes are the one copy of the file kept: the lexers, parsers and renders read them, and
/// `text` decodes them again for the few readers that want a `String` (Yams, a node's raw code
/// in the manifest). Keeping the `String` beside the bytes, and the line table from the start,
/// held the SQL of a 100k-model project three times over until the process ended (issue 20).
public final class SourceFile: Sendable {
    /// The path shown to the user, relative to the project root where possible.
    public let path: String
    public let utf8: [UInt8]
    /// Where line 1's text starts: after a UTF-8 byte order mark, which editors neither show nor
    /// count as a column, so lines and columns are the ones the user sees.
    let firstLineStart: Int
    /// Built on first use: most files never need it (only diagnostics and YAML positions do).
    private let lineTable = Mutex<[Int]?>(nil)

    public init(path: String, text: String) {
        self.path = path
        let bytes = Array(text.utf8)
        self.utf8 = bytes
        self.firstLineStart = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// The file as a `String`, decoded from the bytes on each call (they came from a `String`, so
    /// this gives back exactly the text the file was made from).
    public var text: String { String(decoding: utf8, as: UTF8.self) }

    /// Byte offset of the start of each line.
    public var lineStarts: [Int] {
        lineTable.withLock { table in
            if let table { return table }
            var starts = [0]
            for (i, b) in utf8.enumerated() where b == UInt8(ascii: "\n") {
                starts.append(i + 1)
            }
            table = starts
            return starts
        }
    }

    /// Whether the line table was built (tests: a file nobody asked a position of has none).
    var hasLineTable: Bool { lineTable.withLock { $0 != nil } }

    /// 1-based line and column (column counted in characters, not bytes) of a byte offset.
    public func location(of offset: Int) -> SourceLocation {
        let clamped = max(0, min(offset, utf8.count))
        let lineStarts = self.lineStarts
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= clamped { lo = mid } else { hi = mid - 1 }
        }
        let start = min(lo == 0 ? firstLineStart : lineStarts[lo], clamped)
        let prefix = utf8[start..<clamped]
        let column = (String(decoding: prefix, as: UTF8.self).count) + 1
        return SourceLocation(line: lo + 1, column: column)
    }

    /// Byte offset of a 1-based line and column, columns counted in Unicode scalars as libyaml
    /// (and so Yams' `Mark`) counts them. Counting characters instead put every position after a
    /// combining accent too far right, up to past the end of the file (found by `make fuzz`).
    ///
    /// The bytes are valid UTF-8 (they come from a `String`), so a scalar starts at every byte that is
    /// not a continuation byte (10xxxxxx); walking them builds nothing, where decoding the line into a
    /// `String` first did so for every node of every property file.
    public func offset(line: Int, column: Int) -> Int {
        let lineStarts = self.lineStarts
        guard line >= 1, line <= lineStarts.count else { return utf8.count }
        let start = line == 1 ? firstLineStart : lineStarts[line - 1]
        // The line as `line(_:)` gives it: without its newline and one carriage return before it.
        var end = line < lineStarts.count ? lineStarts[line] - 1 : utf8.count
        if end > start, utf8[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        var i = start
        var col = 1
        while i < end, col < column {
            i += 1
            while i < end, utf8[i] & 0xC0 == 0x80 { i += 1 }
            col += 1
        }
        return i
    }

    /// The text of a 1-based line without its newline.
    public func line(_ number: Int) -> String {
        let lineStarts = self.lineStarts
        guard number >= 1, number <= lineStarts.count else { return "" }
        let start = number == 1 ? firstLineStart : lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] - 1 : utf8.count
        if end > start, utf8[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: utf8[start..<max(start, end)], as: UTF8.self)
    }

    /// The text covered by a byte range.
    public func slice(_ range: Range<Int>) -> String {
        let lo = max(0, min(range.lowerBound, utf8.count))
        let hi = max(lo, min(range.upperBound, utf8.count))
        return String(decoding: utf8[lo..<hi], as: UTF8.self)
    }
}

/// A 1-based line and column.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public var description: String { "\(line):\(column)" }
}

/// A span of bytes in one source file.
public struct SourceRange: Sendable, Hashable {
    public let file: SourceFile
    public let bytes: Range<Int>

    public init(file: SourceFile, bytes: Range<Int>) {
        self.file = file
        self.bytes = bytes
    }

    public var start: SourceLocation { file.location(of: bytes.lowerBound) }
    public var text: String { file.slice(bytes) }

    public static func == (a: SourceRange, b: SourceRange) -> Bool {
        a.file === b.file && a.bytes == b.bytes
    }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(file))
        hasher.combine(bytes)
    }
}
