extension Value {
    /// The text `<< value >>` outputs: none is empty, booleans are `true`/`false`, floats use the
    /// shortest form that reads back the same, lists and dicts a Python-like literal.
    public var renderedText: String {
        var out = ""
        write(to: &out)
        return out
    }

    /// Appends the rendered text as UTF-8; strings and integers skip the intermediate String.
    func write(bytes out: inout [UInt8]) {
        switch self {
        case .string(let s): out.append(contentsOf: s.utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .none: break
        default:
            var s = ""
            write(to: &s)
            out.append(contentsOf: s.utf8)
        }
    }

    func write(to out: inout String) {
        switch self {
        case .none: break
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += Value.format(d)
        case .string(let s): out += s
        case .list, .dict: writeLiteral(to: &out)
        case .function(let f): out += "<function \(f.name)>"
        case .object(let o): out += o.renderedText
        }
    }

    /// Python `repr`-like text, used inside lists and dicts.
    func writeLiteral(to out: inout String) {
        switch self {
        case .none: out += "None"
        case .bool(let b): out += b ? "True" : "False"
        case .string(let s):
            out += "'"
            for c in s.unicodeScalars {
                switch c {
                case "'": out += "\\'"
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                case "\r": out += "\\r"
                default: out.unicodeScalars.append(c)
                }
            }
            out += "'"
        case .list(let l):
            out += "["
            for (i, v) in l.items.enumerated() {
                if i > 0 { out += ", " }
                v.writeLiteral(to: &out)
            }
            out += "]"
        case .dict(let d):
            out += "{"
            for (i, e) in d.entries.enumerated() {
                if i > 0 { out += ", " }
                Value.string(e.key).writeLiteral(to: &out)
                out += ": "
                e.value.writeLiteral(to: &out)
            }
            out += "}"
        default: write(to: &out)
        }
    }

    /// Shortest round-tripping form; whole numbers keep `.0` as in Python.
    static func format(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return d.description
    }

    /// Equality as the language sees it: numbers compare across int and float, lists and dicts
    /// by content, objects by identity.
    func isEqual(to other: Value) -> Bool {
        switch (self, other) {
        case (.none, .none): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)): return Double(a) == b
        case (.string(let a), .string(let b)): return a == b
        case (.list(let a), .list(let b)):
            return a.items.count == b.items.count
                && zip(a.items, b.items).allSatisfy { $0.isEqual(to: $1) }
        case (.dict(let a), .dict(let b)):
            return a.count == b.count
                && a.entries.allSatisfy { e in b[e.key].map { e.value.isEqual(to: $0) } ?? false }
        case (.object(let a), .object(let b)): return a === b
        default: return false
        }
    }
}
