/// One lexical token of the SQL the fake Athena understands: enough of Trino's and Hive's lexis to
/// find statement shapes, names, string literals and parenthesis depth.
struct FakeSQLToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A bare word, lower-cased in `text`.
        case word
        /// A `"quoted"` or `` `quoted` `` identifier, unquoted in `text`.
        case quoted
        /// A `'string'` literal, unescaped in `text`.
        case string
        case number
        case symbol
    }
    var kind: Kind
    var text: String
    /// UTF-8 offsets of the token in the statement.
    var start: Int
    var end: Int

    func isWord(_ w: String) -> Bool { kind == .word && text == w }
    func isSymbol(_ s: String) -> Bool { kind == .symbol && text == s }

    /// Splits a statement into tokens, dropping whitespace and `--` / `/* */` comments.
    static func tokenize(_ sql: String) -> [FakeSQLToken] {
        let b = Array(sql.utf8)
        var out: [FakeSQLToken] = []
        var i = 0
        func isWordByte(_ c: UInt8) -> Bool {
            (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c == 95 || c >= 128
        }
        while i < b.count {
            let c = b[i]
            if c == 32 || c == 10 || c == 13 || c == 9 { i += 1; continue }
            if c == 45, i + 1 < b.count, b[i + 1] == 45 {
                while i < b.count, b[i] != 10 { i += 1 }
                continue
            }
            if c == 47, i + 1 < b.count, b[i + 1] == 42 {
                i += 2
                while i + 1 < b.count, !(b[i] == 42 && b[i + 1] == 47) { i += 1 }
                i += 2
                continue
            }
            let start = i
            if c == 39 || c == 34 || c == 96 {
                var text: [UInt8] = []
                i += 1
                while i < b.count {
                    if b[i] == c {
                        if i + 1 < b.count, b[i + 1] == c { text.append(c); i += 2; continue }
                        break
                    }
                    text.append(b[i])
                    i += 1
                }
                i += 1
                out.append(
                    FakeSQLToken(
                        kind: c == 39 ? .string : .quoted, text: String(decoding: text, as: UTF8.self),
                        start: start, end: min(i, b.count)))
                continue
            }
            if c >= 48 && c <= 57 {
                while i < b.count, isWordByte(b[i]) || b[i] == 46 { i += 1 }
                out.append(FakeSQLToken(kind: .number, text: String(decoding: b[start..<i], as: UTF8.self), start: start, end: i))
                continue
            }
            if isWordByte(c) {
                while i < b.count, isWordByte(b[i]) { i += 1 }
                out.append(
                    FakeSQLToken(
                        kind: .word, text: String(decoding: b[start..<i], as: UTF8.self).lowercased(),
                        start: start, end: i))
                continue
            }
            i += 1
            out.append(FakeSQLToken(kind: .symbol, text: String(UnicodeScalar(c)), start: start, end: i))
        }
        return out
    }
}
