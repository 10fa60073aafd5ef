import SDEngine

/// Reads the position out of a DuckDB error message.
///
/// DuckDB appends an excerpt to errors that have a query location (QueryErrorContext::Format in
/// src/parser/query_error_context.cpp of duckdb/duckdb): `LINE n: <text of line n>` and, below it,
/// spaces and a `^`. Lines are counted at `\n` and at `\r`. When the line is long, the excerpt is a
/// window of about 40 columns each side of the error with `...` on the cut sides, and the caret's
/// column is a render width (one per grapheme, two for wide East Asian characters, none for controls
/// such as a tab), measured on duckdb-cli 1.5.6. So the excerpt text is found in the statement's line
/// and the caret is walked over it grapheme by grapheme; when that cannot be done with certainty
/// (the window occurs twice in the line, widths do not add up) only the line is returned.
enum DuckDBErrorPosition {
    static func parse(message: String, statement: String) -> StatementPosition? {
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
        var found: (line: Int, excerpt: Substring, caret: Int)?
        for (k, text) in lines.enumerated() where text.hasPrefix("LINE ") && k + 1 < lines.count {
            guard let colon = text.firstIndex(of: ":"), let n = Int(text[text.index(text.startIndex, offsetBy: 5)..<colon]), n >= 1
            else { continue }
            let prefix = text.distance(from: text.startIndex, to: colon) + 2
            let caretLine = lines[k + 1]
            guard let caret = caretLine.firstIndex(of: "^"), caretLine[..<caret].allSatisfy({ $0 == " " }) else { continue }
            let excerptStart = text.index(colon, offsetBy: 2, limitedBy: text.endIndex) ?? text.endIndex
            found = (n, text[excerptStart...], caretLine.distance(from: caretLine.startIndex, to: caret) - prefix)
        }
        guard let found else { return nil }
        let stmt = Array(statement.utf8)
        let stmtLines = StatementPosition.lines(of: stmt, alsoCarriageReturn: true)
        guard found.line <= stmtLines.count else { return nil }
        let lineRange = stmtLines[found.line - 1]
        var lineText = String(decoding: stmt[lineRange], as: UTF8.self)
        // DuckDBProcess sends the statement with its `;` on the last line, and the excerpt quotes it.
        if found.line == stmtLines.count { lineText += ";" }
        let offset = column(in: lineText, excerpt: found.excerpt, caret: found.caret).map { lineRange.lowerBound + $0 }
            .flatMap { $0 < lineRange.upperBound ? $0 : nil }
        let checked = offset.flatMap { verified($0, message: message, statement: stmt, line: lineRange) }
        return StatementPosition(line: found.line, lineStart: lineRange.lowerBound, offset: checked)
    }

    /// The byte offset in `line` the caret points at, or nil when it cannot be told for sure.
    static func column(in line: String, excerpt: Substring, caret: Int) -> Int? {
        var body = excerpt
        var width = caret
        let cutFront = body.hasPrefix("...") && !line.hasPrefix(body)
        if cutFront {
            body = body.dropFirst(3)
            width -= 3
        }
        if body.hasSuffix("..."), line.firstRange(of: body) == nil { body = body.dropLast(3) }
        guard !body.isEmpty else { return nil }
        var start: String.Index?
        if !cutFront {
            start = line.hasPrefix(body) ? line.startIndex : nil
        } else if let first = line.firstRange(of: body), line[line.index(after: first.lowerBound)...].firstRange(of: body) == nil {
            // A window found twice in the line could be either; no guess.
            start = first.lowerBound
        }
        guard let start, width >= 0 else { return nil }
        var used = 0
        var i = start
        while used < width {
            guard i < line.endIndex else { return nil }
            used += renderWidth(line[i])
            i = line.index(after: i)
        }
        guard used == width else { return nil }
        // The caret counts the widths before the error; zero-width characters (a tab) come before it.
        while i < line.endIndex, renderWidth(line[i]) == 0 { i = line.index(after: i) }
        return line.utf8.distance(from: line.startIndex, to: i)
    }

    /// utf8proc's render width, closely enough for SQL text: controls 0, wide East Asian and emoji 2, else 1.
    static func renderWidth(_ c: Character) -> Int {
        guard let s = c.unicodeScalars.first else { return 0 }
        if s.properties.generalCategory == .control { return 0 }
        switch s.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3,
            0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
            0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// When the message names what it points at (`Referenced column "x"`, `at or near ";"`), the
    /// text at `offset` must start with it; if it does not but the name occurs once on the line, that
    /// occurrence is taken; otherwise there is no column.
    static func verified(_ offset: Int, message: String, statement: [UInt8], line: Range<Int>) -> Int? {
        let head = message.prefix { $0 != "\n" }
        guard let open = head.firstIndex(of: "\""), let close = head[head.index(after: open)...].firstIndex(of: "\"") else {
            return offset
        }
        let name = Array(head[head.index(after: open)..<close].utf8.map { lower($0) })
        guard !name.isEmpty else { return offset }
        func matches(at i: Int) -> Bool {
            for (k, c) in name.enumerated() {
                guard i + k < line.upperBound, lower(statement[i + k]) == c else { return false }
            }
            return true
        }
        // A quoted identifier in the SQL: the caret is on the opening quote.
        if matches(at: offset) || (offset < line.upperBound && statement[offset] == UInt8(ascii: "\"") && matches(at: offset + 1)) {
            return offset
        }
        let hits = line.filter { matches(at: $0) }
        return hits.count == 1 ? hits[0] : nil
    }

    static func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c + 32 : c }
}
