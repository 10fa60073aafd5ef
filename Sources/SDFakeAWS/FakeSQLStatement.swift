/// The statements swiftdbt sends to Athena, recognised well enough to track tables, locations and
/// partitions. Anything else is `.other` and succeeds without effect.
enum FakeSQLStatement: Sendable, Equatable {
    case createSchema(String)
    case createView(FakeQualifiedName, select: String)
    /// CTAS: `create table n with (k = v, …) as <select>`; array values keep their elements.
    case createTableAs(FakeQualifiedName, properties: [String: [String]], select: String)
    case createExternalTable(
        FakeQualifiedName, ifNotExists: Bool, columns: [FakeColumn], partitions: [FakeColumn],
        location: String?, properties: [String: String])
    case insert(FakeQualifiedName, columns: [String]?, select: String)
    case rename(FakeQualifiedName, to: FakeQualifiedName)
    /// `alter table n add columns (c type, …)` (Athena DDL reference, "ALTER TABLE ADD COLUMNS";
    /// Iceberg tables evolve their schema with the same statement, "Evolve Iceberg table schema").
    case addColumns(FakeQualifiedName, columns: [FakeColumn])
    case drop(FakeQualifiedName, ifExists: Bool)
    /// `merge into n as target using <table or (select)> as src on (target.k = src.k and …) …`:
    /// `source` is a query yielding the source rows, `keys` the `target.` columns of the ON clause.
    case merge(FakeQualifiedName, source: String, keys: [String])
    case select(String)
    case other

    /// Recognises one statement by its leading keywords.
    static func parse(_ sql: String) -> FakeSQLStatement {
        let t = FakeSQLToken.tokenize(sql)
        var p = FakeSQLCursor(tokens: t, sql: sql)
        if p.accept(words: "create", "schema") || p.accept(words: "create", "database") {
            _ = p.accept(words: "if", "not", "exists")
            return .createSchema(p.name()?.name ?? "")
        }
        if p.accept(words: "create", "or", "replace", "view") || p.accept(words: "create", "view") {
            guard let n = p.name(), p.accept(words: "as") else { return .other }
            return .createView(n, select: p.rest())
        }
        if p.accept(words: "create", "external", "table") {
            let ine = p.accept(words: "if", "not", "exists")
            guard let n = p.name() else { return .other }
            let columns = p.columnList()
            var partitions: [FakeColumn] = []
            var location: String?
            var props: [String: String] = [:]
            while !p.atEnd {
                if p.accept(words: "partitioned", "by") {
                    partitions = p.columnList()
                } else if p.accept(words: "location"), let s = p.string() {
                    location = s
                } else if p.accept(words: "tblproperties") {
                    props = p.stringPairs()
                } else {
                    p.skip()
                }
            }
            return .createExternalTable(
                n, ifNotExists: ine, columns: columns, partitions: partitions, location: location,
                properties: props)
        }
        if p.accept(words: "create", "table") {
            _ = p.accept(words: "if", "not", "exists")
            guard let n = p.name() else { return .other }
            var props: [String: [String]] = [:]
            if p.accept(words: "with") { props = p.withProperties() }
            guard p.accept(words: "as") else { return .other }
            return .createTableAs(n, properties: props, select: p.rest())
        }
        if p.accept(words: "insert", "into") {
            guard let n = p.name() else { return .other }
            var cols: [String]?
            if p.peekSymbol("("), !p.peekWord(at: 1, "select"), !p.peekWord(at: 1, "with") {
                cols = p.columnList().map(\.name)
            }
            return .insert(n, columns: cols, select: p.rest())
        }
        if p.accept(words: "alter", "table") {
            guard let n = p.name() else { return .other }
            if p.accept(words: "add", "columns") { return .addColumns(n, columns: p.columnList()) }
            guard p.accept(words: "rename", "to"), let to = p.name() else { return .other }
            return .rename(n, to: to)
        }
        if p.accept(words: "drop", "table") || p.accept(words: "drop", "view") {
            let ie = p.accept(words: "if", "exists")
            guard let n = p.name() else { return .other }
            return .drop(n, ifExists: ie)
        }
        if p.accept(words: "merge", "into") {
            guard let n = p.name() else { return .other }
            _ = p.accept(words: "as")
            p.skip()
            guard p.accept(words: "using") else { return .other }
            let source: String
            if p.peekSymbol("("), let close = FakeQueryEvaluator.matching(t, open: p.i) {
                source = String(decoding: Array(sql.utf8)[t[p.i + 1].start..<t[close].start], as: UTF8.self)
                p.i = close + 1
            } else if let s = p.name() {
                source = "select * from " + [s.database, s.name].compactMap { $0.map { "\"\($0)\"" } }.joined(separator: ".")
            } else {
                return .other
            }
            var keys: [String] = []
            while p.i + 2 < t.count, !p.peekWord(at: 0, "when") {
                if t[p.i].isWord("target"), t[p.i + 1].isSymbol("."), !keys.contains(t[p.i + 2].text.lowercased()) {
                    keys.append(t[p.i + 2].text.lowercased())
                }
                p.skip()
            }
            return .merge(n, source: source, keys: keys)
        }
        if p.peekWord(at: 0, "select") || p.peekWord(at: 0, "with") || p.peekSymbol("(") {
            return .select(sql)
        }
        return .other
    }
}

