import Foundation
import SDBasics

/// Jinja's filters beyond the first set (Jinja's "List of Builtin Filters"), chosen by what dbt
/// projects and packages use: selecting and grouping items by attribute, dict helpers, text helpers.
extension Evaluator {
    func moreFilters(
        _ name: String, _ v: Value, _ arguments: CallArguments, operandRange: SourceRange, nameRange: SourceRange, range: SourceRange
    ) throws -> Value {
        func wrongType() -> RenderError {
            RenderError(.error("filter '\(name)' cannot be applied to \(v.typeName)", at: range))
        }
        switch name {
        case "select", "reject", "selectattr", "rejectattr":
            return .list(try selectItems(name, try iterate(v, range: operandRange), arguments))
        case "attr":
            let bound = try arguments.bind(["name"], required: 1)
            return attribute(of: v, try bound.string("name")) ?? .none
        case "items":
            _ = try arguments.bind([], required: 0)
            guard case .dict(let d) = v else { throw wrongType() }
            return .list(d.entries.map { .list([.string($0.key), $0.value]) })
        case "dictsort":
            let bound = try arguments.bind(["case_sensitive", "by", "reverse"], required: 0)
            guard case .dict(let d) = v else { throw wrongType() }
            let byValue = try bound.optionalString("by") == "value"
            let caseSensitive = bound["case_sensitive"]?.value.isTruthy ?? false
            let pairs = try sorted(d.entries.map { Value.list([.string($0.key), $0.value]) }, range: operandRange, caseSensitive: caseSensitive) {
                guard case .list(let pair) = $0 else { return $0 }
                return pair.items[byValue ? 1 : 0]
            }
            return .list(bound["reverse"]?.value.isTruthy == true ? pairs.reversed() : pairs)
        case "groupby":
            let bound = try arguments.bind(["attribute", "default"], required: 1)
            let path = try attributeName(bound["attribute"])
            var groups: [(key: Value, items: [Value])] = []
            for item in try iterate(v, range: operandRange) {
                let key = attribute(at: path, of: item) ?? bound["default"]?.value ?? .none
                if let i = groups.firstIndex(where: { $0.key.isEqual(to: key) }) {
                    groups[i].items.append(item)
                } else {
                    groups.append((key, [item]))
                }
            }
            let keys = try sorted(groups.map(\.key), range: operandRange, caseSensitive: true) { $0 }
            return .list(
                keys.compactMap { key in
                    groups.first { $0.key.isEqual(to: key) }.map { Value.dict([("grouper", $0.key), ("list", .list($0.items))]) }
                })
        case "batch":
            let bound = try arguments.bind(["linecount", "fill_with"], required: 1)
            guard case .int(let size)? = bound["linecount"]?.value, size > 0 else {
                throw RenderError(.error("batch() needs a positive integer size", at: range))
            }
            let items = try iterate(v, range: operandRange)
            var out: [Value] = []
            var start = 0
            while start < items.count {
                var chunk = Array(items[start..<min(start + size, items.count)])
                if chunk.count < size, let fill = bound["fill_with"]?.value {
                    chunk += Array(repeating: fill, count: size - chunk.count)
                }
                out.append(.list(chunk))
                start += size
            }
            return .list(out)
        case "indent":
            let bound = try arguments.bind(["width", "first", "blank"], required: 0)
            guard case .string(let s) = v else { throw wrongType() }
            let pad: String
            switch bound["width"]?.value {
            case .int(let n)?: pad = String(repeating: " ", count: max(0, n))
            case .string(let p)?: pad = p
            default: pad = "    "
            }
            let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
            let first = bound["first"]?.value.isTruthy ?? false
            let blank = bound["blank"]?.value.isTruthy ?? false
            return .string(
                lines.enumerated().map { i, line in
                    (i == 0 && !first) || (line.isEmpty && !blank) ? String(line) : pad + line
                }.joined(separator: "\n"))
        case "center":
            let bound = try arguments.bind(["width"], required: 0)
            guard case .string(let s) = v else { throw wrongType() }
            guard case .int(let width) = bound["width"]?.value ?? .int(80) else { throw wrongType() }
            let total = max(0, width - s.count)
            // Python's str.center puts the odd space on the right when the text length is even.
            let left = total / 2 + (total % 2 == 1 && width % 2 == 1 ? 1 : 0)
            return .string(String(repeating: " ", count: left) + s + String(repeating: " ", count: total - left))
        case "wordcount":
            _ = try arguments.bind([], required: 0)
            guard case .string(let s) = v else { throw wrongType() }
            return .int(s.split { !($0.isLetter || $0.isNumber || $0 == "_") }.count)
        case "truncate":
            let bound = try arguments.bind(["length", "killwords", "end", "leeway"], required: 0)
            guard case .string(let s) = v else { throw wrongType() }
            guard case .int(let length) = bound["length"]?.value ?? .int(255) else { throw wrongType() }
            let end = try bound.optionalString("end") ?? "..."
            guard case .int(let leeway) = bound["leeway"]?.value ?? .int(5) else { throw wrongType() }
            if s.count <= length + leeway { return v }
            let keep = max(0, length - end.count)
            var cut = String(s.prefix(keep))
            if !(bound["killwords"]?.value.isTruthy ?? false), let space = cut.lastIndex(of: " ") {
                cut = String(cut[..<space])
            }
            return .string(cut + end)
        case "format":
            // `'%s-%s' | format(a, b)`: printf style with %s, %d and %%, as Jinja's format filter.
            guard case .string(let s) = v else { throw wrongType() }
            return .string(try Evaluator.percentFormat(s, arguments))
        case "safe", "e", "escape", "forceescape":
            // dbt renders SQL, not HTML: autoescaping is off, so these leave text alone.
            _ = try arguments.bind([], required: 0)
            return v
        case "pprint":
            _ = try arguments.bind([], required: 0)
            return .string(v.renderedText)
        case "slice":
            let bound = try arguments.bind(["slices", "fill_with"], required: 1)
            guard case .int(let n)? = bound["slices"]?.value, n > 0 else {
                throw RenderError(.error("slice() needs a positive integer count", at: range))
            }
            let items = try iterate(v, range: operandRange)
            let per = items.count / n
            let extra = items.count % n
            var out: [Value] = []
            var offset = 0
            for i in 0..<n {
                let size = per + (i < extra ? 1 : 0)
                var chunk = Array(items[offset..<(offset + size)])
                offset += size
                if i >= extra, extra > 0, let fill = bound["fill_with"]?.value { chunk.append(fill) }
                out.append(.list(chunk))
            }
            return .list(out)
        default:
            throw RenderError(.error("unknown filter '\(name)'", at: nameRange))
        }
    }

