/// ksqlDB's lexical rules for the parts of a statement the planner reads (SqlBase.g4: unquoted
/// identifiers are upper-cased, backticked ones kept as written, `''` escapes a quote inside a
/// string, `--` and `/* */` are comments).
enum KsqlLexer {
    enum Token: Equatable {
        /// An unquoted identifier or keyword, upper-cased.
        case word(String)
        /// A backticked (or double-quoted) identifier, as written.
        case quoted(String)
        /// A string literal's value, quotes removed.
        case string(String)
        case number(String)
        case punct(String)

        /// How the canonical form prints it.
        var text: String {
            switch self {
            case .word(let w): w
            case .quoted(let q): q
            case .string(let s): "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
            case .number(let n): n
            case .punct(let p): p
            }
        }
    }

    static let twoCharacterOperators: Set<String> = ["<>", "!=", "<=", ">=", "->", "||", "=>"]

    /// The tokens of `text`, nil when a string or quoted identifier is not closed.
    static func tokens(_ text: String) -> [Token]? {
        let c = Array(text.unicodeScalars)
        var out: [Token] = []
        var i = 0
        func isIdentStart(_ u: Unicode.Scalar) -> Bool { u == "_" || u.properties.isAlphabetic }
        func isIdent(_ u: Unicode.Scalar) -> Bool { isIdentStart(u) || ("0"..."9").contains(u) || u == "@" || u == "$" }
        while i < c.count {
            let u = c[i]
            if u.properties.isWhitespace {
                i += 1
            } else if u == "-", i + 1 < c.count, c[i + 1] == "-" {
                while i < c.count, c[i] != "\n" { i += 1 }
            } else if u == "/", i + 1 < c.count, c[i + 1] == "*" {
                i += 2
                while i + 1 < c.count, !(c[i] == "*" && c[i + 1] == "/") { i += 1 }
                i += 2
            } else if u == "'" {
                var s = String.UnicodeScalarView()
                i += 1
                var closed = false
                while i < c.count {
                    if c[i] == "'" {
                        if i + 1 < c.count, c[i + 1] == "'" {
                            s.append("'")
                            i += 2
                            continue
                        }
                        closed = true
                        i += 1
                        break
                    }
                    s.append(c[i])
                    i += 1
                }
                guard closed else { return nil }
                out.append(.string(String(s)))
            } else if u == "`" || u == "\"" {
                let start = i + 1
                i += 1
                while i < c.count, c[i] != u { i += 1 }
                guard i < c.count else { return nil }
                out.append(.quoted(String(String.UnicodeScalarView(c[start..<i]))))
                i += 1
            } else if ("0"..."9").contains(u) || (u == "." && i + 1 < c.count && ("0"..."9").contains(c[i + 1])) {
                let start = i
                while i < c.count, ("0"..."9").contains(c[i]) || c[i] == "." || c[i] == "E" || c[i] == "e" { i += 1 }
                out.append(.number(String(String.UnicodeScalarView(c[start..<i]))))
            } else if isIdentStart(u) {
                let start = i
                while i < c.count, isIdent(c[i]) { i += 1 }
                out.append(.word(String(String.UnicodeScalarView(c[start..<i])).uppercased()))
            } else {
                if i + 1 < c.count, twoCharacterOperators.contains(String(u) + String(c[i + 1])) {
                    out.append(.punct(String(u) + String(c[i + 1])))
                    i += 2
                } else {
                    out.append(.punct(String(u)))
                    i += 1
                }
            }
        }
        return out
    }
}
