import Foundation

/// What a ksqlDB SELECT means, independent of how it is written, so that a declared query and the
/// server's copy of it compare equal.
///
/// ksqlDB does not keep the text it was sent: the AstSanitizer qualifies every column with its
/// source, names every projection, aliases the source (`FROM TICKS TICKS`), and SqlFormatter prints
/// the tree back without `AS`, with every binary expression in parentheses
/// (confluentinc/ksql SqlFormatter.java, ExpressionFormatter.java; `queryString` in SHOW QUERIES
/// and DESCRIBE … EXTENDED, docs.ksqldb.io show-queries.md; ksql#9570). Comparing text would see a
/// change on every plan. This parser reads the subset of ksqlDB's grammar (SqlBase.g4) that push
/// queries use and prints one canonical form for both sides: identifiers upper-cased, qualifiers
/// dropped (one source) or resolved to the source's name (joins), implicit aliases made explicit,
/// every operator parenthesized by precedence. Anything outside the subset returns nil and the
/// planner falls back to comparing normalized text, which can only over-report a change.
enum KsqlQueryShape {
    /// The canonical form of the SELECT in `text` (a whole CREATE … AS SELECT or just the query).
    static func canonical(_ text: String) -> String? {
        let tokens = KsqlLexer.tokens(text)
        guard let tokens else { return nil }
        var start = 0
        for i in tokens.indices where tokens[i] == .word("SELECT") {
            start = i
            if i > 0, tokens[i - 1] == .word("AS") { break }
            if i == 0 { break }
        }
        var parser = Parser(tokens: Array(tokens[start...]))
        return parser.query()
    }

    struct Parser {
        var tokens: [KsqlLexer.Token]
        var i = 0
        /// Alias or name → source name, for qualified column references.
        var sources: [String: String] = [:]
        var sourceCount = 0

        init(tokens: [KsqlLexer.Token]) { self.tokens = tokens }

        var peek: KsqlLexer.Token? { i < tokens.count ? tokens[i] : nil }
        func peekWord(_ offset: Int = 0) -> String? {
            guard i + offset < tokens.count, case .word(let w) = tokens[i + offset] else { return nil }
            return w
        }
        mutating func take(_ t: KsqlLexer.Token) -> Bool {
            guard peek == t else { return false }
            i += 1
            return true
        }
        mutating func word(_ w: String) -> Bool { take(.word(w)) }

        static let clauseWords: Set<String> = [
            "FROM", "WHERE", "GROUP", "PARTITION", "HAVING", "EMIT", "LIMIT", "WINDOW", "JOIN",
            "LEFT", "RIGHT", "FULL", "INNER", "OUTER", "ON", "WITHIN", "AS",
        ]

        mutating func query() -> String? {
            guard word("SELECT") else { return nil }
            // Sources first: qualifiers in the projection refer to them.
            let selectStart = i
            var depth = 0
            while let t = peek, !(depth == 0 && t == .word("FROM")) {
                if t == .punct("(") { depth += 1 }
                if t == .punct(")") { depth -= 1 }
                i += 1
            }
            guard word("FROM") else { return nil }
            var from: [String] = []
            guard let first = relation() else { return nil }
            from.append(first)
            while let w = peekWord(), ["JOIN", "LEFT", "RIGHT", "FULL", "INNER", "OUTER"].contains(w) {
                var kind: [String] = []
                while let w = peekWord(), w != "JOIN" {
                    kind.append(w)
                    i += 1
                }
                guard word("JOIN"), let r = relation() else { return nil }
                var within = ""
                if word("WITHIN") {
                    guard let raw = rawUntil(["ON"]) else { return nil }
                    within = " WITHIN " + raw
                }
                guard word("ON"), let on = expression() else { return nil }
                let k = kind.filter { $0 != "OUTER" }.first ?? "INNER"
                from.append("\(k) JOIN \(r)\(within) ON \(on)")
            }
            let afterFrom = i
            i = selectStart
            guard let items = selectItems() else { return nil }
            i = afterFrom
            var out = "SELECT " + items.joined(separator: ", ") + " FROM " + from.joined(separator: " ")
            if word("WINDOW") {
                guard let raw = rawUntil(["WHERE", "GROUP", "PARTITION", "HAVING", "EMIT", "LIMIT"]) else { return nil }
                out += " WINDOW " + raw
            }
            if word("WHERE") {
                guard let e = expression() else { return nil }
                out += " WHERE " + e
            }
            if peekWord() == "GROUP", peekWord(1) == "BY" {
                i += 2
                guard let l = expressionList() else { return nil }
                out += " GROUP BY " + l
            }
            if peekWord() == "PARTITION", peekWord(1) == "BY" {
                i += 2
                guard let l = expressionList() else { return nil }
                out += " PARTITION BY " + l
            }
            if word("HAVING") {
                guard let e = expression() else { return nil }
                out += " HAVING " + e
            }
            if word("EMIT") {
                guard let w = peekWord(), w == "CHANGES" || w == "FINAL" else { return nil }
                i += 1
                out += " EMIT " + w
            }
            if word("LIMIT") {
                guard case .number(let n) = peek else { return nil }
                i += 1
                out += " LIMIT " + n
            }
            _ = take(.punct(";"))
            return i == tokens.count ? out : nil
        }

