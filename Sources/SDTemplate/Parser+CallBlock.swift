import SDBasics

extension Parser {
    /// Parses declared arguments after their `(` up to and including `)`: `a, b='x'`. Shared by
    /// macros, tests and call blocks so all three report the same mistakes the same way.
    mutating func parseParameters(of owner: String) throws(ParseError) -> [MacroDefinition.Parameter] {
        var parameters: [MacroDefinition.Parameter] = []
        var seenDefault = false
        if !check(")") {
            repeat {
                if check(")") { break }
                let (p, pRange) = try expectIdentifier("an argument name")
                var defaultValue: Expression?
                if accept("=") {
                    defaultValue = try parseExpression()
                    seenDefault = true
                } else if seenDefault {
                    diagnostics.append(.error("argument '\(p)' without a default follows one with a default", at: pRange))
                }
                if parameters.contains(where: { $0.name == p }) {
                    diagnostics.append(.error("duplicate argument '\(p)' in \(owner)", at: pRange))
                }
                parameters.append(MacroDefinition.Parameter(name: p, range: pRange, defaultValue: defaultValue))
            } while accept(",")
        }
        try expect(")")
        return parameters
    }

    /// `<< call m(args) >> … << endcall >>` and `<< call(a, b) m(args) >> … << endcall >>`, as in
    /// Jinja: the body becomes the `caller` that `m` may call (dbt's `statement` blocks use it).
    mutating func parseCall(_ openRange: SourceRange) -> Node? {
        var header: (parameters: [MacroDefinition.Parameter], call: Expression)?
        do throws(ParseError) {
            var parameters: [MacroDefinition.Parameter] = []
            if accept("(") { parameters = try parseParameters(of: "the call block's caller") }
            let call = try parseExpression()
            guard case .call = call.kind else {
                throw ParseError(
                    diagnostic: .error(
                        "'call' needs a macro call such as 'statement(\"main\")'", at: call.range,
                        hint: "write '<< call macro_name(arguments) >>'"))
            }
            try expectTagEnd()
            header = (parameters, call)
        } catch {
            record(error)
        }
        openBlocks.append(OpenBlock(keyword: "call", terminators: ["endcall"], range: openRange))
        defer { openBlocks.removeLast() }
        let (body, end) = parseBody(terminators: ["endcall"])
        if case .end = end {
        } else {
            reportMissingEnd(end, expected: "endcall", opener: openRange, openerKeyword: "call")
        }
        guard let header else { return nil }
        return .callBlock(Node.CallBlock(parameters: header.parameters, call: header.call, body: body))
    }
}
