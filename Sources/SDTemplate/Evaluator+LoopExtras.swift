import SDBasics

/// Thrown by `<< break >>` / `<< continue >>` and caught by the innermost loop; the parser only
/// accepts them inside a `for` body of the same macro or call block, so nothing else sees it.
struct LoopControlSignal: Error {
    let breaks: Bool
}

extension Evaluator {
    /// The items a loop filter keeps; the filter sees the loop's names but not `loop`, as in Jinja.
    func filtered(_ items: [Value], by filter: Expression, _ loop: Node.Loop) throws -> [Value] {
        frames.append([:])
        defer { frames.removeLast() }
        let top = frames.count - 1
        var kept: [Value] = []
        for item in items {
            if loop.targets.count == 1 {
                frames[top][loop.targets[0]] = item
            } else {
                for (name, part) in zip(loop.targets, try unpack(item, count: loop.targets.count, range: loop.range)) {
                    frames[top][name] = part
                }
            }
            if try eval(filter).isTruthy { kept.append(item) }
        }
        return kept
    }

    /// `loop.depth0` of a new loop: one more than the innermost loop already running in this scope.
    func enclosingLoopDepth() -> Int {
        guard case .object(let o)? = lookupLocal("loop"), let outer = o as? LoopState else { return 0 }
        return outer.depth0 + 1
    }
}

extension Parser {
    /// `<< set ns.attr = value >>`, with `pos` on the name.
    mutating func parseAttributeSet(start: Int) throws(ParseError) -> Node {
        let (name, _) = try expectIdentifier("a variable name")
        try expect(".")
        let (attribute, _) = try expectIdentifier("an attribute name")
        if check(",") {
            throw unexpected(expected: "'=' (only one namespace attribute can be set at a time)")
        }
        try expect("=")
        let value = try parseExpression()
        try expectTagEnd()
        return .assignAttribute(name: name, attribute: attribute, value: value, range: range(from: start))
    }

    /// `<< break >>` / `<< continue >>`: an error outside a `for` body; a call block's body or a
    /// macro is a function of its own, so a loop around it does not count.
    mutating func parseLoopControl(_ keyword: String, _ openRange: SourceRange) -> Node? {
        do throws(ParseError) {
            try expectTagEnd()
        } catch {
            record(error)
            return nil
        }
        let enclosing = openBlocks.last { ["for", "call", "macro", "test"].contains($0.keyword) }
        guard enclosing?.keyword == "for" else {
            diagnostics.append(.error("'\(keyword)' outside of a 'for' loop", at: openRange))
            return nil
        }
        return .loopControl(breaks: keyword == "break")
    }
}
