import SDBasics

/// dbt's context functions that are pure data helpers (docs.getdbt.com, "dbt Jinja functions"):
/// `fromjson`, `tojson`, `zip`, `set`. They belong to the language rather than a host because they
/// need nothing from the project.
extension Evaluator {
    static let contextFunctionNames = ["fromjson", "set", "tojson", "zip"]

    static func contextFunction(_ name: String) -> Value? {
        switch name {
        case "fromjson":
            return .function("fromjson") { args in
                // dbt returns `default` (none) for text that is not JSON instead of failing.
                let bound = try args.bind(["string", "default"], required: 1)
                let text = try bound.string("string")
                guard let json = try? JSONValue.parse(text) else { return bound["default"]?.value ?? .none }
                return Value.fromJSON(json)
            }
        case "tojson":
            return .function("tojson") { args in
                let bound = try args.bind(["value", "default", "sort_keys"], required: 1)
                return .string(bound["value"]?.value.json.serialized(indent: 0) ?? "null")
            }
        case "zip":
            return .function("zip") { args in
                if let k = args.keywords.first {
                    throw DiagnosticError(.error("zip() takes no keyword arguments", at: k.nameRange))
                }
                var lists: [[Value]] = []
                for a in args.positional {
                    guard case .list(let l) = a.value else {
                        throw DiagnosticError(.error("zip() takes lists, not \(a.value.typeName)", at: a.range))
                    }
                    lists.append(l.items)
                }
                let n = lists.map(\.count).min() ?? 0
                return .list((0..<n).map { i in .list(lists.map { $0[i] }) })
            }
        case "set":
            // A Python set has no order; a list without duplicates in first-seen order is the
            // closest value this language has, and it renders deterministically.
            return .function("set") { args in
                let bound = try args.bind(["value", "default"], required: 1)
                guard case .list(let l)? = bound["value"]?.value else { return bound["default"]?.value ?? .none }
                var out: [Value] = []
                for item in l.items where !out.contains(where: { $0.isEqual(to: item) }) { out.append(item) }
                return .list(out)
            }
        default:
            return nil
        }
    }
}

extension Value {
    /// A template value from parsed JSON; object keys sorted, since JSON objects have no order.
    static func fromJSON(_ json: JSONValue) -> Value {
        switch json {
        case .null: .none
        case .bool(let b): .bool(b)
        case .int(let i): .int(i)
        case .double(let d): .double(d)
        case .string(let s): .string(s)
        case .array(let a): .list(a.map { fromJSON($0) })
        case .object(let o): .dict(o.keys.sorted().map { ($0, fromJSON(o[$0] ?? .null)) })
        }
    }
}
