import SDBasics

extension Evaluator {
    static let stringMethods = [
        "capitalize", "endswith", "format", "join", "lower", "lstrip", "replace", "rstrip",
        "split", "startswith", "strip", "title", "upper",
    ]
    static let listMethods = ["append", "extend", "index", "pop"]
    static let dictMethods = ["get", "items", "keys", "update", "values"]

    /// Runs `receiver.name(args)`; nil when the receiver has no such method.
    func callMethod(_ receiver: Value, _ name: String, _ args: CallArguments) throws -> Value? {
        switch receiver {
        case .string(let s): return try stringMethod(s, name, args)
        case .list(let l): return try listMethod(l, name, args)
        case .dict(let d): return try dictMethod(d, name, args)
        default: return nil
        }
    }

    func stringMethod(_ s: String, _ name: String, _ args: CallArguments) throws -> Value? {
        switch name {
        case "upper", "lower", "capitalize", "title":
            _ = try args.bind([], required: 0)
            return .string(Evaluator.transform(s, name))
        case "strip", "lstrip", "rstrip":
            let bound = try args.bind(["chars"], required: 0)
            let side = name == "strip" ? "both" : (name == "lstrip" ? "left" : "right")
            return .string(Evaluator.trim(s, side, characters: try bound.optionalString("chars")))
        case "replace":
            let bound = try args.bind(["old", "new"], required: 2)
            return .string(Evaluator.replace(s, try bound.string("old"), try bound.string("new")))
        case "startswith", "endswith":
            let bound = try args.bind(["prefix"], required: 1)
            let p = try bound.string("prefix")
            return .bool(name == "startswith" ? s.hasPrefix(p) : s.hasSuffix(p))
        case "split":
            let bound = try args.bind(["sep", "maxsplit"], required: 0)
            let max =
                bound["maxsplit"].flatMap { if case .int(let i) = $0.value { i } else { nil } } ?? -1
            if let sep = try bound.optionalString("sep"), !sep.isEmpty {
                var parts: [Value] = []
                var rest = Substring(s)
                while max < 0 || parts.count < max, let r = rest.range(of: sep) {
                    parts.append(.string(String(rest[..<r.lowerBound])))
                    rest = rest[r.upperBound...]
                }
                parts.append(.string(String(rest)))
                return .list(parts)
            }
            return .list(s.split(whereSeparator: \.isWhitespace).map { .string(String($0)) })
        case "join":
            let bound = try args.bind(["items"], required: 1)
            guard let a = bound["items"] else { return Value.none }
            let items = try iterate(a.value, range: a.range)
            return .string(items.map(\.renderedText).joined(separator: s))
        case "format":
            return .string(try Evaluator.format(s, args))
        default:
            return nil
        }
    }

    func listMethod(_ l: TemplateList, _ name: String, _ args: CallArguments) throws -> Value? {
        switch name {
        case "append":
            let bound = try args.bind(["item"], required: 1)
            l.items.append(bound["item"]?.value ?? .none)
            return Value.none
        case "extend":
            let bound = try args.bind(["items"], required: 1)
            guard let a = bound["items"] else { return Value.none }
            l.items.append(contentsOf: try iterate(a.value, range: a.range))
            return Value.none
        case "index":
            let bound = try args.bind(["item"], required: 1)
            guard let a = bound["item"], let i = l.items.firstIndex(where: { $0.isEqual(to: a.value) })
            else {
                throw RenderError(.error("value is not in the list", at: args.range))
            }
            return .int(i)
        case "pop":
            let bound = try args.bind(["index"], required: 0)
            var i = l.items.count - 1
            if let a = bound["index"] {
                guard case .int(let k) = a.value else {
                    throw RenderError(.error("argument 'index' of pop() must be an integer", at: a.range))
                }
                i = k < 0 ? k + l.items.count : k
            }
            guard i >= 0, i < l.items.count else {
                throw RenderError(
                    .error(
                        "pop index is out of range for a list of \(Evaluator.items(l.items.count))",
                        at: args.range))
            }
            return l.items.remove(at: i)
        default:
            return nil
        }
    }

    func dictMethod(_ d: TemplateDictionary, _ name: String, _ args: CallArguments) throws -> Value? {
        switch name {
        case "get":
            let bound = try args.bind(["key", "default"], required: 1)
            let key = try bound.string("key")
            return d[key] ?? bound["default"]?.value ?? Value.none
        case "items":
            _ = try args.bind([], required: 0)
            return .list(d.entries.map { .list([.string($0.key), $0.value]) })
        case "keys":
            _ = try args.bind([], required: 0)
            return .list(d.keys.map { .string($0) })
        case "values":
            _ = try args.bind([], required: 0)
            return .list(d.entries.map(\.value))
        case "update":
            // update() takes any keywords, so only the positional part is bound.
            if args.positional.count > 1 {
                throw RenderError(
                    .error(
                        "update() takes 0 or 1 positional arguments but \(args.positional.count) were given",
                        at: args.range))
            }
            if let a = args.positional.first {
                guard case .dict(let other) = a.value else {
                    throw RenderError(.error("argument 'other' of update() must be a dict", at: a.range))
                }
                for e in other.entries { d[e.key] = e.value }
            }
            for k in args.keywords { d[k.name] = k.argument.value }
            return Value.none
        default:
            return nil
        }
    }

    /// Python `str.format` with `{}`, `{0}` and `{name}` fields (no format specs); `{{`/`}}` escape.
    static func format(_ s: String, _ args: CallArguments) throws -> String {
        var out = ""
        var auto = 0
        var chars = s.makeIterator()
        while let c = chars.next() {
            if c == "}" {
                if chars.next() != "}" {
                    throw RenderError(.error("single '}' in format string", at: args.range))
                }
                out.append("}")
                continue
            }
            guard c == "{" else {
                out.append(c)
                continue
            }
            var field = ""
            var closed = false
            while let d = chars.next() {
                if d == "{" && field.isEmpty {
                    out.append("{")
                    closed = true
                    field = "{"
                    break
                }
                if d == "}" {
                    closed = true
                    break
                }
                field.append(d)
            }
            if field == "{" { continue }
            guard closed else {
                throw RenderError(.error("unclosed '{' in format string", at: args.range))
            }
            let value: Value?
            if field.isEmpty {
                value = auto < args.positional.count ? args.positional[auto].value : nil
                auto += 1
            } else if let i = Int(field) {
                value = i < args.positional.count ? args.positional[i].value : nil
            } else {
                value = args.keyword(field)?.value
            }
            guard let value else {
                throw RenderError(
                    .error(
                        "format string refers to '{\(field)}' but no such argument was given", at: args.range))
            }
            value.write(to: &out)
        }
        return out
    }
}
