import SDBasics

/// One piece of a template body: literal text, an output tag or a statement block.
indirect enum Node: Sendable {
    /// Text after whitespace control was applied; a range so that parsing copies no SQL.
    case text(SourceRange)
    case output(Expression)
    case conditional([(condition: Expression, body: [Node])], otherwise: [Node]?)
    case loop(Loop)
    case assign(targets: [String], value: Expression, range: SourceRange)
    case assignBlock(target: String, body: [Node])
    /// `<< set ns.attr = value >>`, allowed on `namespace()` objects only.
    case assignAttribute(name: String, attribute: String, value: Expression, range: SourceRange)
    /// `<< break >>` (true) or `<< continue >>` (false); the parser allows them only inside `for`.
    case loopControl(breaks: Bool)
    /// `<< filter f >> body << endfilter >>`: `filter` applies to `Parser.filterBlockInput`.
    case filterBlock(filter: Expression, body: [Node])
    case evaluate(Expression)
    /// `<< call m(args) >> body << endcall >>`: calls `call` with `caller` bound to the body.
    case callBlock(CallBlock)

    struct Loop: Sendable {
        let targets: [String]
        let iterable: Expression
        /// `for x in xs if cond`: items for which `cond` is false are skipped before the loop counts them.
        let filter: Expression?
        let body: [Node]
        let otherwise: [Node]?
        let range: SourceRange
    }

    /// A call block; `parameters` are the caller's own (`<< call(row) m() >>`), and `call` is
    /// always an expression of kind `.call`.
    struct CallBlock: Sendable {
        let parameters: [MacroDefinition.Parameter]
        let call: Expression
        let body: [Node]
    }
}
