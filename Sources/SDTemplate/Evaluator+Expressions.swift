import SDBasics

extension Evaluator {
    func eval(_ e: Expression) throws -> Value {
        switch e.kind {
        case .literal(let l):
            switch l {
            case .none: return .none
            case .bool(let b): return .bool(b)
            case .int(let i): return .int(i)
            case .double(let d): return .double(d)
            case .string(let s): return .string(s)
            }
        case .name(let name):
            guard let v = lookup(name) else { throw undefinedName(name, at: e.range) }
            return v
        case .list(let items):
            var values: [Value] = []
            values.reserveCapacity(items.count)
            for item in items { values.append(try eval(item)) }
            return .list(values)
        case .dict(let pairs):
            let d = TemplateDictionary()
            for (k, v) in pairs {
                guard case .string(let key) = try eval(k) else {
                    throw RenderError(.error("dictionary keys must be strings", at: k.range))
                }
                d[key] = try eval(v)
            }
            return .dict(d)
        case .attribute(let base, let name, let nameRange):
            let b = try eval(base)
            guard let v = attribute(of: b, name) else {
                throw missingAttribute(b, name, base: base, at: nameRange)
            }
            return v
        case .index(let base, let key):
            return try index(try eval(base), try eval(key), base: base, key: key, range: e.range)
        case .slice(let base, let start, let stop, let step):
            return try slice(try eval(base), start: start, stop: stop, step: step, range: e.range)
        case .call(let callee, let args):
            return try call(callee, args, range: e.range)
        case .negate(let operand):
            switch try eval(operand) {
            case .int(let i):
                let (r, overflow) = Int(0).subtractingReportingOverflow(i)
                if overflow { throw RenderError(.error("integer overflow", at: e.range)) }
                return .int(r)
            case .double(let d): return .double(-d)
            case let v: throw RenderError(.error("cannot negate \(v.typeName)", at: e.range))
            }
        case .not(let operand):
            return .bool(!(try eval(operand).isTruthy))
        case .and(let l, let r):
            let left = try eval(l)
            return left.isTruthy ? try eval(r) : left
        case .or(let l, let r):
            let left = try eval(l)
            return left.isTruthy ? left : try eval(r)
        case .binary(let op, let l, let r):
            return try binary(op, try eval(l), try eval(r), e, right: r)
        case .compare(let first, let rest):
            var left = try eval(first)
            for (op, rightExpr) in rest {
                let right = try eval(rightExpr)
                if !(try compare(op, left, right, range: e.range)) { return .bool(false) }
                left = right
            }
            return .bool(true)
        case .test(let operand, let name, let arguments, let negated):
            let result = try test(name, operand, arguments, range: e.range)
            return .bool(result != negated)
        case .filter(let operand, let name, let nameRange, let arguments):
            return try filter(name, operand, arguments, nameRange: nameRange, range: e.range)
        case .conditional(let then, let condition, let otherwise):
            if try eval(condition).isTruthy { return try eval(then) }
            return try otherwise.map { try eval($0) } ?? .none
        }
    }

    /// Evaluates a name, attribute or index, returning nil where it is undefined.
    func probe(_ e: Expression) throws -> Value? {
        switch e.kind {
        case .name(let name):
            return lookup(name)
        case .attribute(let base, let name, _):
            guard let b = try probe(base) else { return nil }
            return attribute(of: b, name)
        case .index(let base, let key):
            guard let b = try probe(base) else { return nil }
            let k = try eval(key)
            do {
                return try index(b, k, base: base, key: key, range: e.range)
            } catch let error as RenderError where error.isUndefined {
                return nil
            }
        default:
            return try eval(e)
        }
    }

    // MARK: - Attributes and indexing

    func attribute(of value: Value, _ name: String) -> Value? {
        switch value {
        case .dict(let d):
            if let v = d[name] { return v }
            return Evaluator.dictMethods.contains(name) ? boundMethod(value, name) : nil
        case .object(let o):
            return o.attribute(name)
        case .string:
            return Evaluator.stringMethods.contains(name) ? boundMethod(value, name) : nil
        case .list:
            return Evaluator.listMethods.contains(name) ? boundMethod(value, name) : nil
        default:
            return nil
        }
    }

