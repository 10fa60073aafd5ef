import SDBasics

/// Recursive-descent parser from tokens to `Node`s. Collects every error of a file: an error
/// inside a tag abandons that tag only, and parsing resumes at the next tag.
struct Parser {
    let file: SourceFile
    let tokens: [Token]
    var pos = 0
    /// End offset of the last consumed token, for expression ranges.
    var lastEnd = 0
    var diagnostics: [Diagnostic] = []
    var macros: [MacroDefinition] = []
    var tests: [MacroDefinition] = []
    /// The blocks being parsed, innermost last, so an end tag meant for an outer block is
    /// reported as a missing end of the inner one instead of a stray tag.
    var openBlocks: [OpenBlock] = []
    /// The `<<` of the tag being parsed, for "unclosed" diagnostics.
    var currentTagOpen: Token?
    /// Nesting of blocks and sub-expressions; bounded so hostile input cannot overflow the stack.
    var nesting = 0
    static let nestingLimit = 200

    struct OpenBlock {
        let keyword: String
        var terminators: Set<String>
        let range: SourceRange
    }

    /// How a body ended.
    enum BodyEnd {
        case endOfFile
        /// An end tag of this block; `condition` is set for `elif`.
        case end(keyword: String, range: SourceRange, condition: Expression?)
        /// An end tag that belongs to an outer block; the parser is positioned on its `<<`.
        case outer(keyword: String, range: SourceRange)
    }

    static let statementKeywords = [
        "if", "elif", "else", "endif", "for", "endfor", "set", "endset", "macro", "endmacro", "test",
        "endtest", "do", "call", "endcall", "raw", "endraw", "filter", "endfilter",
    ]
    static let endKeywords: Set<String> = [
        "elif", "else", "endif", "endfor", "endset", "endmacro", "endtest", "endcall", "endraw", "endfilter",
    ]
    static let unsupportedStatements: Set<String> = [
        "block", "endblock", "include",
        "import", "from",
        "extends", "with", "endwith", "autoescape", "endautoescape",
    ]
    /// Words after a name that continue an expression rather than start a statement.
    static let expressionWords: Set<String> = ["and", "or", "not", "in", "is", "if", "else"]

    init(file: SourceFile) {
        self.file = file
        self.tokens = file.utf8.withUnsafeBufferPointer {
            Lexer.tokenize(bytes: $0, keepWhitespace: false)
        }
    }

    // MARK: - Token helpers

    var current: Token? { pos < tokens.count ? tokens[pos] : nil }

    func token(at index: Int) -> Token? { index < tokens.count ? tokens[index] : nil }

    func text(_ t: Token) -> String { file.slice(t.bytes) }

    func range(_ bytes: Range<Int>) -> SourceRange { SourceRange(file: file, bytes: bytes) }

    func range(from start: Int) -> SourceRange {
        SourceRange(file: file, bytes: start..<max(start, lastEnd))
    }

    /// True when the token is the given punctuation or identifier spelled exactly `s`.
    func tokenIs(_ t: Token?, _ s: StaticString) -> Bool {
        guard let t, t.kind == .punctuation || t.kind == .identifier,
            t.bytes.count == s.utf8CodeUnitCount
        else {
            return false
        }
        let p = s.utf8Start
        var k = 0
        for i in t.bytes {
            if file.utf8[i] != p[k] { return false }
            k += 1
        }
        return true
    }

    func check(_ s: StaticString) -> Bool { tokenIs(current, s) }

    mutating func advance() -> Token? {
        guard let t = current else { return nil }
        pos += 1
        lastEnd = t.bytes.upperBound
        return t
    }

    mutating func accept(_ s: StaticString) -> Bool {
        if check(s) {
            _ = advance()
            return true
        }
        return false
    }

    mutating func expect(_ s: StaticString) throws(ParseError) {
        if !accept(s) { throw unexpected(expected: "'\(s)'") }
    }

    mutating func expectIdentifier(_ what: String) throws(ParseError) -> (String, SourceRange) {
        guard let t = current, t.kind == .identifier else { throw unexpected(expected: what) }
        _ = advance()
        return (text(t), range(t.bytes))
    }

