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
        let v = try eval(operand)
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
            let bound = try arguments.bind(["separator"], required: 0)
            let separator = try bound.optionalString("separator") ?? ""
            let items = try iterate(v, range: operand.range)
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
            let bound = try arguments.bind(["reverse"], required: 0)
            let reverse = bound["reverse"]?.value.isTruthy ?? false
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
            try noArguments()
            var out: [Value] = []
            for item in try iterate(v, range: operand.range)
            where !out.contains(where: { $0.isEqual(to: item) }) {
                out.append(item)
            }
            return .list(out)
        case "sum":
            try noArguments()
            var total: Value = .int(0)
            for item in try iterate(v, range: operand.range) {
                total = try binary(.add, total, item, operand, right: operand)
            }
            return total
        case "min", "max":
            try noArguments()
            let items = try iterate(v, range: operand.range)
            guard var best = items.first else { return .none }
            for item in items.dropFirst() {
                guard let o = Evaluator.order(item, best) else {
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
            throw RenderError(.error("unknown filter '\(name)'", at: nameRange))
        }
    }

    /// `map('upper')` applies a one-value filter to each item, `map(attribute='name')` reads an attribute.
    func map(_ v: Value, _ arguments: CallArguments, operand: Expression, range: SourceRange) throws -> Value {
        let bound = try arguments.bind(["filter", "attribute"], required: 0)
        let items = try iterate(v, range: operand.range)
        if let a = bound["attribute"] {
            guard case .string(let key) = a.value else {
                throw RenderError(.error("argument 'attribute' of map() must be a string", at: a.range))
            }
            return .list(items.map { attribute(of: $0, key) ?? .none })
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
