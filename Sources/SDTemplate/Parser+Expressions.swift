import SDBasics

/// Expression grammar, loosest first (as in Jinja):
/// conditional → or → and → not → comparison → `+ -` → `~` → `* / // %` → `**` → unary/postfix/filters.
extension Parser {
    static let filterNames = [
        "abs", "attr", "batch", "capitalize", "center", "count", "d", "default", "dictsort", "e", "escape", "first", "float",
        "forceescape", "format", "groupby", "indent", "int", "items", "join", "last", "length", "list", "lower", "map", "max",
        "min", "pprint", "reject", "rejectattr", "replace", "reverse", "round", "safe", "select", "selectattr", "slice", "sort",
        "string", "sum", "title", "tojson", "trim", "truncate", "unique", "upper", "wordcount",
    ]
    static let testNames = [
        "boolean", "callable", "defined", "divisibleby", "eq", "equalto", "even", "false", "float", "ge", "greaterthan", "gt",
        "in", "integer", "iterable", "le", "lessthan", "lower", "lt", "mapping", "ne", "none", "number", "odd", "sameas",
        "sequence", "string", "true", "undefined", "upper",
    ]

    mutating func parseExpression() throws(ParseError) -> Expression {
        let start = current?.bytes.lowerBound ?? lastEnd
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Parser.nestingLimit {
            throw ParseError(
                diagnostic: .error(
                    "expression is nested more than \(Parser.nestingLimit) deep",
                    at: range(start..<max(start, lastEnd + 1))))
        }
        let value = try parseOr()
        guard accept("if") else { return value }
        let condition = try parseOr()
        var otherwise: Expression?
        if accept("else") {
            otherwise = try parseExpression()
        }
        return Expression(
            .conditional(then: value, condition: condition, otherwise: otherwise), range(from: start))
    }

    mutating func parseOr() throws(ParseError) -> Expression {
        let start = current?.bytes.lowerBound ?? lastEnd
        var left = try parseAnd()
        while accept("or") {
            let right = try parseAnd()
            left = Expression(.or(left, right), range(from: start))
        }
        return left
    }

    mutating func parseAnd() throws(ParseError) -> Expression {
        let start = current?.bytes.lowerBound ?? lastEnd
        var left = try parseNot()
        while accept("and") {
            let right = try parseNot()
            left = Expression(.and(left, right), range(from: start))
        }
        return left
    }

    mutating func parseNot() throws(ParseError) -> Expression {
        let start = current?.bytes.lowerBound ?? lastEnd
        if accept("not") {
            let operand = try parseNot()
            return Expression(.not(operand), range(from: start))
        }
        return try parseComparison()
    }

    mutating func comparisonOperator() -> Expression.ComparisonOperator? {
        guard let t = current else { return nil }
        if t.kind == .punctuation {
            switch text(t) {
            case "==": return .equal
            case "!=": return .notEqual
            case "<": return .less
            case "<=": return .lessOrEqual
            case ">": return .greater
            case ">=": return .greaterOrEqual
            default: return nil
            }
        }
        if tokenIs(t, "in") { return .isIn }
        if tokenIs(t, "not"), tokenIs(token(at: pos + 1), "in") { return .notIn }
        return nil
    }

    mutating func parseComparison() throws(ParseError) -> Expression {
        let start = current?.bytes.lowerBound ?? lastEnd
        let left = try parseAdditive()
        var rest: [(Expression.ComparisonOperator, Expression)] = []
        while let op = comparisonOperator() {
            _ = advance()
            if op == .notIn { _ = advance() }
            rest.append((op, try parseAdditive()))
        }
        return rest.isEmpty ? left : Expression(.compare(left, rest), range(from: start))
    }

    mutating func parseAdditive() throws(ParseError) -> Expression {
        let start = current?.bytes.lowerBound ?? lastEnd
        var left = try parseConcat()
        while true {
            let op: Expression.BinaryOperator
            if accept("+") { op = .add } else if accept("-") { op = .subtract } else { break }
            let right = try parseConcat()
            left = Expression(.binary(op, left, right), range(from: start))
        }
        return left
    }

    mutating func parseConcat() throws(ParseError) -> Expression {
        let start = current?.bytes.lowerBound ?? lastEnd
        var left = try parseMultiplicative()
        while accept("~") {
            let right = try parseMultiplicative()
            left = Expression(.binary(.concat, left, right), range(from: start))
        }
        return left
    }

