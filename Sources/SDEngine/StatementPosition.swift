/// A position in a statement sent to a database, as its error message gave it.
public struct StatementPosition: Sendable, Hashable {
    /// 1-based line of the statement, as the database counts lines.
    public var line: Int
    /// UTF-8 byte offset in the statement where that line starts (databases count lines differently).
    public var lineStart: Int
    /// UTF-8 byte offset in the statement; nil when only the line could be read with certainty.
    public var offset: Int?

    public init(line: Int, lineStart: Int, offset: Int?) {
        self.line = line
        self.lineStart = lineStart
        self.offset = offset
    }

    /// The byte ranges of the lines of `text` (without their line end). `alsoCarriageReturn` makes a
    /// lone `\r` end a line too, and `\r\n` one line end, as DuckDB 1.5.6 counts lines (measured:
    /// `\r`, `\n` and `\r\n` each end one line, `\n\r` two); Trino's parser counts `\n` only.
    public static func lines(of text: [UInt8], alsoCarriageReturn: Bool) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        var i = 0
        while i < text.count {
            let b = text[i]
            if b == 0x0A || (alsoCarriageReturn && b == 0x0D) {
                out.append(start..<i)
                if b == 0x0D, i + 1 < text.count, text[i + 1] == 0x0A { i += 1 }
                start = i + 1
            }
            i += 1
        }
        out.append(start..<text.count)
        return out
    }
}
