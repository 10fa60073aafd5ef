/// Evaluates the few SELECT shapes the fake needs: rows from `VALUES` (seeds), columns of a stored
/// table, and `count(*)` over either. Any other query yields no rows, with its output columns
/// taken from the outermost select list.
struct FakeQueryEvaluator {
    /// Reads a table's rows by name; nil when no such table exists.
    var table: (FakeQualifiedName) -> FakeRows?

    func evaluate(_ sql: String) -> FakeRows {
        let tokens = FakeSQLToken.tokenize(sql)
        let bytes = Array(sql.utf8)
        // select count(*) [as x] from ( <inner> ) [alias]
        if tokens.count > 8, tokens[0].isWord("select"), tokens[1].isWord("count"), tokens[2].isSymbol("("),
            tokens[3].isSymbol("*"), tokens[4].isSymbol(")")
        {
            var k = 5
            var name = "_col0"
            if tokens[k].isWord("as"), k + 1 < tokens.count { name = tokens[k + 1].text; k += 2 }
            if k + 1 < tokens.count, tokens[k].isWord("from") {
                let inner: FakeRows
                if tokens[k + 1].isSymbol("("), let close = FakeQueryEvaluator.matching(tokens, open: k + 1) {
                    inner = evaluate(String(decoding: bytes[tokens[k + 2].start..<tokens[close].start], as: UTF8.self))
                } else {
                    var cursor = FakeSQLCursor(tokens: tokens, sql: sql, i: k + 1)
                    inner = cursor.name().flatMap(table) ?? FakeRows(columns: [], rows: [])
                }
                return FakeRows(columns: [name], rows: [[String(inner.rows.count)]])
            }
        }
        let columns = FakeQueryEvaluator.outputColumns(tokens)
        // select <literal> [as name], … with no FROM: one row (`select 1 as ok`, as `debug` sends).
        if tokens.first?.isWord("select") == true, !tokens.contains(where: { $0.isWord("from") }), let columns {
            var row: [String?] = []
            var k = 1
            while k < tokens.count {
                let (value, next) = FakeQueryEvaluator.literal(tokens, k)
                row.append(value)
                k = next
                if k + 1 < tokens.count, tokens[k].isWord("as") { k += 2 } else if k < tokens.count, tokens[k].kind == .word { k += 1 }
                if k < tokens.count, tokens[k].isSymbol(",") { k += 1 }
            }
            if row.count == columns.count { return FakeRows(columns: columns, rows: [row]) }
        }
        if let values = FakeQueryEvaluator.values(tokens) {
            let names = columns ?? (0..<(values.first?.count ?? 0)).map { "_col\($0)" }
            return FakeRows(columns: names, rows: values.filter { $0.count == names.count })
        }
        // select [distinct] <plain columns or *> from <table> [where <equalities>] [order by …]
        if let from = tokens.firstIndex(where: { $0.isWord("from") }), tokens.first?.isWord("select") == true {
            var cursor = FakeSQLCursor(tokens: tokens, sql: sql, i: from + 1)
            if let n = cursor.name(), let stored = table(n) {
                var k = cursor.i
                if k < tokens.count, tokens[k].kind == .word, !["where", "order"].contains(tokens[k].text) { k += 1 }  // alias
                var rows = stored
                var ok = true
                if k < tokens.count, tokens[k].isWord("where") {
                    var end = k + 1
                    while end < tokens.count, !tokens[end].isWord("order") { end += 1 }
                    var parser = FakePredicate.Parser(tokens: Array(tokens[(k + 1)..<end]))
                    if let predicate = parser.parse(), parser.atEnd {
                        rows.rows = rows.rows.filter { predicate.matches($0, columns: rows.columns) }
                    } else {
                        ok = false
                    }
                    k = end
                }
                if ok, k == tokens.count || tokens[k].isWord("order") {
                    var list = Array(tokens[1..<from])
                    let distinct = list.first?.isWord("distinct") == true
                    if distinct { list.removeFirst() }
                    if list.count == 1, list[0].isSymbol("*") { return rows }
                    let plain = list.allSatisfy { $0.kind == .word || $0.kind == .quoted || $0.isSymbol(",") }
                    if plain {
                        var out = rows.projected(list.filter { !$0.isSymbol(",") }.map(\.text))
                        if distinct {
                            var seen = Set<[String?]>()
                            out.rows = out.rows.filter { seen.insert($0).inserted }
                            out.rows.sort { $0.map { $0 ?? "" }.lexicographicallyPrecedes($1.map { $0 ?? "" }) }
                        }
                        return out
                    }
                }
            }
        }
        return FakeRows(columns: columns ?? [], rows: [])
    }

