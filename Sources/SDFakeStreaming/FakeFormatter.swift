import Foundation

/// How ksqlDB prints back the statements it keeps, for the subset the fake accepts. A real server
/// stores its SqlFormatter's rendering of the sanitized tree, not the text it was sent: columns
/// qualified with their source, every projection named without `AS`, the source aliased to itself
/// (`FROM TICKS TICKS`), binary expressions in parentheses, clauses on their own lines, and the
/// WITH properties in name order with the injected defaults (KEY_FORMAT from
/// ksql.persistence.default.format.key, PARTITIONS and REPLICAS of the topic). Sources:
/// confluentinc/ksql SqlFormatter.java (visitSelect, visitSingleColumn, visitAliasedRelation,
/// formatCreateAs), ExpressionFormatter.java, AstSanitizer.java; the SHOW QUERIES example in
/// docs.ksqldb.io show-queries.md (`WITH (KAFKA_TOPIC='TEST', PARTITIONS=1, REPLICAS=1) AS SELECT *
/// FROM KSQL_PROCESSING_LOG KSQL_PROCESSING_LOG EMIT CHANGES`); ksql#9570.
enum FakeFormatter {
    /// `WITH (…)`: names sorted, strings quoted, numbers bare.
    static func withClause(_ properties: [String: String]) -> String {
        let numeric: Set<String> = ["PARTITIONS", "REPLICAS", "RETENTION_MS"]
        let parts = properties.keys.sorted().map { k -> String in
            let v = properties[k] ?? ""
            return numeric.contains(k) ? "\(k)=\(v)" : "\(k)='\(v.replacingOccurrences(of: "'", with: "''"))'"
        }
        return "WITH (" + parts.joined(separator: ", ") + ")"
    }

    /// `CREATE STREAM NAME (COL TYPE KEY, …) WITH (…);`
    static func createSource(type: String, name: String, orReplace: Bool, fields: [FakeKsqlEngine.Field], properties: [String: String]) -> String {
        let keyWord = type == "TABLE" ? " PRIMARY KEY" : " KEY"
        let cols = fields.map { "\($0.name) \($0.type)\($0.isKey ? keyWord : "")" }.joined(separator: ", ")
        return "CREATE \(orReplace ? "OR REPLACE " : "")\(type) \(name) (\(cols)) \(withClause(properties));"
    }

    /// `CREATE STREAM NAME WITH (…) AS SELECT …` with the query as the formatter prints it, or nil
    /// when the query is outside what the fake can format.
    static func createAs(
        type: String, name: String, orReplace: Bool, properties: [String: String], query: String,
        columns: (String) -> [String]
    ) -> String? {
        guard let q = formatQuery(query, columns: columns) else { return nil }
        return "CREATE \(orReplace ? "OR REPLACE " : "")\(type) \(name) \(withClause(properties)) AS \(q);"
    }

    /// A push query: `SELECT\n  A A,\n  B B\nFROM S S\nWHERE …\nEMIT CHANGES` (one item: `SELECT A A`).
    static func formatQuery(_ query: String, columns: (String) -> [String]) -> String? {
        let tokens = FakeSQL.tokens(query)
        let upper = tokens.map { $0.uppercased() }
        guard upper.first == "SELECT", let fromAt = topLevel(upper, "FROM"), fromAt + 1 < tokens.count else { return nil }
        let source = upper[fromAt + 1]
        var rest = fromAt + 2
        if rest < upper.count, !["WHERE", "EMIT", "PARTITION", "GROUP", "HAVING", "WINDOW", "JOIN", "LEFT", "INNER"].contains(upper[rest]) {
            rest += 1  // an alias the user gave
        }
        guard rest == upper.count || !["JOIN", "LEFT", "INNER"].contains(upper[rest]) else { return nil }
        let known = Set(columns(source))
        var items: [[String]] = [[]]
        var depth = 0
        for t in tokens[1..<fromAt] {
            if t == "(" { depth += 1 }
            if t == ")" { depth -= 1 }
            if t == ",", depth == 0 { items.append([]) } else { items[items.count - 1].append(t) }
        }
        var printed: [String] = []
        for (n, item) in items.enumerated() {
            if item == ["*"] {
                printed.append("*")
                continue
            }
            var expr = item
            var alias: String?
            if expr.count >= 3, expr[expr.count - 2].uppercased() == "AS" {
                alias = expr[expr.count - 1].uppercased()
                expr.removeLast(2)
            } else if expr.count >= 2, isIdentifier(expr[expr.count - 1]), isIdentifier(expr[expr.count - 2]) || expr[expr.count - 2] == ")" {
                alias = expr[expr.count - 1].uppercased()
                expr.removeLast()
            }
            var p = ExpressionPrinter(tokens: expr, source: source, known: known)
            guard let e = p.expression(0), p.i == expr.count else { return nil }
            let bare = expr.count == 1 && isIdentifier(expr[0]) ? unqualified(expr[0]) : nil
            printed.append("\(e) \(alias ?? bare ?? "KSQL_COL_\(n)")")
        }
        var out = "SELECT" + (printed.count > 1 ? printed.map { "\n  " + $0 }.joined(separator: ",") : " " + printed[0])
        out += "\nFROM \(source) \(source)"
        var i = rest
        while i < tokens.count {
            switch upper[i] {
            case "WHERE":
                var p = ExpressionPrinter(tokens: Array(tokens[(i + 1)...]), source: source, known: known)
                guard let e = p.expression(0) else { return nil }
                out += "\nWHERE \(e)"
                i += 1 + p.i
            case "EMIT":
                guard i + 1 < upper.count else { return nil }
                out += "\nEMIT \(upper[i + 1])"
                i += 2
            case "PARTITION", "GROUP":
                var p = ExpressionPrinter(tokens: Array(tokens[(i + 2)...]), source: source, known: known)
                guard let e = p.expression(0) else { return nil }
                out += "\n\(upper[i]) BY \(e)"
                i += 2 + p.i
            default:
                return nil
            }
        }
        return out
    }