    func boundMethod(_ receiver: Value, _ name: String) -> Value {
        .function(
            TemplateFunction(name) { [unowned self] args in
                guard let v = try self.callMethod(receiver, name, args) else { return .none }
                return v
            })
    }

    func missingAttribute(_ value: Value, _ name: String, base: Expression, at range: SourceRange)
        -> RenderError
    {
        let owner = base.range.text
        var d: Diagnostic
        switch value {
        case .dict(let dict):
            d = Diagnostic.error("'\(owner)' has no key or method '\(name)'", at: range)
                .suggesting(name, from: dict.keys + Evaluator.dictMethods)
        case .object(let o):
            d = Diagnostic.error("'\(owner)' has no attribute '\(name)'", at: range)
                .suggesting(name, from: o.attributeNames)
        case .string:
            d = Diagnostic.error("string has no method '\(name)'", at: range)
                .suggesting(name, from: Evaluator.stringMethods)
        case .list:
            d = Diagnostic.error("list has no method '\(name)'", at: range)
                .suggesting(name, from: Evaluator.listMethods)
        case .none:
            d = Diagnostic.error("'\(owner)' is none and has no attribute '\(name)'", at: range)
        default:
            d = Diagnostic.error("\(value.typeName) '\(owner)' has no attribute '\(name)'", at: range)
        }
        return RenderError(d, isUndefined: true)
    }

    func index(
        _ base: Value, _ key: Value, base baseExpr: Expression, key keyExpr: Expression,
        range: SourceRange
    ) throws
        -> Value
    {
        switch (base, key) {
        case (.list(let l), .int(let i)):
            let j = i < 0 ? i + l.items.count : i
            guard j >= 0, j < l.items.count else {
                throw RenderError(
                    .error(
                        "index \(i) is out of range for a list of \(Evaluator.items(l.items.count))", at: range)
                )
            }
            return l.items[j]
        case (.string(let s), .int(let i)):
            let chars = Array(s)
            let j = i < 0 ? i + chars.count : i
            guard j >= 0, j < chars.count else {
                throw RenderError(
                    .error("index \(i) is out of range for a string of \(chars.count) characters", at: range))
            }
            return .string(String(chars[j]))
        case (.dict(let d), .string(let k)):
            guard let v = d[k] else {
                throw RenderError(
                    Diagnostic.error("'\(baseExpr.range.text)' has no key '\(k)'", at: keyExpr.range)
                        .suggesting(k, from: d.keys),
                    isUndefined: true)
            }
            return v
        case (.object(let o), .string(let k)):
            guard let v = o.attribute(k) else {
                throw missingAttribute(base, k, base: baseExpr, at: keyExpr.range)
            }
            return v
        default:
            throw RenderError(.error("cannot index \(base.typeName) with \(key.typeName)", at: range))
        }
    }

    static func items(_ n: Int) -> String { n == 1 ? "1 item" : "\(n) items" }

    func slice(
        _ base: Value, start: Expression?, stop: Expression?, step: Expression?, range: SourceRange
    ) throws
        -> Value
    {
        func bound(_ e: Expression?) throws -> Int? {
            guard let e else { return nil }
            switch try eval(e) {
            case .int(let i): return i
            case .none: return nil
            case let v:
                throw RenderError(.error("slice bounds must be integers, not \(v.typeName)", at: e.range))
            }
        }
        let lo = try bound(start)
        let hi = try bound(stop)
        let st = try bound(step) ?? 1
        guard st != 0 else { throw RenderError(.error("slice step must not be zero", at: range)) }
        func pick<T>(_ items: [T]) -> [T] {
            let n = items.count
            func clamp(_ i: Int?, _ fallback: Int, low: Int, high: Int) -> Int {
                guard var i else { return fallback }
                if i < 0 { i += n }
                return min(max(i, low), high)
            }
            var out: [T] = []
            if st > 0 {
                var i = clamp(lo, 0, low: 0, high: n)
                let end = clamp(hi, n, low: 0, high: n)
                while i < end {
                    out.append(items[i])
                    let (next, overflow) = i.addingReportingOverflow(st)
                    if overflow { break }
                    i = next
                }
            } else {
                var i = clamp(lo, n - 1, low: -1, high: n - 1)
                let end = clamp(hi, -1, low: -1, high: n - 1)
                while i > end {
                    out.append(items[i])
                    let (next, overflow) = i.addingReportingOverflow(st)
                    if overflow { break }
                    i = next
                }
            }
            return out
        }
        switch base {
        case .list(let l): return .list(pick(l.items))
        case .string(let s): return .string(String(pick(Array(s))))
        default: throw RenderError(.error("cannot slice \(base.typeName)", at: range))
        }
    }

