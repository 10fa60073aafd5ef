import SDBasics

extension Lexer {
    /// Whether `tokens[index]` is the `>>` of a `<< raw >>` tag (whitespace tokens may be absent).
    /// The text after such a tag is copied verbatim up to `<< endraw >>`, tags and all.
    static func closesRawTag(_ tokens: [Token], at index: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard tokens[index].kind == .tagClose else { return false }
        var words: [Range<Int>] = []
        var k = index - 1
        while k >= 0, tokens[k].kind != .tagOpen {
            switch tokens[k].kind {
            case .whitespace: break
            case .identifier: words.append(tokens[k].bytes)
            default: return false
            }
            if words.count > 1 { return false }
            k -= 1
        }
        guard k >= 0, let word = words.first, word.count == 3 else { return false }
        return b[word.lowerBound] == 0x72 && b[word.lowerBound + 1] == 0x61 && b[word.lowerBound + 2] == 0x77
    }

    /// The offset of the `<<` of the first `<< endraw >>` (any whitespace, either dash) at or
    /// after `from`, or nil when the raw block never ends.
    static func rawEnd(_ b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let n = b.count
        var i = from
        let word = Array("endraw".utf8)
        while i + 1 < n {
            defer { i += 1 }
            guard b[i] == Ascii.lt, b[i + 1] == Ascii.lt else { continue }
            var k = i + 2
            if k < n, b[k] == Ascii.minus { k += 1 }
            while k < n, Ascii.isSpace(b[k]) { k += 1 }
            guard k + word.count <= n, (0..<word.count).allSatisfy({ b[k + $0] == word[$0] }) else { continue }
            k += word.count
            while k < n, Ascii.isSpace(b[k]) { k += 1 }
            if k < n, b[k] == Ascii.minus { k += 1 }
            if k + 1 < n, b[k] == Ascii.gt, b[k + 1] == Ascii.gt { return i }
        }
        return nil
    }
}

extension Parser {
    /// `<< raw >> … << endraw >>`: the lexer made everything between the tags one text token.
    mutating func parseRaw(_ openRange: SourceRange) -> Node? {
        do throws(ParseError) {
            try expectTagEnd()
        } catch {
            record(error)
            return nil
        }
        var node: Node?
        if let t = current, t.kind == .text {
            let text = trimmedText(at: pos)
            if !text.isEmpty { node = .text(range(text)) }
            _ = advance()
        }
        if let open = current, open.kind == .tagOpen, let word = token(at: pos + 1), tokenIs(word, "endraw") {
            _ = advance()
            _ = advance()
            do throws(ParseError) {
                try expectTagEnd()
            } catch {
                record(error)
            }
        } else {
            reportMissingEnd(.endOfFile, expected: "endraw", opener: openRange, openerKeyword: "raw")
        }
        return node
    }
}
