import SDBasics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Splits a template into tokens, losslessly: joining the tokens' text gives back the input.
///
/// Works on UTF-8 bytes. Outside tags everything up to the next `<<` is one `text` token; inside a
/// tag the lexer produces expression tokens until `>>` / `->>`. A `<<` inside an unclosed tag ends
/// that tag (without a close token) so the parser can report it and recover at the next tag.
public enum Lexer {
    /// The tokens of a whole file, in order, covering every byte.
    public static func tokenize(_ file: SourceFile) -> [Token] {
        file.utf8.withUnsafeBufferPointer { tokenize(bytes: $0, keepWhitespace: true) }
    }

    /// The parser does not need whitespace tokens inside tags, so it asks to skip them.
    static func tokenize(bytes b: UnsafeBufferPointer<UInt8>, keepWhitespace: Bool) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(b.count / 8 + 4)
        let n = b.count
        var i = 0
        var inTag = false
        @inline(__always) func at(_ k: Int) -> UInt8 { k < n ? b[k] : 0 }

        while i < n {
            if !inTag {
                let start = i
                // memchr finds candidate `<` bytes far faster than a byte loop over long SQL text.
                while i < n {
                    guard let base = b.baseAddress, let hit = memchr(base + i, Int32(Ascii.lt), n - i) else {
                        i = n
                        break
                    }
                    i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if at(i + 1) == Ascii.lt { break }
                    i += 1
                }
                if i > start { tokens.append(Token(kind: .text, bytes: start..<i)) }
                if i >= n { break }
                // i is at `<<`.
                if at(i + 2) == Ascii.hash || (at(i + 2) == Ascii.minus && at(i + 3) == Ascii.hash) {
                    let openLength = at(i + 2) == Ascii.hash ? 3 : 4
                    let end = commentEnd(b, from: i + openLength)
                    tokens.append(
                        Token(kind: end == nil ? .unterminatedComment : .comment, bytes: i..<(end ?? n)))
                    i = end ?? n
                    continue
                }
                let len = at(i + 2) == Ascii.minus ? 3 : 2
                tokens.append(Token(kind: .tagOpen, bytes: i..<(i + len)))
                i += len
                inTag = true
                continue
            }
            let c = b[i]
            let start = i
            switch c {
            case Ascii.space, Ascii.tab, Ascii.newline, Ascii.cr:
                while i < n, Ascii.isSpace(b[i]) { i += 1 }
                if keepWhitespace { tokens.append(Token(kind: .whitespace, bytes: start..<i)) }
            case Ascii.gt where at(i + 1) == Ascii.gt, Ascii.minus where at(i + 1) == Ascii.gt && at(i + 2) == Ascii.gt:
                let len = c == Ascii.gt ? 2 : 3
                tokens.append(Token(kind: .tagClose, bytes: i..<(i + len)))
                i += len
                inTag = false
                if closesRawTag(tokens, at: tokens.count - 1, b) {
                    // A raw block's content is one text token, whatever tags it contains.
                    let end = rawEnd(b, from: i) ?? n
                    if end > i { tokens.append(Token(kind: .text, bytes: i..<end)) }
                    i = end
                }
            case Ascii.lt where at(i + 1) == Ascii.lt:
                inTag = false
            case Ascii.singleQuote, Ascii.doubleQuote:
                i += 1
                var closed = false
                while i < n {
                    let d = b[i]
                    if d == Ascii.backslash {
                        i += 2
                        continue
                    }
                    if d == c {
                        i += 1
                        closed = true
                        break
                    }
                    if d == Ascii.newline { break }
                    i += 1
                }
                i = min(i, n)
                tokens.append(Token(kind: closed ? .string : .unterminatedString, bytes: start..<i))
            case _ where Ascii.isIdentifierStart(c):
                while i < n, Ascii.isIdentifierPart(b[i]) { i += 1 }
                tokens.append(Token(kind: .identifier, bytes: start..<i))
            case _ where Ascii.isDigit(c):
                var isFloat = false
                while i < n, Ascii.isDigit(b[i]) { i += 1 }
                if at(i) == Ascii.dot, Ascii.isDigit(at(i + 1)) {
                    isFloat = true
                    i += 1
                    while i < n, Ascii.isDigit(b[i]) { i += 1 }
                }
                if at(i) == Ascii.e || at(i) == Ascii.upperE {
                    var k = i + 1
                    if at(k) == Ascii.plus || at(k) == Ascii.minus { k += 1 }
                    if Ascii.isDigit(at(k)) {
                        isFloat = true
                        i = k
                        while i < n, Ascii.isDigit(b[i]) { i += 1 }
                    }
                }
                tokens.append(Token(kind: isFloat ? .float : .integer, bytes: start..<i))
            default:
                let len = punctuationLength(c, at(i + 1))
                if len > 0 {
                    tokens.append(Token(kind: .punctuation, bytes: i..<(i + len)))
                    i += len
                } else {
                    // One whole UTF-8 scalar so the token's text stays valid.
                    i += 1
                    while i < n, b[i] & 0xC0 == 0x80 { i += 1 }
                    tokens.append(Token(kind: .invalid, bytes: start..<i))
                }
            }
        }
        return tokens
    }

    /// The offset after `#>>` / `#->>` searching from `from`, or nil when the comment never ends.
    private static func commentEnd(_ b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var i = from
        let n = b.count
        while i < n {
            if b[i] == Ascii.hash {
                if i + 2 < n, b[i + 1] == Ascii.gt, b[i + 2] == Ascii.gt { return i + 3 }
                if i + 3 < n, b[i + 1] == Ascii.minus, b[i + 2] == Ascii.gt, b[i + 3] == Ascii.gt {
                    return i + 4
                }
            }
            i += 1
        }
        return nil
    }

    private static func punctuationLength(_ c: UInt8, _ next: UInt8) -> Int {
        switch c {
        case Ascii.equal, Ascii.bang, Ascii.lt, Ascii.gt:
            if next == Ascii.equal { return 2 }
            return c == Ascii.bang ? 0 : 1
        case Ascii.star:
            return next == Ascii.star ? 2 : 1
        case Ascii.slash:
            return next == Ascii.slash ? 2 : 1
        case Ascii.plus, Ascii.minus, Ascii.percent, Ascii.tilde, Ascii.pipe, Ascii.dot, Ascii.comma,
            Ascii.colon, Ascii.lparen, Ascii.rparen, Ascii.lbracket, Ascii.rbracket, Ascii.lbrace,
            Ascii.rbrace:
            return 1
        default:
            return 0
        }
    }
}
