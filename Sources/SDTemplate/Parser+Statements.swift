import SDBasics

extension Parser {
    /// Parses a statement tag (and for blocks, everything up to the matching end tag).
    mutating func parseStatement(_ keyword: String) -> Node? {
        guard let open = advance(), let kw = advance() else { return nil }
        let openRange = range(open.bytes.lowerBound..<kw.bytes.upperBound)
        switch keyword {
        case "if": return parseIf(openRange)
        case "call": return parseCall(openRange)
        case "break", "continue": return parseLoopControl(keyword, openRange)
        case "raw": return parseRaw(openRange)
        case "filter": return parseFilterBlock(openRange)
        case "for": return parseFor(openRange, start: open.bytes.lowerBound)
        case "set": return parseSet(openRange, start: open.bytes.lowerBound)
        case "macro", "test":
            parseMacro(isTest: keyword == "test", openRange: openRange, start: open.bytes.lowerBound)
            return nil
        case "do":
            do {
                let e = try parseExpression()
                try expectTagEnd()
                return .evaluate(e)
            } catch {
                record(error)
                return nil
            }
        default:
            return nil
        }
    }

    mutating func parseIf(_ openRange: SourceRange) -> Node? {
        var condition: Expression?
        do {
            condition = try parseExpression()
            try expectTagEnd()
        } catch {
            record(error)
        }
        var branches: [(condition: Expression, body: [Node])] = []
        var otherwise: [Node]?
        var terminators: Set<String> = ["elif", "else", "endif"]
        openBlocks.append(OpenBlock(keyword: "if", terminators: terminators, range: openRange))
        defer { openBlocks.removeLast() }
        var inElse = false
        while true {
            let (body, end) = parseBody(terminators: terminators)
            if inElse {
                otherwise = body
            } else {
                branches.append((condition ?? Expression(.literal(.bool(false)), openRange), body))
            }
            guard case .end(let keyword, _, let elifCondition) = end else {
                reportMissingEnd(end, expected: "endif", opener: openRange, openerKeyword: "if")
                break
            }
            if keyword == "endif" { break }
            if keyword == "else" {
                inElse = true
                terminators = ["endif"]
                openBlocks[openBlocks.count - 1].terminators = terminators
            } else {
                condition = elifCondition
            }
        }
        return .conditional(branches, otherwise: otherwise)
    }

    mutating func parseTargets() throws(ParseError) -> [String] {
        var names = [try expectIdentifier("a variable name").0]
        while accept(",") {
            names.append(try expectIdentifier("a variable name").0)
        }
        return names
    }

    mutating func parseFor(_ openRange: SourceRange, start: Int) -> Node? {
        var header: (targets: [String], iterable: Expression, filter: Expression?)?
        do throws(ParseError) {
            let targets = try parseTargets()
            try expect("in")
            // Parsed below the inline `if` so that `for x in xs if c` is Jinja's loop filter and
            // not `xs if c else none`.
            let iterable = try parseOr()
            let filter = accept("if") ? try parseExpression() : nil
            try expectTagEnd()
            header = (targets, iterable, filter)
        } catch {
            record(error)
        }
        let headerRange = range(from: start)
        openBlocks.append(OpenBlock(keyword: "for", terminators: ["else", "endfor"], range: openRange))
        defer { openBlocks.removeLast() }
        var (body, end) = parseBody(terminators: ["else", "endfor"])
        var otherwise: [Node]?
        if case .end("else", _, _) = end {
            openBlocks[openBlocks.count - 1].terminators = ["endfor"]
            let (elseBody, elseEnd) = parseBody(terminators: ["endfor"])
            otherwise = elseBody
            end = elseEnd
        }
        if case .end = end {
        } else {
            reportMissingEnd(end, expected: "endfor", opener: openRange, openerKeyword: "for")
        }
        guard let header else { return nil }
        _ = body
        return .loop(
            Node.Loop(
                targets: header.targets, iterable: header.iterable, filter: header.filter, body: body, otherwise: otherwise,
                range: headerRange))
    }

    mutating func parseSet(_ openRange: SourceRange, start: Int) -> Node? {
        do {
            if let t = current, t.kind == .identifier, tokenIs(token(at: pos + 1), ".") {
                return try parseAttributeSet(start: start)
            }
            let targets = try parseTargets()
            if let t = current, t.kind == .tagClose, targets.count == 1 {
                _ = advance()
                openBlocks.append(OpenBlock(keyword: "set", terminators: ["endset"], range: openRange))
                defer { openBlocks.removeLast() }
                let (body, end) = parseBody(terminators: ["endset"])
                if case .end = end {
                } else {
                    reportMissingEnd(end, expected: "endset", opener: openRange, openerKeyword: "set")
                }
                return .assignBlock(target: targets[0], body: body)
            }
            try expect("=")
            let valueStart = current?.bytes.lowerBound ?? lastEnd
            var value = try parseExpression()
            if check(",") {
                var items = [value]
                while accept(",") {
                    items.append(try parseExpression())
                }
                value = Expression(.list(items), range(from: valueStart))
            }
            try expectTagEnd()
            return .assign(targets: targets, value: value, range: range(from: start))
        } catch {
            record(error)
            return nil
        }
    }

    mutating func parseMacro(isTest: Bool, openRange: SourceRange, start: Int) {
        let keyword = isTest ? "test" : "macro"
        let endKeyword = isTest ? "endtest" : "endmacro"
        var header: (name: String, nameRange: SourceRange, parameters: [MacroDefinition.Parameter])?
        if !openBlocks.isEmpty {
            diagnostics.append(
                .error(
                    "'\(keyword)' definitions are only allowed at the top level of a file", at: openRange))
        }
        do {
            let (name, nameRange) = try expectIdentifier("a \(keyword) name")
            try expect("(")
            let parameters = try parseParameters(of: "\(keyword) '\(name)'")
            try expectTagEnd()
            header = (name, nameRange, parameters)
        } catch {
            record(error)
        }
        let nested = !openBlocks.isEmpty
        openBlocks.append(OpenBlock(keyword: keyword, terminators: [endKeyword], range: openRange))
        let (body, end) = parseBody(terminators: [endKeyword])
        openBlocks.removeLast()
        if case .end = end {
        } else {
            reportMissingEnd(end, expected: endKeyword, opener: openRange, openerKeyword: keyword)
        }
        guard let header, !nested else { return }
        let definition = MacroDefinition(
            name: header.name, nameRange: header.nameRange, range: range(from: start),
            parameters: header.parameters,
            isTest: isTest, body: body)
        let existing = (isTest ? tests : macros).first { $0.name == header.name }
        if let existing {
            // Reported here so a model's own macros are checked too; the library never sees the copy.
            diagnostics.append(
                .error(
                    "duplicate \(keyword) '\(header.name)'", at: header.nameRange,
                    notes: [.note("'\(header.name)' first defined here", at: existing.nameRange)]))
            return
        }
        if isTest { tests.append(definition) } else { macros.append(definition) }
    }
}
