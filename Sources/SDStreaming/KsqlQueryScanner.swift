/// Finds what a ksqlDB SELECT reads: the identifier after each FROM and JOIN, skipping string
/// literals, comments and quoted identifiers' quotes. ksqlDB has no subqueries, so this is enough
/// to order statements and to name unknown sources (ksqlDB syntax-reference.md, select-push-query.md).
enum KsqlQueryScanner {
    struct Word: Equatable {
        /// The identifier as ksqlDB resolves it: unquoted names upper-cased, backticked kept.
        var name: String
        var bytes: Range<Int>
    }

    /// Identifiers after FROM and JOIN, in order, with their byte ranges in `text`.
    static func reads(_ text: String) -> [Word] {
        let words = tokens(text)
        var out: [Word] = []
        for (i, w) in words.enumerated() where i + 1 < words.count && (w.name == "FROM" || w.name == "JOIN") {
            out.append(words[i + 1])
        }
        return out
    }

    /// Whether the query uses a clause that makes CREATE OR REPLACE impossible or stateful
    /// (KLIP-28: joins, aggregations and windows are not upgradeable in place).
    static func keywords(_ text: String) -> Set<String> {
        Set(tokens(text).map(\.name))
    }

    static func tokens(_ text: String) -> [Word] {
        let b = Array(text.utf8)
        var out: [Word] = []
        var i = 0
        func isIdent(_ c: UInt8) -> Bool {
            (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c >= 0x80
        }
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "'") {
                i += 1
                while i < b.count {
                    if b[i] == UInt8(ascii: "'") {
                        if i + 1 < b.count, b[i + 1] == UInt8(ascii: "'") { i += 2; continue }
                        break
                    }
                    i += 1
                }
                i += 1
            } else if c == UInt8(ascii: "-"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "-") {
                while i < b.count, b[i] != 0x0A { i += 1 }
            } else if c == UInt8(ascii: "/"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "*") {
                i += 2
                while i + 1 < b.count, !(b[i] == UInt8(ascii: "*") && b[i + 1] == UInt8(ascii: "/")) { i += 1 }
                i += 2
            } else if c == UInt8(ascii: "`") || c == UInt8(ascii: "\"") {
                let start = i
                i += 1
                while i < b.count, b[i] != c { i += 1 }
                let name = String(decoding: b[(start + 1)..<min(i, b.count)], as: UTF8.self)
                i += 1
                out.append(Word(name: name, bytes: start..<min(i, b.count)))
            } else if isIdent(c), !(c >= 0x30 && c <= 0x39) {
                let start = i
                while i < b.count, isIdent(b[i]) { i += 1 }
                out.append(Word(name: String(decoding: b[start..<i], as: UTF8.self).uppercased(), bytes: start..<i))
            } else if c >= 0x30 && c <= 0x39 {
                while i < b.count, isIdent(b[i]) || b[i] == UInt8(ascii: ".") { i += 1 }
            } else {
                i += 1
            }
        }
        return out
    }
}