    /// The diagnostic for a token that does not fit; a tag that ends without `>>` is "unclosed".
    func unexpected(expected: String) -> ParseError {
        if let t = current, t.kind == .unterminatedString {
            return ParseError(diagnostic: .error("unterminated string literal", at: range(t.bytes)))
        }
        guard let t = current, tagIsClosed() else {
            let open = currentTagOpen.map { range($0.bytes) }
            return ParseError(
                diagnostic: .error("unclosed '<<'", at: open, hint: "end the tag with '>>' (or '->>')"))
        }
        switch t.kind {
        case .tagClose:
            return ParseError(diagnostic: .error("expected \(expected) before '>>'", at: range(t.bytes)))
        case .unterminatedString:
            return ParseError(diagnostic: .error("unterminated string literal", at: range(t.bytes)))
        case .invalid:
            return ParseError(diagnostic: .error("unexpected character '\(text(t))'", at: range(t.bytes)))
        default:
            return ParseError(
                diagnostic: .error("expected \(expected) but found '\(text(t))'", at: range(t.bytes)))
        }
    }

    /// Whether the current tag has a `>>` before the next tag or the end of the file; when it
    /// has none, "unclosed" explains any error inside it better than the token it stumbled on.
    func tagIsClosed() -> Bool {
        var i = pos
        while i < tokens.count {
            switch tokens[i].kind {
            case .tagClose: return true
            case .tagOpen, .text, .comment, .unterminatedComment: return false
            default: i += 1
            }
        }
        return false
    }

    mutating func expectTagEnd() throws(ParseError) {
        guard let t = current, t.kind == .tagClose else { throw unexpected(expected: "'>>'") }
        _ = advance()
    }

    /// Skips the rest of a broken tag: past its `>>`, or up to the next `<<` / end of file.
    mutating func skipTag() {
        while let t = current {
            if t.kind == .tagClose {
                _ = advance()
                return
            }
            if t.kind == .tagOpen || t.kind == .text || t.kind == .comment
                || t.kind == .unterminatedComment
            {
                return
            }
            _ = advance()
        }
    }

    mutating func record(_ error: ParseError) {
        diagnostics.append(error.diagnostic)
        skipTag()
    }

    // MARK: - Bodies

    mutating func parseTemplate() -> (Template, [Diagnostic]) {
        let (nodes, _) = parseBody(terminators: [])
        return (Template(file: file, nodes: nodes, macros: macros, tests: tests), diagnostics)
    }

    mutating func parseBody(terminators: Set<String>) -> ([Node], BodyEnd) {
        var nodes: [Node] = []
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Parser.nestingLimit {
            let open = current.map { range($0.bytes) }
            diagnostics.append(.error("blocks are nested more than \(Parser.nestingLimit) deep", at: open))
            pos = tokens.count
            return (nodes, .endOfFile)
        }
        while let t = current {
            switch t.kind {
            case .text:
                let text = trimmedText(at: pos)
                if !text.isEmpty { nodes.append(.text(range(text))) }
                _ = advance()
            case .comment:
                _ = advance()
            case .unterminatedComment:
                diagnostics.append(
                    .error(
                        "unterminated comment", at: range(t.bytes.lowerBound..<(t.bytes.lowerBound + 3)),
                        hint: "end the comment with '#>>'"))
                _ = advance()
            case .tagOpen:
                let start = pos
                currentTagOpen = t
                let keyword = statementKeyword()
                if keyword == "" {
                    // A tag already reported and skipped.
                } else if let keyword, Parser.endKeywords.contains(keyword) {
                    if terminators.contains(keyword) {
                        return (nodes, parseEndTag(keyword))
                    }
                    let keywordToken = tokens[pos + 1]
                    if openBlocks.contains(where: { $0.terminators.contains(keyword) }) {
                        pos = start
                        return (nodes, .outer(keyword: keyword, range: range(keywordToken.bytes)))
                    }
                    diagnostics.append(.error(strayEndMessage(keyword), at: range(keywordToken.bytes)))
                    _ = advance()
                    _ = advance()
                    skipTag()
                } else if let keyword {
                    if let node = parseStatement(keyword) { nodes.append(node) }
                } else {
                    _ = advance()
                    do {
                        let e = try parseExpression()
                        try expectTagEnd()
                        nodes.append(.output(e))
                    } catch {
                        record(error)
                    }
                }
            default:
                // Tag-mode tokens are consumed by tag parsing; anything left is skipped.
                _ = advance()
            }
        }
        return (nodes, .endOfFile)
    }

    func strayEndMessage(_ keyword: String) -> String {
        switch keyword {
        case "elif": return "'elif' without matching 'if'"
        case "else": return "'else' without matching 'if' or 'for'"
        default: return "'\(keyword)' without matching '\(keyword.dropFirst(3))'"
        }
    }

