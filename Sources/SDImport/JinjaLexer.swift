import SDBasics

/// One piece of a dbt Jinja template: text, or a `{{ }}` / `{% %}` / `{# #}` tag, or the body of a
/// `{% raw %}` block. Ranges are UTF-8 byte offsets into the file, so every finding is positioned.
public struct JinjaToken: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case text, expression, statement, comment
        /// The text between `{% raw %}` and `{% endraw %}`: literal, never tags.
        case raw
    }
    public var kind: Kind
    /// The whole token, delimiters included.
    public var bytes: Range<Int>
    /// What lies between the delimiters (and their `-`/`+` marks); the whole text for `text` and `raw`.
    public var inner: Range<Int>
    /// `{{-` / `{%-` / `{#-`: whitespace before the tag is stripped.
    public var trimBefore = false
    /// `-}}` / `-%}` / `-#}`: whitespace after the tag is stripped.
    public var trimAfter = false
    /// The tag has no closing delimiter: it runs to the end of the file.
    public var unterminated = false
}

/// Splits dbt's Jinja into tokens the way Jinja's own lexer does with dbt's settings (the default
/// delimiters, no line statements, `trim_blocks` and `lstrip_blocks` off): an expression or statement
/// ends at the first closing delimiter outside string literals and outside `(` `[` `{` brackets
/// (Jinja keeps a balancing stack for that), a comment at the first `#}`, and `{% raw %}` turns
/// everything up to `{% endraw %}` into text. A `+` after an opening or before a closing delimiter
/// only matters with `lstrip_blocks`/`trim_blocks` on, so it is read and has no effect.
public enum JinjaLexer {
    public static func tokenize(_ file: SourceFile) -> [JinjaToken] {
        let b = file.utf8
        var out: [JinjaToken] = []
        var textStart = 0
        var i = 0
        func flushText(_ end: Int) {
            if end > textStart { out.append(JinjaToken(kind: .text, bytes: textStart..<end, inner: textStart..<end)) }
        }
        while i + 1 < b.count {
            guard b[i] == 0x7B, b[i + 1] == 0x7B || b[i + 1] == 0x25 || b[i + 1] == 0x23 else {
                i += 1
                continue
            }
            flushText(i)
            let token = tag(at: i, in: b)
            out.append(token)
            i = token.bytes.upperBound
            textStart = i
            if token.kind == .statement, keyword(of: token, in: b) == "raw" {
                // Everything up to the matching `{% endraw %}` is text (Jinja's raw state).
                let (body, end) = rawBody(from: i, in: b)
                if let end {
                    if !body.isEmpty { out.append(JinjaToken(kind: .raw, bytes: body, inner: body)) }
                    out.append(end)
                    i = end.bytes.upperBound
                } else {
                    out.append(JinjaToken(kind: .raw, bytes: body, inner: body, unterminated: true))
                    i = b.count
                }
                textStart = i
            }
        }
        flushText(b.count)
        return out
    }

    /// The first word of a statement tag (`if`, `endfor`, `set`…), or "" for other tokens.
    public static func keyword(of token: JinjaToken, in bytes: [UInt8]) -> String {
        guard token.kind == .statement else { return "" }
        var i = token.inner.lowerBound
        while i < token.inner.upperBound, isSpace(bytes[i]) { i += 1 }
        let start = i
        while i < token.inner.upperBound, isIdentifier(bytes[i]) { i += 1 }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    static func tag(at start: Int, in b: [UInt8]) -> JinjaToken {
        let second = b[start + 1]
        var i = start + 2
        var token = JinjaToken(kind: second == 0x7B ? .expression : (second == 0x25 ? .statement : .comment), bytes: start..<b.count, inner: i..<b.count)
        if i < b.count, b[i] == 0x2D {
            token.trimBefore = true
            i += 1
        } else if i < b.count, b[i] == 0x2B {
            i += 1
        }
        let innerStart = i
        let close: UInt8 = second == 0x7B ? 0x7D : second
        var depth = 0
        var quote: UInt8? = nil
        while i < b.count {
            let c = b[i]
            if token.kind == .comment {
                if c == 0x23, i + 1 < b.count, b[i + 1] == 0x7D { return finish(token, innerStart, i, b) }
                i += 1
                continue
            }
            if let q = quote {
                if c == 0x5C {
                    i += 2
                    continue
                }
                if c == q { quote = nil }
                i += 1
                continue
            }
            if c == 0x27 || c == 0x22 {
                quote = c
            } else if c == 0x28 || c == 0x5B || c == 0x7B {
                depth += 1
            } else if depth == 0, c == close, i + 1 < b.count, b[i + 1] == 0x7D {
                return finish(token, innerStart, i, b)
            } else if c == 0x29 || c == 0x5D || c == 0x7D {
                depth = max(0, depth - 1)
            }
            i += 1
        }
        token.unterminated = true
        token.inner = innerStart..<b.count
        return token
    }

    /// Closes a tag whose closing delimiter starts at `closeAt`, reading a `-` or `+` just before it.
    private static func finish(_ t: JinjaToken, _ innerStart: Int, _ closeAt: Int, _ b: [UInt8]) -> JinjaToken {
        var token = t
        var innerEnd = closeAt
        if innerEnd > innerStart, b[innerEnd - 1] == 0x2D {
            token.trimAfter = true
            innerEnd -= 1
        } else if innerEnd > innerStart, b[innerEnd - 1] == 0x2B {
            innerEnd -= 1
        }
        token.inner = innerStart..<innerEnd
        token.bytes = token.bytes.lowerBound..<(closeAt + 2)
        return token
    }

    /// The raw body from `start` and the `{% endraw %}` tag that ends it (nil when there is none).
    static func rawBody(from start: Int, in b: [UInt8]) -> (Range<Int>, JinjaToken?) {
        var i = start
        while i + 1 < b.count {
            if b[i] == 0x7B, b[i + 1] == 0x25 {
                let t = tag(at: i, in: b)
                if !t.unterminated, keyword(of: t, in: b) == "endraw" { return (start..<i, t) }
            }
            i += 1
        }
        return (start..<b.count, nil)
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
    static func isIdentifier(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F
    }
}
