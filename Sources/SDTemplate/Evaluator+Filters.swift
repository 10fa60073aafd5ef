import Foundation
import SDBasics

extension Evaluator {
    func filter(
        _ name: String, _ operand: Expression, _ args: [Expression.Argument], nameRange: SourceRange,
        range: SourceRange
    )
        throws -> Value
    {
        let arguments = try evaluateArguments(args, function: name, range: range)
        if name == "default" || name == "d" {
            let bound = try arguments.bind(["default_value", "boolean"], required: 0)
            let fallback = bound["default_value"]?.value ?? .string("")
            let onFalsy = bound["boolean"]?.value.isTruthy ?? false
            // Unlike Jinja, none also takes the default: hosts report missing settings as none.
            guard let v = try probe(operand) else { return fallback }
            if case .none = v { return fallback }
            return onFalsy && !v.isTruthy ? fallback : v
        }
        return try applyFilter(name, try eval(operand), arguments, operandRange: operand.range, nameRange: nameRange, range: range)
    }

    /// Every filter but `default`, which needs the unevaluated operand; `map('f', …)` comes here per item.
    func applyFilter(
        _ name: String, _ v: Value, _ arguments: CallArguments, operandRange: SourceRange, nameRange: SourceRange, range: SourceRange
    ) throws -> Value {
        // Stands in for the operand in the messages of the shared helpers below.
        let operand = Expression(.literal(.none), operandRange)
        func wrongType() -> RenderError {
            RenderError(.error("filter '\(name)' cannot be applied to \(v.typeName)", at: range))
        }
        func noArguments() throws {
            _ = try arguments.bind([], required: 0)
        }
        switch name {
        case "upper", "lower", "trim", "capitalize", "title":
            try noArguments()
            guard case .string(let s) = v else { throw wrongType() }
            return .string(Evaluator.transform(s, name))
        case "length", "count":
            try noArguments()
            switch v {
            case .string(let s): return .int(s.count)
            case .list(let l): return .int(l.items.count)
            case .dict(let d): return .int(d.count)
            default: throw wrongType()
            }
        case "join":
            let bound = try arguments.bind(["separator", "attribute"], required: 0)
            let separator = try bound.optionalString("separator") ?? ""
            let path = try attributeName(bound["attribute"])
            let items = try iterate(v, range: operand.range).map { path.isEmpty ? $0 : attribute(at: path, of: $0) ?? .none }
            var out = ""
            for (i, item) in items.enumerated() {
                if i > 0 { out += separator }
                item.write(to: &out)
            }
            return .string(out)
        case "replace":
            let bound = try arguments.bind(["old", "new"], required: 2)
            guard case .string(let s) = v else { throw wrongType() }
            return .string(Evaluator.replace(s, try bound.string("old"), try bound.string("new")))
        case "round":
            let bound = try arguments.bind(["precision"], required: 0)
            var precision = 0
            if let p = bound["precision"] {
                guard case .int(let i) = p.value else {
                    throw RenderError(
                        .error("argument 'precision' of round() must be an integer", at: p.range))
                }
                precision = i
            }
            switch v {
            case .int(let i): return .double(Double(i))
            case .double(let d):
                let scale = pow(10.0, Double(precision))
                return .double((d * scale).rounded(.toNearestOrAwayFromZero) / scale)
            default: throw wrongType()
            }
        case "abs":
            try noArguments()
            switch v {
            case .int(let i) where i != Int.min: return .int(abs(i))
            case .double(let d): return .double(abs(d))
            default: throw wrongType()
            }
        case "string":
            try noArguments()
            return .string(v.renderedText)
        case "int":
            let bound = try arguments.bind(["default"], required: 0)
            let fallback = bound["default"]?.value ?? .int(0)
            switch v {
            case .int: return v
            case .bool(let b): return .int(b ? 1 : 0)
            case .double(let d): return d.isFinite && abs(d) < 9e18 ? .int(Int(d)) : fallback
            case .string(let s):
                let t = s.trimmingCharacters(in: .whitespaces)
                if let i = Int(t) { return .int(i) }
                if let d = Double(t), d.isFinite, abs(d) < 9e18 { return .int(Int(d)) }
                return fallback
            default: return fallback
            }
        case "float":
            let bound = try arguments.bind(["default"], required: 0)
            let fallback = bound["default"]?.value ?? .double(0)
            switch v {
            case .int(let i): return .double(Double(i))
            case .double: return v
            case .bool(let b): return .double(b ? 1 : 0)
            case .string(let s):
                return Double(s.trimmingCharacters(in: .whitespaces)).map { .double($0) } ?? fallback
            default: return fallback
            }
        case "list":
            try noArguments()
            return .list(try iterate(v, range: operand.range))
        case "first", "last":
            try noArguments()
            let items = try iterate(v, range: operand.range)
            return (name == "first" ? items.first : items.last) ?? .none
        case "reverse":
            try noArguments()
            if case .string(let s) = v { return .string(String(s.reversed())) }
            return .list(try iterate(v, range: operand.range).reversed())
        case "sort":
            let bound = try arguments.bind(["reverse", "case_sensitive", "attribute"], required: 0)
            let reverse = bound["reverse"]?.value.isTruthy ?? false
            if bound["case_sensitive"] != nil || bound["attribute"] != nil {
                // Jinja's full form; the plain `sort` keeps comparing strings case-sensitively.
                let path = try attributeName(bound["attribute"])
                let caseSensitive = bound["case_sensitive"]?.value.isTruthy ?? false
                let out = try sorted(try iterate(v, range: operand.range), range: operand.range, caseSensitive: caseSensitive) {
                    path.isEmpty ? $0 : attribute(at: path, of: $0) ?? .none
                }
                return .list(reverse ? out.reversed() : out)
            }
            var items = try iterate(v, range: operand.range)
            var failure: (Value, Value)?
            items.sort { a, b in
                guard let o = Evaluator.order(a, b) else {
                    failure = failure ?? (a, b)
                    return false
                }
                return reverse ? o > 0 : o < 0
            }
            if let (a, b) = failure {
                throw RenderError(
                    .error("cannot sort a list that mixes \(a.typeName) and \(b.typeName)", at: operand.range)
                )
            }
            return .list(items)
        case "unique":
            let bound = try arguments.bind(["case_sensitive", "attribute"], required: 0)
            let path = try attributeName(bound["attribute"])
            let caseSensitive = bound["case_sensitive"].map { $0.value.isTruthy } ?? true
            func key(_ item: Value) -> Value {
                let k = path.isEmpty ? item : attribute(at: path, of: item) ?? .none
                if !caseSensitive, case .string(let s) = k { return .string(s.lowercased()) }
                return k
            }
            var out: [Value] = []
            var seen: [Value] = []
            for item in try iterate(v, range: operand.range) where !seen.contains(where: { $0.isEqual(to: key(item)) }) {
                seen.append(key(item))
                out.append(item)
            }
            return .list(out)
        case "sum":
            let bound = try arguments.bind(["attribute", "start"], required: 0)
            let path = try attributeName(bound["attribute"])
            var total: Value = bound["start"]?.value ?? .int(0)
            for item in try iterate(v, range: operand.range) {
                let x = path.isEmpty ? item : attribute(at: path, of: item) ?? .none
                total = try binary(.add, total, x, operand, right: operand)
            }
            return total
        case "min", "max":
            let bound = try arguments.bind(["case_sensitive", "attribute"], required: 0)
            let path = try attributeName(bound["attribute"])
            let caseSensitive = bound["case_sensitive"].map { $0.value.isTruthy } ?? true
            func key(_ item: Value) -> Value {
                let k = path.isEmpty ? item : attribute(at: path, of: item) ?? .none
                if !caseSensitive, case .string(let s) = k { return .string(s.lowercased()) }
                return k
            }
            let items = try iterate(v, range: operand.range)
            guard var best = items.first else { return .none }
            for item in items.dropFirst() {
                guard let o = Evaluator.order(key(item), key(best)) else {
                    throw RenderError(
                        .error("cannot compare \(item.typeName) and \(best.typeName) in '\(name)'", at: operand.range))
                }
                if name == "min" ? o < 0 : o > 0 { best = item }
            }
            return best
        case "map":
            return try map(v, arguments, operand: operand, range: range)
        case "tojson":
            // Keys sorted, as Jinja's tojson does, so the output is stable.
            try noArguments()
            return .string(v.json.serialized(indent: 0))
        default:
            return try moreFilters(name, v, arguments, operandRange: operandRange, nameRange: nameRange, range: range)
        }
    }