    /// `select('odd')`, `reject('none')`, `selectattr('active')`, `selectattr('n', 'gt', 2)`.
    func selectItems(_ name: String, _ items: [Value], _ arguments: CallArguments) throws -> [Value] {
        let byAttribute = name.hasSuffix("attr")
        var rest = arguments.positional
        var path: [String] = []
        if byAttribute {
            guard !rest.isEmpty else {
                throw RenderError(.error("\(name)() needs the attribute name as its first argument", at: arguments.range))
            }
            path = try attributeName(rest.removeFirst())
        }
        if let k = arguments.keywords.first {
            throw RenderError(.error("\(name)() takes no keyword arguments", at: k.nameRange))
        }
        var testName: String?
        if !rest.isEmpty {
            let t = rest.removeFirst()
            guard case .string(let s) = t.value else {
                throw RenderError(.error("the test of \(name)() must be a name such as 'none', not \(t.value.typeName)", at: t.range))
            }
            guard Evaluator.valueTestNames.contains(s) else {
                throw RenderError(Diagnostic.error("unknown test '\(s)'", at: t.range).suggesting(s, from: Evaluator.valueTestNames))
            }
            testName = s
        }
        let keep = !name.hasPrefix("reject")
        var out: [Value] = []
        for item in items {
            // A missing attribute is undefined, which no test but `undefined` accepts.
            let subject = byAttribute ? attribute(at: path, of: item) : item
            let passes: Bool
            if let testName {
                if testName == "defined" || testName == "undefined" {
                    passes = (subject != nil) == (testName == "defined")
                } else if let subject {
                    passes = try testValue(testName, subject, rest.map(\.value), operandRange: arguments.range, range: arguments.range)
                } else {
                    passes = false
                }
            } else {
                passes = subject?.isTruthy ?? false
            }
            if passes == keep { out.append(item) }
        }
        return out
    }