    static func matching(_ t: [FakeSQLToken], open: Int) -> Int? {
        var depth = 0
        var k = open
        while k < t.count {
            if t[k].isSymbol("(") {
                depth += 1
            } else if t[k].isSymbol(")") {
                depth -= 1
                if depth == 0 { return k }
            }
            k += 1
        }
        return nil
    }

    /// The names of the outermost select list: an alias after `as`, else the last name part;
    /// nil for `*` or when there is no select.
    static func outputColumns(_ t: [FakeSQLToken]) -> [String]? {
        var depth = 0
        var start: Int?
        for (k, tok) in t.enumerated() {
            if tok.isSymbol("(") { depth += 1 } else if tok.isSymbol(")") { depth -= 1 }
            if depth == 0, tok.isWord("select") { start = k + 1 }
        }
        guard let s = start else { return nil }
        var names: [String] = []
        var item: [FakeSQLToken] = []
        depth = 0
        var k = s
        func flush() {
            defer { item = [] }
            guard let last = item.last else { return }
            if last.kind == .word || last.kind == .quoted {
                names.append(last.text.lowercased())
            } else {
                names.append("_col\(names.count)")
            }
        }
        while k < t.count {
            let tok = t[k]
            if tok.isSymbol("(") { depth += 1 } else if tok.isSymbol(")") { depth -= 1 }
            if depth == 0, tok.isWord("from") { break }
            if depth == 0, tok.isSymbol(",") { flush() } else if depth == 0 || tok.isSymbol(")") { item.append(tok) }
            k += 1
        }
        flush()
        if names.isEmpty || (names.count == 1 && t[s].isSymbol("*")) { return nil }
        return names
    }

    /// The tuples of the first `(values (…), (…))` in the query, as text values.
    static func values(_ t: [FakeSQLToken]) -> [[String?]]? {
        guard let v = t.firstIndex(where: { $0.isWord("values") }) else { return nil }
        var rows: [[String?]] = []
        var k = v + 1
        while k < t.count, t[k].isSymbol("(") {
            k += 1
            var row: [String?] = []
            while k < t.count, !t[k].isSymbol(")") {
                if t[k].isSymbol(",") { k += 1; continue }
                let (value, next) = literal(t, k)
                row.append(value)
                k = next
            }
            rows.append(row)
            k += 1
            if k < t.count, t[k].isSymbol(",") { k += 1 } else { break }
        }
        return rows
    }

    /// One literal: `'text'`, `42`, `-1.5E0`, `NULL`, `TRUE`, `DATE '…'`, `TIMESTAMP '…'`, `CAST('…' AS t)`.
    static func literal(_ t: [FakeSQLToken], _ k: Int) -> (String?, Int) {
        let tok = t[k]
        switch tok.kind {
        case .string, .number: return (tok.text, k + 1)
        case .word where tok.text == "null": return (nil, k + 1)
        case .word where tok.text == "true" || tok.text == "false": return (tok.text, k + 1)
        case .word where (tok.text == "date" || tok.text == "timestamp") && k + 1 < t.count && t[k + 1].kind == .string:
            return (t[k + 1].text, k + 2)
        case .word where tok.text == "cast":
            guard let close = matching(t, open: k + 1) else { return (nil, t.count) }
            let inner = k + 2 < close ? literal(t, k + 2).0 : nil
            return (inner, close + 1)
        case .symbol where tok.text == "-" && k + 1 < t.count:
            return ("-" + t[k + 1].text, k + 2)
        default:
            var j = k + 1
            while j < t.count, !t[j].isSymbol(","), !t[j].isSymbol(")") { j += 1 }
            return (tok.text, j)
        }
    }
}
