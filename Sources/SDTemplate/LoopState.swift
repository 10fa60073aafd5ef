import SDBasics

/// The `loop` variable of a `for` block; updated in place on each iteration.
final class LoopState: TemplateObject {
    var index0 = 0
    let items: [Value]
    /// 0 for an outermost loop, 1 for a loop inside it, … (Jinja's `loop.depth0`).
    let depth0: Int
    /// The values `loop.changed(…)` saw last; nil before its first call.
    var lastChanged: [Value]?

    init(items: [Value], depth0: Int) {
        self.items = items
        self.depth0 = depth0
    }

    var length: Int { items.count }
    var typeName: String { "loop" }
    var renderedText: String { "<loop \(index0 + 1) of \(length)>" }
    var attributeNames: [String] {
        [
            "index", "index0", "revindex", "revindex0", "first", "last", "length", "previtem", "nextitem", "depth",
            "depth0", "cycle", "changed",
        ]
    }

    /// `previtem` on the first and `nextitem` on the last iteration are undefined, as in Jinja, so
    /// `loop.previtem is defined` and `loop.previtem | default(x)` work and a bare use is an error.
    func attribute(_ name: String) -> Value? {
        switch name {
        case "index": .int(index0 + 1)
        case "index0": .int(index0)
        case "revindex": .int(length - index0)
        case "revindex0": .int(length - index0 - 1)
        case "first": .bool(index0 == 0)
        case "last": .bool(index0 == length - 1)
        case "length": .int(length)
        case "previtem": index0 > 0 ? items[index0 - 1] : nil
        case "nextitem": index0 + 1 < length ? items[index0 + 1] : nil
        case "depth": .int(depth0 + 1)
        case "depth0": .int(depth0)
        case "cycle":
            .function("loop.cycle") { [unowned self] args in
                guard !args.positional.isEmpty, args.keywords.isEmpty else {
                    throw DiagnosticError(.error("loop.cycle() takes one or more values to cycle through", at: args.range))
                }
                return args.positional[self.index0 % args.positional.count].value
            }
        case "changed":
            .function("loop.changed") { [unowned self] args in
                // True on the first call and whenever the values differ from the previous call's.
                let values = args.positional.map(\.value)
                if let last = self.lastChanged, last.count == values.count, zip(last, values).allSatisfy({ $0.isEqual(to: $1) }) {
                    return .bool(false)
                }
                self.lastChanged = values
                return .bool(true)
            }
        default: nil
        }
    }
}