    mutating func parseMultiplicative() throws(ParseError) -> Expression {
        let start = current?.bytes.lowerBound ?? lastEnd
        var left = try parsePower()
        while true {
            let op: Expression.BinaryOperator
            if accept("*") {
                op = .multiply
            } else if accept("//") {
                op = .floorDivide
            } else if accept("/") {
                op = .divide
            } else if accept("%") {
                op = .modulo
            } else {
                break
            }
            let right = try parsePower()
            left = Expression(.binary(op, left, right), range(from: start))
        }
        return left
    }

    mutating func parsePower() throws(ParseError) -> Expression {
        let start = current?.bytes.lowerBound ?? lastEnd
        var left = try parseUnary(withFilters: true)
        while accept("**") {
            let right = try parseUnary(withFilters: true)
            left = Expression(.binary(.power, left, right), range(from: start))
        }
        return left
    }

    mutating func parseUnary(withFilters: Bool) throws(ParseError) -> Expression {
        let start = current?.bytes.lowerBound ?? lastEnd
        var e: Expression
        if accept("-") {
            nesting += 1
            defer { nesting -= 1 }
            if nesting > Parser.nestingLimit {
                throw ParseError(
                    diagnostic: .error(
                        "expression is nested more than \(Parser.nestingLimit) deep", at: range(from: start)))
            }
            let operand = try parseUnary(withFilters: false)
            e = Expression(.negate(operand), range(from: start))
        } else if accept("+") {
            e = try parseUnary(withFilters: false)
        } else {
            e = try parsePrimary()
        }
        e = try parsePostfix(e, start: start)
        if withFilters { e = try parseFiltersAndTests(e, start: start) }
        return e
    }

    mutating func parsePostfix(_ base: Expression, start: Int) throws(ParseError) -> Expression {
        var e = base
        while true {
            if accept(".") {
                guard let t = current, t.kind == .identifier || t.kind == .integer else {
                    throw unexpected(expected: "an attribute name")
                }
                _ = advance()
                if t.kind == .integer, let i = Int(text(t)) {
                    // `a.0` is an index, as in Jinja.
                    e = Expression(
                        .index(e, Expression(.literal(.int(i)), range(t.bytes))), range(from: start))
                } else {
                    e = Expression(
                        .attribute(e, name: text(t), nameRange: range(t.bytes)), range(from: start))
                }
            } else if accept("[") {
                e = try parseSubscript(e, start: start)
            } else if check("(") {
                let args = try parseArguments()
                e = Expression(.call(e, args), range(from: start))
            } else {
                return e
            }
        }
    }

    mutating func parseSubscript(_ base: Expression, start: Int) throws(ParseError) -> Expression {
        var lower: Expression?
        if !check(":") { lower = try parseExpression() }
        if accept("]") {
            guard let lower else { throw unexpected(expected: "an index") }
            return Expression(.index(base, lower), range(from: start))
        }
        try expect(":")
        var upper: Expression?
        var step: Expression?
        if !check("]") && !check(":") { upper = try parseExpression() }
        if accept(":"), !check("]") { step = try parseExpression() }
        try expect("]")
        return Expression(.slice(base, start: lower, stop: upper, step: step), range(from: start))
    }

    mutating func parseArguments() throws(ParseError) -> [Expression.Argument] {
        try expect("(")
        var args: [Expression.Argument] = []
        var sawKeyword = false
        while !check(")") {
            if let t = current, t.kind == .identifier, tokenIs(token(at: pos + 1), "=") {
                _ = advance()
                _ = advance()
                let value = try parseExpression()
                let name = text(t)
                if args.contains(where: { $0.name == name }) {
                    diagnostics.append(.error("keyword argument '\(name)' repeated", at: range(t.bytes)))
                }
                args.append(Expression.Argument(name: name, nameRange: range(t.bytes), value: value))
                sawKeyword = true
            } else {
                let value = try parseExpression()
                if sawKeyword {
                    throw ParseError(
                        diagnostic: .error("positional argument follows keyword argument", at: value.range))
                }
                args.append(Expression.Argument(name: nil, nameRange: nil, value: value))
            }
            if !accept(",") { break }
        }
        try expect(")")
        return args
    }