    // MARK: - Calls

    func evaluateArguments(_ args: [Expression.Argument], function: String, range: SourceRange) throws
        -> CallArguments
    {
        var positional: [CallArguments.Argument] = []
        var keywords: [CallArguments.Keyword] = []
        for a in args {
            let arg = CallArguments.Argument(value: try eval(a.value), range: a.value.range)
            if let name = a.name, let nameRange = a.nameRange {
                keywords.append(CallArguments.Keyword(name: name, nameRange: nameRange, argument: arg))
            } else {
                positional.append(arg)
            }
        }
        return CallArguments(
            function: function, positional: positional, keywords: keywords, range: range)
    }

    func call(_ callee: Expression, _ args: [Expression.Argument], range: SourceRange) throws -> Value {
        switch callee.kind {
        case .name(let name):
            // Same order as `lookup`, but a macro is called directly without a function value.
            let f: Value
            if let v = lookupLocal(name) ?? host.global(named: name) {
                f = v
            } else if let m = resolveMacro(name) {
                return try callMacro(m, try evaluateArguments(args, function: name, range: range))
            } else if let v = builtin(name) {
                f = v
            } else {
                throw undefinedName(name, at: callee.range)
            }
            return try callValue(
                f, try evaluateArguments(args, function: name, range: range), callee: callee)
        case .attribute(let base, let name, let nameRange):
            if case .name(let ns) = base.kind, library.namespaces.contains(ns), lookupLocal(ns) == nil, host.global(named: ns) == nil {
                return try callNamespaced(ns, name, args, range: range, nameRange: nameRange)
            }
            let receiver = try eval(base)
            let function = "\(base.range.text).\(name)"
            switch receiver {
            case .string, .list:
                let arguments = try evaluateArguments(args, function: name, range: range)
                guard let v = try callMethod(receiver, name, arguments) else {
                    throw missingAttribute(receiver, name, base: base, at: nameRange)
                }
                return v
            case .dict(let d) where d[name] == nil:
                let arguments = try evaluateArguments(args, function: name, range: range)
                guard let v = try callMethod(receiver, name, arguments) else {
                    throw missingAttribute(receiver, name, base: base, at: nameRange)
                }
                return v
            default:
                guard let f = attribute(of: receiver, name) else {
                    throw missingAttribute(receiver, name, base: base, at: nameRange)
                }
                return try callValue(
                    f, try evaluateArguments(args, function: function, range: range), callee: callee)
            }
        default:
            let f = try eval(callee)
            return try callValue(
                f, try evaluateArguments(args, function: callee.range.text, range: range), callee: callee)
        }
    }

    func callValue(_ f: Value, _ arguments: CallArguments, callee: Expression) throws -> Value {
        do {
            switch f {
            case .function(let fn):
                return try fn.body(arguments)
            case .object(let o) where o.isCallable:
                return try o.call(arguments)
            default:
                throw RenderError(
                    .error(
                        "'\(callee.range.text)' is \(Evaluator.article(f.typeName)), not a function",
                        at: callee.range))
            }
        } catch let e as DiagnosticError {
            throw RenderError(diagnostics: e.diagnostics)
        } catch let e as RenderError {
            throw e
        } catch let e as ReturnSignal {
            throw e
        } catch {
            // A host function failed for a reason of its own; anchor it at the call.
            throw RenderError(.error("\(arguments.function)() failed: \(error)", at: arguments.range))
        }
    }

    static func article(_ word: String) -> String {
        guard let c = word.first else { return word }
        return ("aeiou".contains(c) ? "an " : "a ") + word
    }
}
