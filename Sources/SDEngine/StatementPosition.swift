/// A position in a statement sent to a database, as its error message gave it.
public struct StatementPosition: Sendable, Hashable {
    /// 1-based line of the statement.
    public var line: Int
    /// UTF-8 byte offset in the statement; nil when only the line could be read with certainty.
    public var offset: Int?

    public init(line: Int, offset: Int?) {
        self.line = line
        self.offset = offset
    }

    /// The byte ranges of the lines of `text` (without their newline). `alsoCarriageReturn` makes a
    /// lone `\r` end a line too, as DuckDB counts lines; Trino's parser counts `\n` only.
    public static func lines(of text: [UInt8], alsoCarriageReturn: Bool) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        for (i, b) in text.enumerated() where b == 0x0A || (alsoCarriageReturn && b == 0x0D) {
            out.append(start..<i)
            start = i + 1
        }
        out.append(start..<text.count)
        return out
    }
}
