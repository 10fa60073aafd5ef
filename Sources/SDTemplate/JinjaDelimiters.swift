import SDBasics

/// Finds dbt's Jinja delimiters (`{{ }}`, `{% %}`, `{# #}`) in a template's SQL text, so that a
/// model ported from dbt fails at compile time at the braces, with the `<< >>` spelling as the hint,
/// instead of reaching the database as SQL (issue 15, item 7).
///
/// Where `{{` could be literal SQL it is left alone: inside SQL string literals (`'…'`), quoted
/// identifiers (`"…"`), `--` line comments and `/* */` block comments, and inside swiftdbt's own tags
/// and comments. Nothing else in DuckDB or Athena SQL starts with `{{`, `{%` or `{#` (a DuckDB struct
/// literal is `{'k': v}`, whose braces are followed by a quote or a space).
public enum JinjaDelimiters {
    enum SQLState { case code, singleQuoted, doubleQuoted, lineComment, blockComment }

    static let pairs: [(open: String, close: String, ours: String, oursClose: String)] = [
        ("{{", "}}", "<<", ">>"), ("{%", "%}", "<<", ">>"), ("{#", "#}", "<<#", "#>>"),
    ]

    /// One error per delimiter pair found in SQL text, in file order.
    public static func find(in file: SourceFile) -> [Diagnostic] {
        let bytes = file.utf8
        // Most files have none: skip the lexer unless a candidate pair exists at all.
        guard bytes.indices.dropLast().contains(where: { bytes[$0] == 0x7B && [0x7B, 0x25, 0x23].contains(bytes[$0 + 1]) }) else {
            return []
        }
        var out: [Diagnostic] = []
        var state = SQLState.code
        var skipUntil = 0
        let tokens = Lexer.tokenize(file)
        for (k, token) in tokens.enumerated() where token.kind == .text {
            // A raw block's text is written as is on purpose, braces included.
            if k > 0, bytes.withUnsafeBufferPointer({ Lexer.closesRawTag(tokens, at: k - 1, $0) }) { continue }
            var i = token.bytes.lowerBound
            let end = token.bytes.upperBound
            while i < end {
                let c = bytes[i]
                let next: UInt8 = i + 1 < bytes.count ? bytes[i + 1] : 0
                switch state {
                case .singleQuoted: if c == 0x27 { state = .code }
                case .doubleQuoted: if c == 0x22 { state = .code }
                case .lineComment: if c == 0x0A { state = .code }
                case .blockComment:
                    if c == 0x2A, next == 0x2F {
                        state = .code
                        i += 1
                    }
                case .code:
                    if c == 0x27 {
                        state = .singleQuoted
                    } else if c == 0x22 {
                        state = .doubleQuoted
                    } else if c == 0x2D, next == 0x2D {
                        state = .lineComment
                    } else if c == 0x2F, next == 0x2A {
                        state = .blockComment
                        i += 1
                    } else if c == 0x7B, i >= skipUntil, let d = diagnostic(at: i, in: file) {
                        out.append(d)
                        skipUntil = d.range?.bytes.upperBound ?? i
                        i = max(i, min(skipUntil, end) - 1)
                    }
                }
                i += 1
            }
        }
        return out
    }

    /// The finding for a delimiter opening at `start`, reaching to its close on the same line if any.
    public static func diagnostic(at start: Int, in file: SourceFile) -> Diagnostic? {
        let bytes = file.utf8
        guard let pair = pairs.first(where: { bytes[start...].starts(with: Array($0.open.utf8)) }) else { return nil }
        let lineEnd = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
        let close = Array(pair.close.utf8)
        var j = start + 2
        var closeAt: Int? = nil
        while j + close.count <= lineEnd {
            if bytes[j..<(j + close.count)].elementsEqual(close) {
                closeAt = j
                break
            }
            j += 1
        }
        let what = pair.open == "{#" ? "comment" : (pair.open == "{{" ? "expression" : "statement")
        let message = "'\(pair.open) \(pair.close)' is dbt's Jinja \(what) delimiter; swiftdbt templates use '\(pair.ours) \(pair.oursClose)'"
        guard let closeAt else {
            return .error(
                message, at: SourceRange(file: file, bytes: start..<(start + 2)),
                hint: "write \(pair.ours) … \(pair.oursClose) instead of \(pair.open) … \(pair.close) (docs/template-language.md)")
        }
        var inner = String(decoding: bytes[(start + 2)..<closeAt], as: UTF8.self)
        // Jinja's whitespace control `{{-` / `-}}` is `<<-` / `->>`.
        var open = pair.ours
        var shut = pair.oursClose
        if inner.hasPrefix("-") {
            inner.removeFirst()
            open += "-"
        }
        if inner.hasSuffix("-") {
            inner.removeLast()
            shut = "-" + shut
        }
        let range = SourceRange(file: file, bytes: start..<(closeAt + close.count))
        return .error(message, at: range, hint: "write \(open)\(inner)\(shut)")
    }
}
