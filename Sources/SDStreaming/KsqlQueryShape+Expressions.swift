import Foundation

/// Expressions of ksqlDB's grammar (SqlBase.g4 booleanExpression, valueExpression, primaryExpression)
/// printed canonically: every operator parenthesized by precedence, so `(A + B) * C` and
/// `A + B * C` differ and redundant parentheses vanish.
extension KsqlQueryShape.Parser {
    mutating func expression(_ minPrecedence: Int = 0) -> String? {
        guard var left = prefix() else { return nil }
        while true {
            guard let (op, precedence) = infix(), precedence > minPrecedence else { return left }
            switch op {
            case "IS":
                i += 1
                let not = word("NOT")
                guard word("NULL") else { return nil }
                left = "(\(left) IS \(not ? "NOT " : "")NULL)"
            case "NOT BETWEEN", "BETWEEN":
                i += op == "BETWEEN" ? 1 : 2
                guard let low = expression(5), word("AND"), let high = expression(5) else { return nil }
                left = "(\(left) \(op) \(low) AND \(high))"
            case "IN", "NOT IN":
                i += op == "IN" ? 1 : 2
                guard take(.punct("(")), let l = expressionList(), take(.punct(")")) else { return nil }
                left = "(\(left) \(op) (\(l)))"
            case "->":
                i += 1
                guard let f = identifier() else { return nil }
                left = "\(left)->\(f)"
            case "[":
                i += 1
                guard let e = expression(), take(.punct("]")) else { return nil }
                left = "\(left)[\(e)]"
            default:
                i += op.hasPrefix("NOT ") ? 2 : 1
                guard let right = expression(precedence) else { return nil }
                left = "(\(left) \(op == "!=" ? "<>" : op) \(right))"
            }
        }
    }

    /// The binary or postfix operator at the cursor and its precedence (SqlBase.g4 booleanExpression, valueExpression).
    func infix() -> (String, Int)? {
        guard let t = peek else { return nil }
        switch t {
        case .word("OR"): return ("OR", 1)
        case .word("AND"): return ("AND", 2)
        case .word("IS"), .word("LIKE"), .word("BETWEEN"), .word("IN"):
            if case .word(let w) = t { return (w, 4) }
            return nil
        case .word("NOT"):
            guard let next = peekWord(1), ["LIKE", "BETWEEN", "IN"].contains(next) else { return nil }
            return ("NOT " + next, 4)
        case .punct(let p):
            switch p {
            case "=", "<>", "!=", "<", "<=", ">", ">=": return (p, 4)
            case "+", "-", "||": return (p, 5)
            case "*", "/", "%": return (p, 6)
            case "->", "[": return (p, 8)
            default: return nil
            }
        default: return nil
        }
    }

    mutating func prefix() -> String? {
        guard let t = peek else { return nil }
        switch t {
        case .string(let s):
            i += 1
            return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        case .number(let n):
            i += 1
            return n
        case .punct("("):
            i += 1
            guard let e = expression(), take(.punct(")")) else { return nil }
            return e
        case .punct("-"):
            i += 1
            guard let e = expression(7) else { return nil }
            return "(-\(e))"
        case .word("NOT"):
            i += 1
            guard let e = expression(3) else { return nil }
            return "(NOT \(e))"
        case .word("TRUE"), .word("FALSE"), .word("NULL"):
            i += 1
            return t.text
        case .word("CASE"):
            return caseExpression()
        case .word("CAST") where i + 1 < tokens.count && tokens[i + 1] == .punct("("):
            i += 2
            guard let e = expression(), word("AS"), let type = rawType(), take(.punct(")")) else { return nil }
            return "CAST(\(e) AS \(type))"
        case .word, .quoted:
            return reference()
        default:
            return nil
        }
    }

    /// A column reference or a function call.
    mutating func reference() -> String? {
        guard let first = identifier() else { return nil }
        if take(.punct("(")) {
            if take(.punct(")")) { return "\(first)()" }
            if take(.punct("*")) {
                guard take(.punct(")")) else { return nil }
                return "\(first)(*)"
            }
            guard let args = expressionList(), take(.punct(")")) else { return nil }
            return "\(first)(\(args))"
        }
        var parts = [first]
        while tokens.count > i + 1, tokens[i] == .punct("."),
            let next = { () -> String? in
                if case .word(let w) = tokens[i + 1] { return w }
                if case .quoted(let q) = tokens[i + 1] { return q }
                return nil
            }()
        {
            parts.append(next)
            i += 2
        }
        if parts.count == 2, let source = sources[parts[0]] {
            return sourceCount == 1 ? parts[1] : "\(source).\(parts[1])"
        }
        return parts.joined(separator: ".")
    }

    mutating func caseExpression() -> String? {
        i += 1
        var out = "CASE"
        if peekWord() != "WHEN" {
            guard let operand = expression() else { return nil }
            out += " " + operand
        }
        while word("WHEN") {
            guard let w = expression(), word("THEN"), let th = expression() else { return nil }
            out += " WHEN \(w) THEN \(th)"
        }
        if word("ELSE") {
            guard let e = expression() else { return nil }
            out += " ELSE " + e
        }
        guard word("END") else { return nil }
        return out + " END"
    }

    /// A type in CAST, canonical (VARCHAR → STRING, INT → INTEGER), with its parameters.
    mutating func rawType() -> String? {
        var parts: [String] = []
        var depth = 0
        while let t = peek {
            if depth == 0, t == .punct(")") { break }
            if t == .punct("(") || t == .punct("<") { depth += 1 }
            if t == .punct(")") || t == .punct(">") { depth -= 1 }
            parts.append(t.text)
            i += 1
        }
        guard !parts.isEmpty else { return nil }
        return KsqlType.canonical(parts.joined(separator: " "))
    }
}