/// A column of a DDL statement.
struct FakeColumn: Sendable, Equatable {
    var name: String
    var type: String
}

/// `catalog.schema.name` with the optional parts left out, lower-cased as Glue folds names.
struct FakeQualifiedName: Sendable, Equatable, Hashable {
    var database: String?
    var name: String
}

/// Walks a token list for `FakeSQLStatement.parse`.
struct FakeSQLCursor {
    var tokens: [FakeSQLToken]
    var sql: String
    var i = 0

    var atEnd: Bool { i >= tokens.count }

    mutating func accept(words: String...) -> Bool {
        guard i + words.count <= tokens.count else { return false }
        for (k, w) in words.enumerated() where !tokens[i + k].isWord(w) { return false }
        i += words.count
        return true
    }

    func peekWord(at offset: Int, _ w: String) -> Bool {
        i + offset < tokens.count && tokens[i + offset].isWord(w)
    }

    func peekSymbol(_ s: String) -> Bool { i < tokens.count && tokens[i].isSymbol(s) }

    mutating func skip() { i += 1 }

    mutating func string() -> String? {
        guard i < tokens.count, tokens[i].kind == .string else { return nil }
        i += 1
        return tokens[i - 1].text
    }

    /// A dotted name of one to three parts; the last two are schema and table.
    mutating func name() -> FakeQualifiedName? {
        var parts: [String] = []
        while i < tokens.count, tokens[i].kind == .word || tokens[i].kind == .quoted {
            parts.append(tokens[i].text.lowercased())
            i += 1
            if i < tokens.count, tokens[i].isSymbol(".") { i += 1 } else { break }
        }
        guard let last = parts.last else { return nil }
        return FakeQualifiedName(database: parts.count >= 2 ? parts[parts.count - 2] : nil, name: last)
    }

    /// The raw text from the current token to the end.
    mutating func rest() -> String {
        guard i < tokens.count else { return "" }
        let start = tokens[i].start
        i = tokens.count
        return String(decoding: Array(sql.utf8)[start...], as: UTF8.self)
    }

    /// `(name type, name type, …)`; types may hold parentheses and commas (`decimal(10,2)`).
    mutating func columnList() -> [FakeColumn] {
        guard peekSymbol("(") else { return [] }
        i += 1
        var out: [FakeColumn] = []
        var depth = 0
        var current: [FakeSQLToken] = []
        func flush() {
            guard let first = current.first else { return }
            let type = current.dropFirst().map(\.text).joined(separator: current.count > 2 ? " " : "")
            out.append(FakeColumn(name: first.text.lowercased(), type: type.isEmpty ? "string" : type))
            current = []
        }
        while i < tokens.count {
            let t = tokens[i]
            i += 1
            if t.isSymbol("(") {
                depth += 1
            } else if t.isSymbol(")") {
                if depth == 0 { break }
                depth -= 1
            }
            if depth == 0, t.isSymbol(",") { flush(); continue }
            if t.isWord("comment") { i += 1; continue }
            current.append(t)
        }
        flush()
        return out
    }

    /// `('k' = 'v', …)` as in TBLPROPERTIES.
    mutating func stringPairs() -> [String: String] {
        var out: [String: String] = [:]
        guard peekSymbol("(") else { return out }
        i += 1
        while i < tokens.count, !tokens[i].isSymbol(")") {
            if tokens[i].kind == .string, i + 2 < tokens.count, tokens[i + 1].isSymbol("="), tokens[i + 2].kind == .string {
                out[tokens[i].text] = tokens[i + 2].text
                i += 3
            } else {
                i += 1
            }
        }
        i += 1
        return out
    }

    /// `(k = 'v', k = ARRAY['a', 'b'], k = 8, …)` as in a CTAS `WITH` clause.
    mutating func withProperties() -> [String: [String]] {
        var out: [String: [String]] = [:]
        guard peekSymbol("(") else { return out }
        i += 1
        while i < tokens.count, !tokens[i].isSymbol(")") {
            guard tokens[i].kind == .word || tokens[i].kind == .quoted, i + 1 < tokens.count, tokens[i + 1].isSymbol("=") else {
                i += 1
                continue
            }
            let key = tokens[i].text.lowercased()
            i += 2
            if i < tokens.count, tokens[i].isWord("array") {
                i += 2
                var values: [String] = []
                while i < tokens.count, !tokens[i].isSymbol("]") {
                    if tokens[i].kind == .string { values.append(tokens[i].text) }
                    i += 1
                }
                i += 1
                out[key] = values
            } else if i < tokens.count {
                out[key] = [tokens[i].text]
                i += 1
            }
        }
        i += 1
        return out
    }
}
