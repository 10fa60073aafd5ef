/// A WHERE clause of the shape swiftdbt's partition batches use: ORs of ANDs of
/// `col = <literal>` and `col is null`, with parentheses.
indirect enum FakePredicate: Sendable {
    case equals(String, String)
    case isNull(String)
    case and(FakePredicate, FakePredicate)
    case or(FakePredicate, FakePredicate)

    func matches(_ row: [String?], columns: [String]) -> Bool {
        func value(_ c: String) -> String? {
            columns.firstIndex { $0.lowercased() == c }.flatMap { row[$0] }
        }
        switch self {
        case .equals(let c, let v): return value(c) == v
        case .isNull(let c): return value(c) == nil
        case .and(let a, let b): return a.matches(row, columns: columns) && b.matches(row, columns: columns)
        case .or(let a, let b): return a.matches(row, columns: columns) || b.matches(row, columns: columns)
        }
    }

    struct Parser {
        var tokens: [FakeSQLToken]
        var i = 0
        var atEnd: Bool { i >= tokens.count }

        mutating func parse() -> FakePredicate? {
            guard var left = conjunction() else { return nil }
            while i < tokens.count, tokens[i].isWord("or") {
                i += 1
                guard let right = conjunction() else { return nil }
                left = .or(left, right)
            }
            return left
        }

        mutating func conjunction() -> FakePredicate? {
            guard var left = atom() else { return nil }
            while i < tokens.count, tokens[i].isWord("and") {
                i += 1
                guard let right = atom() else { return nil }
                left = .and(left, right)
            }
            return left
        }

        mutating func atom() -> FakePredicate? {
            guard i < tokens.count else { return nil }
            if tokens[i].isSymbol("(") {
                i += 1
                let inner = parse()
                guard i < tokens.count, tokens[i].isSymbol(")") else { return nil }
                i += 1
                return inner
            }
            guard tokens[i].kind == .word || tokens[i].kind == .quoted else { return nil }
            let column = tokens[i].text.lowercased()
            i += 1
            if i + 1 < tokens.count, tokens[i].isWord("is"), tokens[i + 1].isWord("null") {
                i += 2
                return .isNull(column)
            }
            guard i + 1 < tokens.count, tokens[i].isSymbol("=") else { return nil }
            let (v, next) = FakeQueryEvaluator.literal(tokens, i + 1)
            i = next
            return v.map { .equals(column, $0) }
        }
    }
}
