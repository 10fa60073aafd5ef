import SDBasics

/// Jinja's tests that work on a value (everything but `defined`/`undefined`, which look at the
/// expression), shared by `x is test(…)` and the test names `select`/`selectattr` take.
extension Evaluator {
    /// Test names usable in `select('name', …)`; `==`, `<` … are Jinja's aliases for `eq`, `lt` ….
    static let valueTestNames = [
        "!=", "<", "<=", "==", ">", ">=", "boolean", "callable", "defined", "divisibleby", "eq", "equalto", "even", "false", "float",
        "ge", "greaterthan", "gt", "in", "integer", "iterable", "le", "lessthan", "lower", "lt", "mapping", "ne", "none", "number",
        "odd", "sameas", "sequence", "string", "true", "undefined", "upper",
    ]

    func testValue(_ name: String, _ v: Value, _ args: [Value], operandRange: SourceRange, range: SourceRange) throws -> Bool {
        func argument() throws -> Value {
            guard args.count == 1 else {
                throw RenderError(.error("'\(name)' test needs exactly one argument, \(args.count) given", at: range))
            }
            return args[0]
        }
        switch name {
        case "none": if case .none = v { return true } else { return false }
        case "string": return v.stringValue != nil
        case "number":
            switch v {
            case .int, .double: return true
            default: return false
            }
        case "integer": if case .int = v { return true } else { return false }
        case "float": if case .double = v { return true } else { return false }
        case "boolean": if case .bool = v { return true } else { return false }
        case "true": if case .bool(true) = v { return true } else { return false }
        case "false": if case .bool(false) = v { return true } else { return false }
        case "mapping": if case .dict = v { return true } else { return false }
        case "sequence", "iterable":
            switch v {
            case .list, .string, .dict: return true
            default: return false
            }
        case "callable":
            switch v {
            case .function: return true
            case .object(let o): return o.isCallable
            default: return false
            }
        case "lower", "upper":
            guard case .string(let s) = v else { return false }
            return name == "lower" ? s == s.lowercased() : s == s.uppercased()
        case "eq", "equalto", "==": return try compare(.equal, v, try argument(), range: range)
        case "ne", "!=": return try compare(.notEqual, v, try argument(), range: range)
        case "lt", "lessthan", "<": return try compare(.less, v, try argument(), range: range)
        case "le", "<=": return try compare(.lessOrEqual, v, try argument(), range: range)
        case "gt", "greaterthan", ">": return try compare(.greater, v, try argument(), range: range)
        case "ge", ">=": return try compare(.greaterOrEqual, v, try argument(), range: range)
        case "in": return try compare(.isIn, v, try argument(), range: range)
        case "sameas":
            // Python's `is`: the same object for lists, dicts and host objects, equal for the rest.
            switch (v, try argument()) {
            case (.list(let a), .list(let b)): return a === b
            case (.dict(let a), .dict(let b)): return a === b
            case (.object(let a), .object(let b)): return a === b
            case (.list, _), (.dict, _), (.object, _), (_, .list), (_, .dict), (_, .object): return false
            case (let a, let b): return a.typeName == b.typeName && a.isEqual(to: b)
            }
        case "even", "odd", "divisibleby":
            guard case .int(let i) = v else {
                throw RenderError(.error("'\(name)' test needs an integer, not \(v.typeName)", at: operandRange))
            }
            if name == "even" { return i % 2 == 0 }
            if name == "odd" { return i % 2 != 0 }
            guard args.count == 1, case .int(let d) = args[0], d != 0 else {
                throw RenderError(.error("'divisibleby' needs one non-zero integer argument", at: range))
            }
            return i.remainderReportingOverflow(dividingBy: d).partialValue == 0
        default:
            throw RenderError(.error("unknown test '\(name)'", at: range))
        }
    }
}