    static func topLevel(_ upper: [String], _ word: String) -> Int? {
        var depth = 0
        for (i, t) in upper.enumerated() {
            if t == "(" { depth += 1 }
            if t == ")" { depth -= 1 }
            if depth == 0, t == word { return i }
        }
        return nil
    }

    static func isIdentifier(_ t: String) -> Bool {
        guard let f = t.first else { return false }
        return (f.isLetter || f == "_") && !["AND", "OR", "NOT", "AS", "NULL", "TRUE", "FALSE"].contains(t.uppercased())
    }

    static func unqualified(_ t: String) -> String { String(t.split(separator: ".").last ?? Substring(t)).uppercased() }

    /// Precedence climbing over the fake's tokens, printing as ExpressionFormatter does.
    struct ExpressionPrinter {
        var tokens: [String]
        var source: String
        var known: Set<String>
        var i = 0

        static let precedence: [String: Int] = [
            "OR": 1, "AND": 2, "=": 4, "<>": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4, "LIKE": 4,
            "+": 5, "-": 5, "*": 6, "/": 6, "%": 6,
        ]

        /// The operator at the cursor and how many tokens it spans: FakeSQL splits `<=` into `<` `=`.
        func op() -> (text: String, precedence: Int, width: Int)? {
            guard i < tokens.count else { return nil }
            let o = tokens[i].uppercased()
            if i + 1 < tokens.count, ["<", ">", "!"].contains(o), ["=", ">"].contains(tokens[i + 1]), o + tokens[i + 1] != ">>" {
                let two = o + tokens[i + 1]
                guard let p = ExpressionPrinter.precedence[two] else { return nil }
                return (two == "!=" ? "<>" : two, p, 2)
            }
            guard let p = ExpressionPrinter.precedence[o] else { return nil }
            return (o, p, 1)
        }

        mutating func expression(_ min: Int) -> String? {
            guard var left = primary() else { return nil }
            while let (o, p, width) = op(), p > min {
                i += width
                guard let right = expression(p) else { return nil }
                left = "(\(left) \(o) \(right))"
            }
            return left
        }

        mutating func primary() -> String? {
            guard i < tokens.count else { return nil }
            let t = tokens[i]
            i += 1
            if t == "(" {
                guard let e = expression(0), i < tokens.count, tokens[i] == ")" else { return nil }
                i += 1
                return e
            }
            if t.uppercased() == "NOT" {
                guard let e = expression(3) else { return nil }
                return "(NOT \(e))"
            }
            if t.first == "'" || t.first?.isNumber == true { return t }
            guard FakeFormatter.isIdentifier(t) || ["NULL", "TRUE", "FALSE"].contains(t.uppercased()) else { return nil }
            let name = t.uppercased()
            if i < tokens.count, tokens[i] == "(" {
                i += 1
                var args: [String] = []
                if i < tokens.count, tokens[i] == ")" {
                    i += 1
                    return "\(name)()"
                }
                while true {
                    guard let a = expression(0) else { return nil }
                    args.append(a)
                    guard i < tokens.count else { return nil }
                    i += 1
                    if tokens[i - 1] == ")" { break }
                    guard tokens[i - 1] == "," else { return nil }
                }
                return "\(name)(\(args.joined(separator: ", ")))"
            }
            let column = FakeFormatter.unqualified(name)
            return known.contains(column) ? "\(source).\(column)" : name
        }
    }
}