    /// An `attribute=` argument split at dots (`'address.city'`, `'0'` for an index), as Jinja reads it.
    func attributeName(_ a: CallArguments.Argument?) throws -> [String] {
        guard let a else { return [] }
        switch a.value {
        case .string(let s): return s.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        case .int(let i): return [String(i)]
        default: throw RenderError(.error("an attribute name must be a string, not \(a.value.typeName)", at: a.range))
        }
    }

    /// The value at a dotted attribute path, or nil where a part is missing.
    func attribute(at path: [String], of value: Value) -> Value? {
        var v = value
        for part in path {
            if case .list(let l) = v, let i = Int(part) {
                guard i >= 0, i < l.items.count else { return nil }
                v = l.items[i]
            } else if let next = attribute(of: v, part), !Evaluator.isMethod(v, part) {
                v = next
            } else {
                return nil
            }
        }
        return v
    }

    /// Whether `attribute(of:)` would give a bound method rather than data (`d.items` when `d` has no key `items`).
    static func isMethod(_ v: Value, _ name: String) -> Bool {
        switch v {
        case .dict(let d): d[name] == nil
        case .string, .list: true
        default: false
        }
    }

    /// `items` sorted by `key`, strings compared ignoring case unless `caseSensitive`.
    func sorted(_ items: [Value], range: SourceRange, caseSensitive: Bool, key: (Value) -> Value) throws -> [Value] {
        func k(_ v: Value) -> Value {
            let raw = key(v)
            if !caseSensitive, case .string(let s) = raw { return .string(s.lowercased()) }
            return raw
        }
        var failure: (Value, Value)?
        let out = items.enumerated().sorted { a, b in
            guard let o = Evaluator.order(k(a.element), k(b.element)) else {
                failure = failure ?? (a.element, b.element)
                return false
            }
            return o == 0 ? a.offset < b.offset : o < 0
        }.map(\.element)
        if let (a, b) = failure {
            throw RenderError(.error("cannot sort a list that mixes \(key(a).typeName) and \(key(b).typeName)", at: range))
        }
        return out
    }

    /// Python's `%` formatting for `%s`, `%d`, `%i`, `%f` (six decimals) and `%%`, positional only.
    static func percentFormat(_ s: String, _ arguments: CallArguments) throws -> String {
        var out = ""
        var args = arguments.positional.makeIterator()
        var chars = s.makeIterator()
        while let c = chars.next() {
            guard c == "%" else {
                out.append(c)
                continue
            }
            guard let spec = chars.next() else { break }
            if spec == "%" {
                out.append("%")
                continue
            }
            guard let a = args.next() else {
                throw DiagnosticError(.error("not enough arguments for format string '\(s)'", at: arguments.range))
            }
            switch (spec, a.value) {
            case ("s", let v): v.write(to: &out)
            case ("d", .int(let i)), ("i", .int(let i)): out += String(i)
            case ("d", .double(let d)), ("i", .double(let d)): out += String(Int(d))
            case ("f", .int(let i)): out += String(format: "%.6f", Double(i))
            case ("f", .double(let d)): out += String(format: "%.6f", d)
            default:
                throw DiagnosticError(.error("format '%\(spec)' cannot take \(a.value.typeName)", at: a.range))
            }
        }
        return out
    }
}
