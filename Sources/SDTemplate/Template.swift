import SDBasics

/// A parsed template file: its body plus the macros and tests it defines. Immutable, so one
/// parse can be rendered many times (and from many threads).
public struct Template: Sendable {
    /// The file the template was parsed from.
    public let file: SourceFile
    let nodes: [Node]
    /// `<< macro >>` blocks in source order.
    public let macros: [MacroDefinition]
    /// `<< test >>` blocks in source order.
    public let tests: [MacroDefinition]

    /// Parses a file, collecting every syntax error; the template is usable for what did parse.
    public static func parse(_ file: SourceFile) -> (Template, [Diagnostic]) {
        var parser = Parser(file: file)
        return parser.parseTemplate()
    }

    /// Renders with a host, a macro library and the adapter prefix used for dispatch.
    public func render(
        host: any TemplateHost, library: MacroLibrary = MacroLibrary(), adapterPrefix: String? = nil
    ) throws(DiagnosticError) -> String {
        try TemplateRenderer(host: host, library: library, adapterPrefix: adapterPrefix).render(self)
    }
}
