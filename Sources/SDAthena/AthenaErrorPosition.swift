import SDEngine

/// Reads `line L:C:` out of an Athena error (`StateChangeReason`), e.g.
/// `COLUMN_NOT_FOUND: line 3:8: Column 'x' cannot be resolved`.
///
/// Athena runs Trino, whose parser and analyzer report `line:column` of a node (Trino's
/// `io.trino.spi.Location` / `NodeLocation`: 1-based line, 1-based column, from ANTLR's
/// `charPositionInLine + 1`, counted in code points over lines ended by `\n`); the Athena error
/// catalog (https://docs.aws.amazon.com/athena/latest/ug/error-reference.html) lists these
/// messages under the error types of category 2, user errors.
enum AthenaErrorPosition {
    static func parse(message: String, statement: String) -> StatementPosition? {
        guard let (line, column) = lineAndColumn(in: message) else { return nil }
        let stmt = Array(statement.utf8)
        let lines = StatementPosition.lines(of: stmt, alsoCarriageReturn: false)
        guard line >= 1, line <= lines.count, column >= 1 else { return nil }
        let text = String(decoding: stmt[lines[line - 1]], as: UTF8.self)
        var scalars = text.unicodeScalars.makeIterator()
        var bytes = 0
        for _ in 1..<column {
            guard let s = scalars.next() else { return StatementPosition(line: line, lineStart: lines[line - 1].lowerBound, offset: nil) }
            bytes += UTF8.width(s)
        }
        // A column past the end of the line (the end of the statement) has no byte to point at.
        let start = lines[line - 1].lowerBound
        return StatementPosition(line: line, lineStart: start, offset: bytes < lines[line - 1].count ? start + bytes : nil)
    }

    /// The first `line <digits>:<digits>:` in the message.
    static func lineAndColumn(in message: String) -> (Int, Int)? {
        let b = Array(message.utf8)
        let key = Array("line ".utf8)
        var i = 0
        while i + key.count < b.count {
            if b[i..<(i + key.count)].elementsEqual(key), i == 0 || !isLetter(b[i - 1]) {
                var j = i + key.count
                let line = digits(b, &j)
                if let line, j < b.count, b[j] == UInt8(ascii: ":") {
                    j += 1
                    if let column = digits(b, &j), j < b.count, b[j] == UInt8(ascii: ":") { return (line, column) }
                }
            }
            i += 1
        }
        return nil
    }

    static func isLetter(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }

    static func digits(_ b: [UInt8], _ j: inout Int) -> Int? {
        let start = j
        var value = 0
        while j < b.count, b[j] >= 0x30, b[j] <= 0x39, j - start < 9 {
            value = value * 10 + Int(b[j] - 0x30)
            j += 1
        }
        return j > start ? value : nil
    }
}
