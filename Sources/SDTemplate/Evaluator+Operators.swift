import Foundation
import SDBasics

extension Evaluator {
    func binary(
        _ op: Expression.BinaryOperator, _ l: Value, _ r: Value, _ e: Expression, right: Expression
    ) throws
        -> Value
    {
        func mismatch() -> RenderError {
            var d = Diagnostic.error(
                "cannot apply '\(op.rawValue)' to \(l.typeName) and \(r.typeName)", at: e.range)
            if op == .add, l.stringValue != nil || r.stringValue != nil {
                d.hint = "use '~' to join values as text"
            }
            return RenderError(d)
        }
        func overflow() -> RenderError {
            RenderError(.error("integer overflow in '\(op.rawValue)'", at: e.range))
        }
        func checked(_ result: (partialValue: Int, overflow: Bool)) throws -> Value {
            if result.overflow { throw overflow() }
            return .int(result.partialValue)
        }
        if op == .concat {
            var s = l.renderedText
            r.write(to: &s)
            return .string(s)
        }
        switch (l, r) {
        case (.int(let a), .int(let b)):
            switch op {
            case .add: return try checked(a.addingReportingOverflow(b))
            case .subtract: return try checked(a.subtractingReportingOverflow(b))
            case .multiply: return try checked(a.multipliedReportingOverflow(by: b))
            case .divide:
                if b == 0 { throw RenderError(.error("division by zero", at: right.range)) }
                return .double(Double(a) / Double(b))
            case .floorDivide, .modulo:
                if b == 0 { throw RenderError(.error("division by zero", at: right.range)) }
                if a == Int.min && b == -1 { throw overflow() }
                // Python semantics: the quotient rounds down, the remainder takes the divisor's sign.
                var q = a / b
                var m = a % b
                if m != 0 && ((m < 0) != (b < 0)) {
                    q -= 1
                    m += b
                }
                return .int(op == .floorDivide ? q : m)
            case .power:
                if b < 0 { return .double(pow(Double(a), Double(b))) }
                var result = 1
                var base = a
                var exp = b
                while exp > 0 {
                    if exp & 1 == 1 {
                        result = try checked(result.multipliedReportingOverflow(by: base)).intValue
                    }
                    exp >>= 1
                    if exp > 0 { base = try checked(base.multipliedReportingOverflow(by: base)).intValue }
                }
                return .int(result)
            case .concat: return .none
            }
        case (.int, .double), (.double, .int), (.double, .double):
            let a = l.doubleValue
            let b = r.doubleValue
            switch op {
            case .add: return .double(a + b)
            case .subtract: return .double(a - b)
            case .multiply: return .double(a * b)
            case .divide, .floorDivide, .modulo:
                if b == 0 { throw RenderError(.error("division by zero", at: right.range)) }
                if op == .divide { return .double(a / b) }
                let q = (a / b).rounded(.down)
                return .double(op == .floorDivide ? q : a - q * b)
            case .power: return .double(pow(a, b))
            case .concat: return .none
            }
        case (.string(let a), .string(let b)) where op == .add:
            return .string(a + b)
        case (.list(let a), .list(let b)) where op == .add:
            return .list(a.items + b.items)
        case (.string(let s), .int(let n)) where op == .multiply,
            (.int(let n), .string(let s)) where op == .multiply:
            return .string(String(repeating: s, count: max(0, min(n, 1_000_000 / max(1, s.utf8.count)))))
        case (.list(let a), .int(let n)) where op == .multiply:
            let copies = max(0, min(n, 1_000_000 / max(1, a.items.count)))
            return .list(Array([[Value]](repeating: a.items, count: copies).joined()))
        default:
            throw mismatch()
        }
    }

    func compare(_ op: Expression.ComparisonOperator, _ l: Value, _ r: Value, range: SourceRange)
        throws -> Bool
    {
        switch op {
        case .equal: return l.isEqual(to: r)
        case .notEqual: return !l.isEqual(to: r)
        case .isIn, .notIn:
            let found: Bool
            switch (l, r) {
            case (.string(let a), .string(let b)): found = a.isEmpty || b.contains(a)
            case (_, .list(let list)): found = list.items.contains { l.isEqual(to: $0) }
            case (.string(let key), .dict(let d)): found = d[key] != nil
            case (_, .dict): found = false
            default:
                throw RenderError(
                    .error(
                        "'\(op.rawValue)' needs a string, list or dict on the right, not \(r.typeName)",
                        at: range))
            }
            return op == .isIn ? found : !found
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let order = Evaluator.order(l, r) else {
                throw RenderError(
                    .error("cannot compare \(l.typeName) and \(r.typeName) with '\(op.rawValue)'", at: range))
            }
            switch op {
            case .less: return order < 0
            case .lessOrEqual: return order <= 0
            case .greater: return order > 0
            default: return order >= 0
            }
        }
    }

    /// -1, 0 or 1 for values of comparable types (numbers, strings, lists of those), else nil.
    static func order(_ l: Value, _ r: Value) -> Int? {
        switch (l, r) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.int, .double), (.double, .int), (.double, .double):
            let a = l.doubleValue
            let b = r.doubleValue
            return a < b ? -1 : (a == b ? 0 : 1)
        case (.string(let a), .string(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.bool(let a), .bool(let b)): return a == b ? 0 : (a ? 1 : -1)
        case (.list(let a), .list(let b)):
            for (x, y) in zip(a.items, b.items) {
                guard let o = order(x, y) else { return nil }
                if o != 0 { return o }
            }
            return a.items.count < b.items.count ? -1 : (a.items.count == b.items.count ? 0 : 1)
        default: return nil
        }
    }

    func test(_ name: String, _ operand: Expression, _ arguments: [Expression], range: SourceRange)
        throws -> Bool
    {
        if name == "defined" || name == "undefined" {
            let defined = try probe(operand) != nil
            return name == "defined" ? defined : !defined
        }
        let v = try eval(operand)
        var values: [Value] = []
        for a in arguments { values.append(try eval(a)) }
        return try testValue(name, v, values, operandRange: operand.range, range: range)
    }
}