    /// `map('upper')` applies a one-value filter to each item, `map(attribute='name')` reads an attribute.
    func map(_ v: Value, _ arguments: CallArguments, operand: Expression, range: SourceRange) throws -> Value {
        let items = try iterate(v, range: operand.range)
        if let first = arguments.positional.first, case .string(let filterName) = first.value, Parser.filterNames.contains(filterName),
            !["default", "d", "map"].contains(filterName)
        {
            // Jinja's `map('replace', 'a', 'b')`: any filter with its arguments, applied per item.
            let rest = CallArguments(
                function: filterName, positional: Array(arguments.positional.dropFirst()), keywords: arguments.keywords, range: range)
            return .list(try items.map { try applyFilter(filterName, $0, rest, operandRange: operand.range, nameRange: first.range, range: range) })
        }
        let bound = try arguments.bind(["filter", "attribute", "default"], required: 0)
        if let a = bound["attribute"] {
            guard case .string = a.value else {
                throw RenderError(.error("argument 'attribute' of map() must be a string", at: a.range))
            }
            let path = try attributeName(a)
            return .list(items.map { attribute(at: path, of: $0) ?? bound["default"]?.value ?? .none })
        }
        let allowed = ["capitalize", "length", "lower", "string", "title", "trim", "upper"]
        guard let f = bound["filter"], case .string(let filterName) = f.value, allowed.contains(filterName) else {
            throw RenderError(
                .error(
                    "map() needs attribute='name' or one of \(allowed.map { "'\($0)'" }.joined(separator: ", "))",
                    at: range))
        }
        var out: [Value] = []
        for item in items {
            switch (filterName, item) {
            case ("string", _): out.append(.string(item.renderedText))
            case ("length", .string(let s)): out.append(.int(s.count))
            case ("length", .list(let l)): out.append(.int(l.items.count))
            case ("length", .dict(let d)): out.append(.int(d.count))
            case (_, .string(let s)) where filterName != "length":
                out.append(.string(Evaluator.transform(s, filterName)))
            default:
                throw RenderError(
                    .error("map('\(filterName)') cannot be applied to \(item.typeName)", at: operand.range))
            }
        }
        return .list(out)
    }

    static func transform(_ s: String, _ name: String) -> String {
        switch name {
        case "upper": return s.uppercased()
        case "lower": return s.lowercased()
        case "trim": return trim(s, "both")
        case "capitalize": return s.prefix(1).uppercased() + s.dropFirst().lowercased()
        default: return s.capitalized
        }
    }

    /// Strips Unicode whitespace from one or both ends.
    static func trim(_ s: String, _ side: String, characters: String? = nil) -> String {
        let strip: (Character) -> Bool =
            characters.map { set in { set.contains($0) } } ?? { $0.isWhitespace }
        var sub = Substring(s)
        if side != "right" { sub = sub.drop(while: strip) }
        if side != "left" {
            while let last = sub.last, strip(last) { sub = sub.dropLast() }
        }
        return String(sub)
    }

    static func replace(_ s: String, _ old: String, _ new: String) -> String {
        guard !old.isEmpty else { return s }
        return s.replacingOccurrences(of: old, with: new)
    }
}
