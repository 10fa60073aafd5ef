import SDBasics

/// Walks a template's nodes collecting literal-argument calls to the wanted names.
struct StaticCallFinder {
    let names: Set<String>
    var calls: [StaticCall] = []

    mutating func visit(_ nodes: [Node]) {
        for node in nodes {
            switch node {
            case .text: break
            case .output(let e), .evaluate(let e): visit(e)
            case .conditional(let branches, let otherwise):
                for b in branches {
                    visit(b.condition)
                    visit(b.body)
                }
                if let otherwise { visit(otherwise) }
            case .loop(let l):
                visit(l.iterable)
                if let f = l.filter { visit(f) }
                visit(l.body)
                if let o = l.otherwise { visit(o) }
            case .assign(_, let value, _), .assignAttribute(_, _, let value, _): visit(value)
            case .loopControl: break
            case .filterBlock(let filter, let body):
                visit(filter)
                visit(body)
            case .assignBlock(_, let body): visit(body)
            case .callBlock(let c):
                visit(c.call)
                visit(c.body)
            }
        }
    }

    static func literal(_ e: Expression) -> StaticCall.Literal? {
        switch e.kind {
        case .literal(let l):
            switch l {
            case .none: return StaticCall.Literal.none
            case .bool(let b): return .bool(b)
            case .int(let i): return .int(i)
            case .double(let d): return .double(d)
            case .string(let s): return .string(s)
            }
        case .negate(let inner):
            switch literal(inner) {
            case .int(let i): return .int(-i)
            case .double(let d): return .double(-d)
            default: return nil
            }
        default:
            return nil
        }
    }

    mutating func visit(_ e: Expression) {
        switch e.kind {
        case .literal, .name: break
        case .list(let items): for item in items { visit(item) }
        case .dict(let pairs):
            for p in pairs {
                visit(p.key)
                visit(p.value)
            }
        case .attribute(let b, _, _): visit(b)
        case .index(let a, let b):
            visit(a)
            visit(b)
        case .slice(let a, let b, let c, let d):
            visit(a)
            for x in [b, c, d] { if let x { visit(x) } }
        case .call(let callee, let args):
            visit(callee)
            for item in args { visit(item.value) }
            if case .name(let n) = callee.kind, names.contains(n) {
                var positional: [(value: StaticCall.Literal, range: SourceRange)] = []
                var keywords: [(name: String, value: StaticCall.Literal, range: SourceRange)] = []
                for a in args {
                    guard let v = StaticCallFinder.literal(a.value) else { return }
                    if let name = a.name {
                        keywords.append((name, v, a.value.range))
                    } else {
                        positional.append((v, a.value.range))
                    }
                }
                calls.append(
                    StaticCall(name: n, positional: positional, keywords: keywords, range: e.range))
            }
        case .negate(let a), .not(let a): visit(a)
        case .binary(_, let a, let b), .and(let a, let b), .or(let a, let b):
            visit(a)
            visit(b)
        case .compare(let a, let rest):
            visit(a)
            for item in rest { visit(item.1) }
        case .test(let a, _, let args, _):
            visit(a)
            for item in args { visit(item) }
        case .filter(let a, _, _, let args):
            visit(a)
            for item in args { visit(item.value) }
        case .conditional(let a, let b, let c):
            visit(a)
            visit(b)
            if let c { visit(c) }
        }
    }
}
