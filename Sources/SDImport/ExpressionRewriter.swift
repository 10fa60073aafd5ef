import SDBasics

/// Rewrites the inside of one tag: the few places where dbt's Jinja and the `<< >>` language spell
/// the same thing differently, and the names with no equivalent (`DbtConstructs`). Strings, numbers
/// and everything else are copied byte for byte.
struct ExpressionRewriter {
    enum Kind { case identifier, string, number, space, punctuation }
    struct Piece {
        var kind: Kind
        var range: Range<Int>
    }

    let file: SourceFile
    let bytes: [UInt8]
    let range: Range<Int>
    var diagnostics: [Diagnostic] = []

    init(file: SourceFile, bytes: [UInt8], range: Range<Int>) {
        self.file = file
        self.bytes = bytes
        self.range = range
    }

    /// Words after which a name is being defined, not read (`set graph = …`, `for dbt in …`).
    static let binders: Set<String> = ["set", "for", "macro", "test", "import", "as", "call"]
    /// Words that end a test's argument-less form (`x is none and y`), as in Jinja's `parse_test`.
    static let keywords: Set<String> = ["and", "or", "else"]

    mutating func rewrite() -> String {
        let pieces = scan()
        var out = ""
        var i = 0
        func text(_ p: Piece) -> String { String(decoding: bytes[p.range], as: UTF8.self) }
        func nextSignificant(_ from: Int) -> Int? {
            var k = from
            while k < pieces.count, pieces[k].kind == .space { k += 1 }
            return k < pieces.count ? k : nil
        }
        var previous: Piece? = nil
        while i < pieces.count {
            let p = pieces[i]
            defer { if p.kind != .space { previous = p } }
            guard p.kind == .identifier else {
                out += text(p)
                i += 1
                continue
            }
            let word = text(p)
            let prevText = previous.map(text) ?? ""
            // `x is divisibleby 3` → `x is divisibleby(3)`: the language wants the parentheses.
            if word == "is" {
                out += word
                var k = i + 1
                var testName: Int? = nextSignificant(k)
                if let t = testName, pieces[t].kind == .identifier, text(pieces[t]) == "not" {
                    out += String(decoding: bytes[pieces[k].range.lowerBound..<pieces[t].range.upperBound], as: UTF8.self)
                    k = t + 1
                    testName = nextSignificant(k)
                }
                if let t = testName, pieces[t].kind == .identifier, let a = nextSignificant(t + 1),
                    pieces[a].kind == .string || pieces[a].kind == .number
                        || (pieces[a].kind == .identifier && !Self.keywords.contains(text(pieces[a])))
                {
                    out += String(decoding: bytes[pieces[k].range.lowerBound..<pieces[t].range.upperBound], as: UTF8.self)
                    out += "(" + text(pieces[a]) + ")"
                    i = a + 1
                    previous = pieces[a]
                    continue
                }
                i = k
                continue
            }
            let isAttribute = prevText == "." || prevText == "|"
            var isKeyword = false
            if let n = nextSignificant(i + 1), text(pieces[n]) == "=" {
                isKeyword = !(n + 1 < pieces.count && text(pieces[n + 1]) == "=")
            }
            if isAttribute || isKeyword || Self.binders.contains(prevText) {
                out += word
                i += 1
                continue
            }
            // A dotted path: name(.name)*, with no spaces, as dbt code writes it.
            var path = [word]
            var end = i
            while end + 2 < pieces.count, text(pieces[end + 1]) == ".", pieces[end + 2].kind == .identifier {
                path.append(text(pieces[end + 2]))
                end += 2
            }
            if let refusal = DbtConstructs.refusal(for: path) {
                let r = SourceRange(file: file, bytes: p.range.lowerBound..<pieces[end].range.upperBound)
                diagnostics.append(
                    .error(
                        "'\(refusal.name)' has no swiftdbt equivalent: \(refusal.reason)", at: r,
                        hint: "the output calls exceptions.raise_compiler_error here, so the model fails where this is used"))
                let message = "import-dbt: \(file.path):\(r.start): '\(refusal.name)' has no swiftdbt equivalent"
                out += "exceptions.raise_compiler_error('\(Self.escape(message))')"
                i = end + 1
                previous = pieces[end]
                continue
            }
            out += word
            i += 1
        }
        return out
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
    }

    func scan() -> [Piece] {
        var pieces: [Piece] = []
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let c = bytes[i]
            let start = i
            if JinjaLexer.isSpace(c) {
                while i < end, JinjaLexer.isSpace(bytes[i]) { i += 1 }
                pieces.append(Piece(kind: .space, range: start..<i))
            } else if c == 0x27 || c == 0x22 {
                i += 1
                while i < end, bytes[i] != c {
                    i += bytes[i] == 0x5C ? 2 : 1
                }
                i = min(end, i + 1)
                pieces.append(Piece(kind: .string, range: start..<i))
            } else if c >= 0x30 && c <= 0x39 {
                while i < end, JinjaLexer.isIdentifier(bytes[i]) || bytes[i] == 0x2E { i += 1 }
                pieces.append(Piece(kind: .number, range: start..<i))
            } else if JinjaLexer.isIdentifier(c) {
                while i < end, JinjaLexer.isIdentifier(bytes[i]) { i += 1 }
                pieces.append(Piece(kind: .identifier, range: start..<i))
            } else {
                i += 1
                pieces.append(Piece(kind: .punctuation, range: start..<i))
            }
        }
        return pieces
    }
}