    mutating func parseFiltersAndTests(_ base: Expression, start: Int) throws(ParseError)
        -> Expression
    {
        var e = base
        while true {
            if accept("|") {
                let (name, nameRange) = try expectIdentifier("a filter name")
                if !Parser.filterNames.contains(name) {
                    diagnostics.append(
                        Diagnostic.error("unknown filter '\(name)'", at: nameRange)
                            .suggesting(name, from: Parser.filterNames))
                }
                let args = check("(") ? try parseArguments() : []
                e = Expression(
                    .filter(e, name: name, nameRange: nameRange, arguments: args), range(from: start))
            } else if accept("is") {
                let negated = accept("not")
                let (rawName, nameRange) = try expectIdentifier("a test name such as 'none' or 'defined'")
                let name = rawName.lowercased() == "none" ? "none" : rawName
                if !Parser.testNames.contains(name) {
                    diagnostics.append(
                        Diagnostic.error("unknown test '\(name)'", at: nameRange)
                            .suggesting(name, from: Parser.testNames))
                }
                var args: [Expression] = []
                if check("(") {
                    args = try parseArguments().map(\.value)
                }
                e = Expression(.test(e, name: name, arguments: args, negated: negated), range(from: start))
            } else {
                return e
            }
        }
    }

    mutating func parsePrimary() throws(ParseError) -> Expression {
        guard let t = current else { throw unexpected(expected: "an expression") }
        let r = range(t.bytes)
        switch t.kind {
        case .string:
            _ = advance()
            return Expression(.literal(.string(unescape(t))), r)
        case .integer:
            _ = advance()
            guard let i = Int(text(t)) else {
                throw ParseError(diagnostic: .error("integer literal '\(text(t))' is too large", at: r))
            }
            return Expression(.literal(.int(i)), r)
        case .float:
            _ = advance()
            return Expression(.literal(.double(Double(text(t)) ?? .nan)), r)
        case .identifier:
            let word = text(t)
            switch word {
            case "true", "True":
                _ = advance()
                return Expression(.literal(.bool(true)), r)
            case "false", "False":
                _ = advance()
                return Expression(.literal(.bool(false)), r)
            case "none", "None":
                _ = advance()
                return Expression(.literal(.none), r)
            case "and", "or", "not", "in", "is", "if", "else":
                throw unexpected(expected: "an expression")
            default:
                _ = advance()
                return Expression(.name(word), r)
            }
        case .punctuation:
            let start = t.bytes.lowerBound
            if accept("(") {
                if accept(")") { return Expression(.list([]), range(from: start)) }
                let first = try parseExpression()
                if check(")") {
                    _ = advance()
                    return first
                }
                var items = [first]
                while accept(",") {
                    if check(")") { break }
                    items.append(try parseExpression())
                }
                try expect(")")
                return Expression(.list(items), range(from: start))
            }
            if accept("[") {
                var items: [Expression] = []
                while !check("]") {
                    items.append(try parseExpression())
                    if !accept(",") { break }
                }
                try expect("]")
                return Expression(.list(items), range(from: start))
            }
            if accept("{") {
                var pairs: [(key: Expression, value: Expression)] = []
                while !check("}") {
                    let key = try parseExpression()
                    try expect(":")
                    let value = try parseExpression()
                    pairs.append((key, value))
                    if !accept(",") { break }
                }
                try expect("}")
                return Expression(.dict(pairs), range(from: start))
            }
            throw unexpected(expected: "an expression")
        default:
            throw unexpected(expected: "an expression")
        }
    }

    /// The value of a string literal: Python-style backslash escapes; unknown escapes stay as written.
    func unescape(_ t: Token) -> String {
        let b = file.utf8
        let lo = t.bytes.lowerBound + 1
        let hi = t.bytes.upperBound - 1
        guard lo < hi else { return "" }
        if !b[lo..<hi].contains(Ascii.backslash) { return file.slice(lo..<hi) }
        var out: [UInt8] = []
        out.reserveCapacity(hi - lo)
        var i = lo
        while i < hi {
            let c = b[i]
            if c == Ascii.backslash, i + 1 < hi {
                let d = b[i + 1]
                switch d {
                case UInt8(ascii: "n"): out.append(Ascii.newline)
                case UInt8(ascii: "t"): out.append(Ascii.tab)
                case UInt8(ascii: "r"): out.append(Ascii.cr)
                case UInt8(ascii: "0"): out.append(0)
                case Ascii.backslash, Ascii.singleQuote, Ascii.doubleQuote: out.append(d)
                default:
                    out.append(c)
                    out.append(d)
                }
                i += 2
            } else {
                out.append(c)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