        /// `NAME [AS] [ALIAS]`, recorded for qualifier resolution; printed as the name alone.
        mutating func relation() -> String? {
            guard let name = identifier() else { return nil }
            var alias = name
            _ = word("AS")
            if let a = peekIdentifier(), !Parser.clauseWords.contains(a) {
                alias = a
                i += 1
            }
            sources[alias] = name
            sources[name] = name
            sourceCount += 1
            return name
        }

        func peekIdentifier() -> String? {
            guard let t = peek else { return nil }
            switch t {
            case .word(let w): return w
            case .quoted(let q): return q
            default: return nil
            }
        }

        mutating func identifier() -> String? {
            guard let id = peekIdentifier() else { return nil }
            i += 1
            return id
        }

        /// Tokens up to one of `stops` at depth 0, joined canonically (windows, WITHIN).
        mutating func rawUntil(_ stops: Set<String>) -> String? {
            var parts: [String] = []
            var depth = 0
            while let t = peek {
                if depth == 0, case .word(let w) = t, stops.contains(w) { break }
                if t == .punct(";") { break }
                if t == .punct("(") { depth += 1 }
                if t == .punct(")") { depth -= 1 }
                parts.append(t.text)
                i += 1
            }
            return parts.isEmpty ? nil : parts.joined(separator: " ")
        }

        mutating func selectItems() -> [String]? {
            var out: [String] = []
            var index = 0
            repeat {
                if take(.punct("*")) {
                    out.append("*")
                } else if let q = peekIdentifier(), tokens.count > i + 2, tokens[i + 1] == .punct("."), tokens[i + 2] == .punct("*") {
                    i += 3
                    out.append("\(sources[q] ?? q).*")
                } else {
                    let before = i
                    guard let e = expression() else { return nil }
                    var alias: String?
                    if word("AS") {
                        guard let a = identifier() else { return nil }
                        alias = a
                    } else if let a = peekIdentifier(), a != "FROM" {
                        alias = a
                        i += 1
                    }
                    // The sanitizer names a bare column after itself, a struct field after the field,
                    // and anything else KSQL_COL_<n>.
                    let field = e.range(of: "->", options: .backwards).map { String(e[$0.upperBound...]) }
                        .flatMap { $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } ? $0 : nil }
                    let implicit = isColumn(from: before) ?? field ?? "KSQL_COL_\(index)"
                    out.append("\(e) \(alias ?? implicit)")
                }
                index += 1
            } while take(.punct(","))
            return peekWord() == "FROM" ? out : nil
        }

        /// The column name when the tokens from `start` are exactly a (qualified) column reference.
        func isColumn(from start: Int) -> String? {
            var j = start
            var last: String?
            while j < tokens.count {
                guard
                    case let id? = { () -> String? in
                        if case .word(let w) = tokens[j] { return w }
                        if case .quoted(let q) = tokens[j] { return q }
                        return nil
                    }()
                else { return nil }
                last = id
                j += 1
                if j < tokens.count, tokens[j] == .punct(".") { j += 1 } else { break }
            }
            guard j == i else { return nil }
            return last
        }

        mutating func expressionList() -> String? {
            var out: [String] = []
            repeat {
                guard let e = expression() else { return nil }
                out.append(e)
            } while take(.punct(","))
            return out.joined(separator: ", ")
        }
    }
}
