/// Splits SQL text into statements the way the duckdb CLI reads its input.
///
/// The CLI collects lines until the text ends in a `;` outside quotes and comments, then runs it.
/// Its scanner (measured on duckdb-cli 1.5.6) knows `'…'`, `"…"`, `$tag$…$tag$`, `-- …` and
/// non-nesting `/* … */`; it does not know `E'\''` backslash escapes or nested comments. This type
/// follows the CLI rather than the SQL parser, because its job is to predict when the CLI will run a
/// statement: text that leaves the CLI inside a quote would swallow the request's end marker and
/// hang, so such text is refused before it is sent.
public struct DuckDBScript: Sendable, Hashable {
    /// The statements, each without its terminating `;`, trimmed; comment-only pieces are dropped.
    public var statements: [String]
    /// Why the text would leave the CLI waiting for more input, if it would.
    public var incompleteReason: String?
    /// The first line that the CLI would read as a dot command, if any.
    public var dotCommand: String?
    /// True when the text ends in a statement without its `;`.
    public var needsTerminator: Bool
    /// True when the text's last line ends inside a `--` comment, so a `;` must go on a new line.
    public var endsInLineComment: Bool

    /// Scans `sql`.
    public init(_ sql: String) {
        statements = []
        incompleteReason = nil
        dotCommand = nil
        needsTerminator = false
        endsInLineComment = false
        let b = Array(sql.utf8)
        let n = b.count
        var i = 0
        var segmentStart = 0
        var hasContent = false  // a token other than whitespace/comments in the current statement
        var lineStart = true
        func isIdent(_ c: UInt8) -> Bool {
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c >= 0x80
        }
        func lineNumber(_ at: Int) -> Int { 1 + b[0..<at].reduce(0) { $1 == 0x0A ? $0 + 1 : $0 } }
        func finish(_ end: Int) {
            if hasContent {
                let text = String(decoding: b[segmentStart..<end], as: UTF8.self)
                statements.append(text.trimmingWhitespace())
            }
            hasContent = false
        }
        while i < n {
            let c = b[i]
            if lineStart && !hasContent && c == UInt8(ascii: "."), dotCommand == nil {
                var e = i
                while e < n, b[e] != 0x0A { e += 1 }
                dotCommand = String(decoding: b[i..<e], as: UTF8.self)
            }
            lineStart = c == 0x0A
            switch c {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                hasContent = true
                var j = i + 1
                while j < n, b[j] != c { j += 1 }
                if j >= n {
                    incompleteReason = "unterminated \(c == 0x27 ? "string literal" : "quoted identifier") starting on line \(lineNumber(i))"
                    return
                }
                i = j + 1
                continue
            case UInt8(ascii: "-") where i + 1 < n && b[i + 1] == UInt8(ascii: "-"):
                while i < n, b[i] != 0x0A { i += 1 }
                if i == n { endsInLineComment = true }
                continue
            case UInt8(ascii: "/") where i + 1 < n && b[i + 1] == UInt8(ascii: "*"):
                var j = i + 2
                while j + 1 < n, !(b[j] == UInt8(ascii: "*") && b[j + 1] == UInt8(ascii: "/")) { j += 1 }
                if j + 1 >= n {
                    incompleteReason = "unterminated /* comment starting on line \(lineNumber(i))"
                    return
                }
                lineStart = false
                i = j + 2
                continue
            case UInt8(ascii: "$") where i == 0 || !isIdent(b[i - 1]):
                hasContent = true
                var j = i + 1
                if j < n, !(b[j] >= 0x30 && b[j] <= 0x39) {
                    while j < n, isIdent(b[j]) { j += 1 }
                }
                if j < n, b[j] == UInt8(ascii: "$") {
                    let tag = Array(b[i...j])
                    var k = j + 1
                    var closed = false
                    while k + tag.count <= n {
                        if b[k] == UInt8(ascii: "$"), Array(b[k..<(k + tag.count)]) == tag {
                            closed = true
                            break
                        }
                        k += 1
                    }
                    if !closed {
                        incompleteReason = "unterminated \(String(decoding: tag, as: UTF8.self)) string starting on line \(lineNumber(i))"
                        return
                    }
                    i = k + tag.count
                    continue
                }
                i += 1
                continue
            case UInt8(ascii: ";"):
                finish(i)
                segmentStart = i + 1
            case 0x20, 0x09, 0x0A, 0x0D:
                break
            default:
                hasContent = true
            }
            i += 1
        }
        if hasContent {
            needsTerminator = true
            finish(n)
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
