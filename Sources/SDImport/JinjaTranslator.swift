import SDBasics

/// Rewrites one file from dbt's Jinja into the `<< >>` language (docs/import-dbt.md): a pure
/// function of the file's text, so importing twice gives the same bytes.
///
/// Tags keep their text: the languages share their expression grammar, statements and filters, so
/// only the delimiters change (`{{`→`<<`, `{%`→`<<`, `{#`→`<<#`, with `-` kept on its side).
/// What differs is rewritten here: tests written without parentheses (`is divisibleby 3`), `raw`
/// blocks (their text is written with the delimiters escaped) and SQL text that holds `<<`, which
/// would open a tag (written as the string expression `<< '<<' >>`, as docs/template-language.md says).
/// A name with no equivalent (`DbtConstructs`) becomes a call of `exceptions.raise_compiler_error`
/// naming it and the file:line:col it came from, so the model fails loudly where it was used, and the
/// finding is reported.
public struct JinjaTranslator: Sendable {
    public enum Mode: Sendable {
        /// Models, macros, tests, analyses, snapshots: SQL text around tags.
        case sql
        /// YAML files: no SQL text to escape (`<<` is YAML's merge key there).
        case yaml
    }

    /// The converted text, what could not be converted, and where each tag went.
    public struct Result: Sendable {
        public var text: String
        public var diagnostics: [Diagnostic]
        /// Output byte range → input byte range of each tag, to place findings about the output.
        public var tags: [(output: Range<Int>, input: Range<Int>)]
        /// Tags written in the `<< >>` language.
        public var converted: Int
    }

    public var mode: Mode
    public init(mode: Mode = .sql) { self.mode = mode }

    public func translate(_ file: SourceFile) -> Result {
        let b = file.utf8
        var out: [UInt8] = []
        out.reserveCapacity(b.count + b.count / 8)
        var diags: [Diagnostic] = []
        var tags: [(output: Range<Int>, input: Range<Int>)] = []
        var converted = 0
        let tokens = JinjaLexer.tokenize(file)
        for (index, token) in tokens.enumerated() {
            let start = out.count
            switch token.kind {
            case .text:
                let beforeTag = index + 1 < tokens.count && tokens[index + 1].kind != .text
                appendText(b[token.inner], escapeDelimiters: false, beforeTag: beforeTag, into: &out)
                continue
            case .raw:
                appendText(b[token.inner], escapeDelimiters: true, beforeTag: true, into: &out)
                continue
            case .comment:
                let inner = b[token.inner]
                if inner.count >= 3, (0...(inner.count - 3)).contains(where: { Array(inner.dropFirst($0).prefix(3)) == Array("#>>".utf8) }) {
                    diags.append(
                        .error(
                            "this comment holds '#>>', which would end a swiftdbt comment early", at: range(token, file),
                            hint: "reword the comment; it is left as written"))
                    out.append(contentsOf: b[token.bytes])
                    continue
                }
                out.append(contentsOf: Array((token.trimBefore ? "<<-#" : "<<#").utf8))
                out.append(contentsOf: inner)
                out.append(contentsOf: Array((token.trimAfter ? "#->>" : "#>>").utf8))
            case .expression, .statement:
                if token.unterminated {
                    let opening = SourceRange(file: file, bytes: token.bytes.lowerBound..<(token.bytes.lowerBound + 2))
                    diags.append(
                        .error(
                            "'\(token.kind == .expression ? "{{" : "{%")' is never closed", at: opening,
                            hint: "close the tag in the dbt file and import again; the rest of the file is left as written"))
                    out.append(contentsOf: b[token.bytes])
                    continue
                }
                let keyword = JinjaLexer.keyword(of: token, in: b)
                if keyword == "raw" || keyword == "endraw" {
                    // The raw body is written escaped, so the tags themselves go; their `-` still strips.
                    if token.trimBefore || token.trimAfter {
                        out.append(contentsOf: Array("<<\(token.trimBefore ? "-" : "") '' \(token.trimAfter ? "-" : "")>>".utf8))
                    }
                    converted += 1
                    continue
                }
                if let reason = DbtConstructs.statements[keyword] {
                    diags.append(.error("'{% \(keyword) %}' has no swiftdbt equivalent: \(reason)", at: range(token, file), hint: Self.leftHint))
                }
                var rewriter = ExpressionRewriter(file: file, bytes: b, range: token.inner)
                let inner = rewriter.rewrite()
                diags.append(contentsOf: rewriter.diagnostics)
                out.append(contentsOf: Array((token.trimBefore ? "<<-" : "<<").utf8))
                out.append(contentsOf: Array(inner.utf8))
                out.append(contentsOf: Array((token.trimAfter ? "->>" : ">>").utf8))
            }
            converted += 1
            tags.append((start..<out.count, token.bytes))
        }
        return Result(text: String(decoding: out, as: UTF8.self), diagnostics: diags, tags: tags, converted: converted)
    }

    static let leftHint = "it is left in the output as written, so compiling fails there until it is rewritten by hand"

    private func range(_ token: JinjaToken, _ file: SourceFile) -> SourceRange {
        // The excerpt marks the tag's first line only, which is where the reader looks.
        let b = file.utf8
        let lineEnd = b[token.bytes].firstIndex(of: 0x0A) ?? token.bytes.upperBound
        return SourceRange(file: file, bytes: token.bytes.lowerBound..<lineEnd)
    }

    /// Copies text, writing every run of `<` that would open a tag (two or more, or one just before a
    /// tag) as a string expression; in raw text also `{{`, `{%` and `{#`.
    private func appendText(_ text: ArraySlice<UInt8>, escapeDelimiters: Bool, beforeTag: Bool, into out: inout [UInt8]) {
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if c == 0x3C, mode == .sql || escapeDelimiters {
                var j = i
                while j < text.endIndex, text[j] == 0x3C { j += 1 }
                if j - i >= 2 || (j == text.endIndex && beforeTag) {
                    out.append(contentsOf: Array("<< '".utf8) + text[i..<j] + Array("' >>".utf8))
                } else {
                    out.append(contentsOf: text[i..<j])
                }
                i = j
                continue
            }
            if escapeDelimiters, c == 0x7B, i + 1 < text.endIndex, [0x7B, 0x25, 0x23].contains(text[i + 1]) {
                out.append(contentsOf: Array("<< '".utf8) + text[i...(i + 1)] + Array("' >>".utf8))
                i += 2
                continue
            }
            out.append(c)
            i += 1
        }
    }
}
