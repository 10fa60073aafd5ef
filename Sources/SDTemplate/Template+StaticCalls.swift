import SDBasics

extension Template {
    /// Every call to one of `names` (by plain name, anywhere in the file including its macros)
    /// whose arguments are all literals, in source order.
    public func staticCalls(to names: Set<String>) -> [StaticCall] {
        var finder = StaticCallFinder(names: names)
        finder.visit(nodes)
        for m in macros + tests {
            for p in m.parameters { if let d = p.defaultValue { finder.visit(d) } }
            finder.visit(m.body)
        }
        return finder.calls.sorted { $0.range.bytes.lowerBound < $1.range.bytes.lowerBound }
    }
}
