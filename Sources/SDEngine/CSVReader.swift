import SDBasics

/// Splits a CSV file into records of fields, following RFC 4180, on UTF-8 bytes.
///
/// Fields are separated by `,` and records by LF or CRLF; a field may be enclosed in double quotes,
/// and then holds commas, line breaks and doubled quotes (`""` for one `"`). Fully blank lines are
/// skipped. Problems become diagnostics and parsing goes on where it can; an unterminated quote
/// swallows the rest of the file, so it ends parsing.
struct CSVReader {
    /// One field: its content's bytes (inside the quotes when quoted).
    struct Field {
        var start: Int
        var end: Int
        var quoted: Bool
        /// The content holds doubled quotes that must be collapsed.
        var hasEscapedQuotes: Bool
    }

    struct Record {
        var fields: [Field]
        /// Byte offsets of the record's first byte and of its end (before the line break).
        var start: Int
        var end: Int
        /// Cut short by an unterminated quote; its field count means nothing.
        var isTruncated = false
    }

    let file: SourceFile
    /// Where parsing starts (after a byte order mark).
    let startOffset: Int

    init(file: SourceFile, startOffset: Int = 0) {
        self.file = file
        self.startOffset = startOffset
    }

    func records(_ diagnostics: inout DiagnosticBag) -> [Record] {
        file.utf8.withUnsafeBufferPointer { b in parse(b, &diagnostics) }
    }

    private func parse(_ b: UnsafeBufferPointer<UInt8>, _ diagnostics: inout DiagnosticBag) -> [Record] {
        let quote = UInt8(ascii: "\"")
        let comma = UInt8(ascii: ",")
        let lf = UInt8(ascii: "\n")
        let cr = UInt8(ascii: "\r")
        let n = b.count
        var records: [Record] = []
        var i = startOffset
        var widthHint = 4
        while i < n {
            if b[i] == lf {
                i += 1
                continue
            }
            if b[i] == cr, i + 1 < n, b[i + 1] == lf {
                i += 2
                continue
            }
            let recordStart = i
            var fields: [Field] = []
            fields.reserveCapacity(widthHint)
            var recordEnd = n
            fieldLoop: while true {
                if i < n, b[i] == quote {
                    let opening = i
                    i += 1
                    let contentStart = i
                    var escaped = false
                    var contentEnd = -1
                    while i < n {
                        if b[i] == quote {
                            if i + 1 < n, b[i + 1] == quote {
                                escaped = true
                                i += 2
                                continue
                            }
                            contentEnd = i
                            i += 1
                            break
                        }
                        i += 1
                    }
                    if contentEnd < 0 {
                        diagnostics.append(
                            .error(
                                "unterminated quoted field", at: SourceRange(file: file, bytes: opening..<(opening + 1)),
                                hint: "close the field with a double quote; a quote inside a field is written twice (\"\")"))
                        records.append(Record(fields: fields, start: recordStart, end: n, isTruncated: true))
                        return records
                    }
                    fields.append(Field(start: contentStart, end: contentEnd, quoted: true, hasEscapedQuotes: escaped))
                    if i < n, b[i] != comma, b[i] != lf, !(b[i] == cr && i + 1 < n && b[i + 1] == lf) {
                        diagnostics.append(
                            .error(
                                "unexpected text after the closing quote of a field",
                                at: SourceRange(file: file, bytes: i..<(i + 1)),
                                hint: "a quoted field ends at its closing quote; put the whole value inside the quotes"))
                        while i < n, b[i] != comma, b[i] != lf { i += 1 }
                        if i < n, b[i] == lf, i > recordStart, b[i - 1] == cr { i -= 1 }
                    }
                } else {
                    let start = i
                    var strayReported = false
                    while i < n {
                        let c = b[i]
                        if c == comma || c == lf { break }
                        if c == cr, i + 1 < n, b[i + 1] == lf { break }
                        if c == quote, !strayReported {
                            strayReported = true
                            diagnostics.append(
                                .error(
                                    "quote inside an unquoted field", at: SourceRange(file: file, bytes: i..<(i + 1)),
                                    hint: "enclose the field in double quotes and write the quote twice (\"\")"))
                        }
                        i += 1
                    }
                    fields.append(Field(start: start, end: i, quoted: false, hasEscapedQuotes: false))
                }
                // After a field: a comma starts the next one; a line break or the end ends the record.
                if i < n, b[i] == comma {
                    i += 1
                    continue fieldLoop
                }
                recordEnd = i
                if i < n, b[i] == cr { i += 1 }
                if i < n, b[i] == lf { i += 1 }
                break fieldLoop
            }
            widthHint = fields.count
            records.append(Record(fields: fields, start: recordStart, end: recordEnd))
        }
        return records
    }

    /// The text of a field, with doubled quotes collapsed.
    func text(of field: Field) -> String {
        file.utf8.withUnsafeBufferPointer { b in
            let slice = UnsafeBufferPointer(rebasing: b[field.start..<field.end])
            guard field.hasEscapedQuotes else { return String(decoding: slice, as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(slice.count)
            var i = 0
            while i < slice.count {
                out.append(slice[i])
                // Inside a quoted field every quote is doubled, so skip the second of each pair.
                i += slice[i] == UInt8(ascii: "\"") ? 2 : 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