    /// Parses `<< endif >>`, `<< else >>` or `<< elif cond >>` at `pos`.
    mutating func parseEndTag(_ keyword: String) -> BodyEnd {
        _ = advance()
        guard let kw = advance() else { return .endOfFile }
        let kwRange = range(kw.bytes)
        var condition: Expression?
        do {
            if keyword == "elif" {
                condition = try parseExpression()
            }
            try expectTagEnd()
        } catch {
            record(error)
            if keyword == "elif" && condition == nil {
                condition = Expression(.literal(.bool(false)), kwRange)
            }
        }
        return .end(keyword: keyword, range: kwRange, condition: condition)
    }

    /// Reports a block that ended without its end tag.
    mutating func reportMissingEnd(
        _ end: BodyEnd, expected: String, opener: SourceRange, openerKeyword: String
    ) {
        let note = Diagnostic.note("'\(openerKeyword)' opened here", at: opener)
        switch end {
        case .endOfFile:
            diagnostics.append(
                .error("missing '<< \(expected) >>' at end of file", at: endOfFileRange(), notes: [note]))
        case .outer(let keyword, let range):
            diagnostics.append(
                .error("expected '<< \(expected) >>' before '<< \(keyword) >>'", at: range, notes: [note]))
        case .end:
            break
        }
    }

    /// An empty range just after the last non-blank byte, so the caret lands on real text.
    func endOfFileRange() -> SourceRange {
        var end = file.utf8.count
        while end > 0, Ascii.isSpace(file.utf8[end - 1]) { end -= 1 }
        return range(end..<end)
    }

    /// The statement keyword of the tag whose `<<` is at `pos`, or nil for an output tag.
    /// Records and skips (returning "") tags with an unknown or unsupported statement.
    mutating func statementKeyword() -> String? {
        guard let first = token(at: pos + 1), first.kind == .identifier else { return nil }
        let word = text(first)
        let next = token(at: pos + 2)
        let nextIsName =
            next?.kind == .identifier && !Parser.expressionWords.contains(next.map(text) ?? "")
        if word == "test" || word == "filter" { return nextIsName ? word : nil }
        if word == "break" || word == "continue", next?.kind == .tagClose { return word }
        if Parser.statementKeywords.contains(word) { return word }
        let nextIsEnd = next == nil || next?.kind == .tagClose
        if Parser.unsupportedStatements.contains(word), nextIsEnd || nextIsName || next?.kind == .string {
            diagnostics.append(
                .error(
                    "'\(word)' statements are not supported", at: range(first.bytes),
                    hint: Parser.unsupportedHint(word)))
            _ = advance()
            skipTag()
            return ""
        }
        if nextIsName || (nextIsEnd && word.hasPrefix("end")) {
            diagnostics.append(
                Diagnostic.error("unknown statement '\(word)'", at: range(first.bytes))
                    .suggesting(word, from: Parser.statementKeywords))
            _ = advance()
            skipTag()
            return ""
        }
        return nil
    }

    /// Removes the whitespace that `<<-` / `->>` (and their comment forms) ask to strip.
    func trimmedText(at index: Int) -> Range<Int> {
        var lo = tokens[index].bytes.lowerBound
        var hi = tokens[index].bytes.upperBound
        let bytes = file.utf8
        if index > 0, stripsAfter(tokens[index - 1]) {
            while lo < hi, Ascii.isSpace(bytes[lo]) { lo += 1 }
        }
        if let next = token(at: index + 1), stripsBefore(next) {
            while hi > lo, Ascii.isSpace(bytes[hi - 1]) { hi -= 1 }
        }
        return lo..<hi
    }

    func stripsBefore(_ t: Token) -> Bool {
        let b = file.utf8
        switch t.kind {
        case .tagOpen: return t.bytes.count == 3
        case .comment, .unterminatedComment:
            let s = t.bytes.lowerBound
            return t.bytes.count >= 4 && (b[s + 2] == Ascii.minus || b[s + 3] == Ascii.minus)
        default: return false
        }
    }

    func stripsAfter(_ t: Token) -> Bool {
        let b = file.utf8
        switch t.kind {
        case .tagClose: return t.bytes.count == 3
        case .comment:
            let e = t.bytes.upperBound
            return t.bytes.count >= 7 && (b[e - 3] == Ascii.minus || b[e - 4] == Ascii.minus)
        default: return false
        }
    }
}
