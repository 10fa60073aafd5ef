import SDBasics

extension Parser {
    /// The name a filter block's rendered body is bound to while its filters run; a space keeps
    /// it out of reach of template code.
    static let filterBlockInput = " filter block"

    /// `<< filter upper >>` or `<< filter replace('a', 'b') | trim >>` … `<< endfilter >>`: the
    /// filters become an expression over `filterBlockInput` so they are checked and evaluated
    /// exactly as `value | upper` would be.
    mutating func parseFilterBlock(_ openRange: SourceRange) -> Node? {
        var filter: Expression?
        do throws(ParseError) {
            let start = current?.bytes.lowerBound ?? lastEnd
            let input = Expression(.name(Parser.filterBlockInput), range(start..<start))
            let (name, nameRange) = try expectIdentifier("a filter name")
            if !Parser.filterNames.contains(name) {
                diagnostics.append(
                    Diagnostic.error("unknown filter '\(name)'", at: nameRange).suggesting(name, from: Parser.filterNames))
            }
            let args = check("(") ? try parseArguments() : []
            let first = Expression(.filter(input, name: name, nameRange: nameRange, arguments: args), range(from: start))
            filter = try parseFiltersAndTests(first, start: start)
            try expectTagEnd()
        } catch {
            record(error)
        }
        openBlocks.append(OpenBlock(keyword: "filter", terminators: ["endfilter"], range: openRange))
        defer { openBlocks.removeLast() }
        let (body, end) = parseBody(terminators: ["endfilter"])
        if case .end = end {
        } else {
            reportMissingEnd(end, expected: "endfilter", opener: openRange, openerKeyword: "filter")
        }
        guard let filter else { return nil }
        return .filterBlock(filter: filter, body: body)
    }

    /// The hint for a Jinja statement swiftdbt has no equivalent of, naming what to write instead.
    static func unsupportedHint(_ word: String) -> String {
        switch word {
        case "import", "from":
            return "every macro in the project's macro files is already callable by its name; call it directly"
        case "include":
            return "put the shared text in a macro and call it"
        case "extends", "block", "endblock":
            return "template inheritance has no equivalent; put the shared parts in macros"
        default:
            return "see docs/template-language.md for the supported statements"
        }
    }
}

extension Evaluator {
    /// Renders a filter block's body, then writes the body's text passed through the filters.
    func renderFilterBlock(filter: Expression, body: [Node]) throws {
        let saved = output
        let savedSegments = segments
        output = []
        let text: String
        do {
            defer {
                output = saved
                segments = savedSegments
            }
            try render(body)
            text = String(decoding: output, as: UTF8.self)
        }
        frames.append([Parser.filterBlockInput: .string(text)])
        defer { frames.removeLast() }
        try eval(filter).write(bytes: &output)
    }
}
