import SDBasics

/// Renders parsed templates against a host, a macro library and an adapter prefix.
///
/// Rendering never changes the `Template`, so the compiler can render one parse twice (once
/// with a host that records `ref`/`config` calls, once for real).
public struct TemplateRenderer {
    /// Supplies `ref`, `config`, `this` and the other project names.
    public var host: any TemplateHost
    /// The project's macros and generic tests.
    public var library: MacroLibrary
    /// The adapter of the target (`duckdb`, `athena`) used for macro dispatch; nil for none.
    public var adapterPrefix: String?
    /// The deepest macro nesting allowed before rendering stops with an error.
    public var recursionLimit: Int
    /// Where `log(…)` and `print(…)` go; nil drops them.
    public var messageLog: TemplateMessageLog?

    public init(
        host: any TemplateHost, library: MacroLibrary = MacroLibrary(), adapterPrefix: String? = nil,
        recursionLimit: Int = 64, messageLog: TemplateMessageLog? = nil
    ) {
        self.messageLog = messageLog
        self.host = host
        self.library = library
        self.adapterPrefix = adapterPrefix
        self.recursionLimit = recursionLimit
    }

    /// The rendered text, or every diagnostic of the first failure (with macro-expansion notes).
    public func render(_ template: Template) throws(DiagnosticError) -> String {
        let evaluator = Evaluator(renderer: self, template: template)
        do {
            try evaluator.render(template.nodes)
        } catch {
            throw Evaluator.diagnosticError(from: error, at: nil)
        }
        return String(decoding: evaluator.output, as: UTF8.self)
    }

    /// The rendered text and where each piece of it came from. Recording costs an array append per
    /// text piece and output tag, so the parse phase, which throws its text away, uses `render`.
    public func renderMapped(_ template: Template) throws(DiagnosticError) -> (text: String, map: SourceMap) {
        let evaluator = Evaluator(renderer: self, template: template, mapping: true)
        do {
            try evaluator.render(template.nodes)
        } catch {
            throw Evaluator.diagnosticError(from: error, at: nil)
        }
        return (String(decoding: evaluator.output, as: UTF8.self), SourceMap(evaluator.segments))
    }

    /// Calls the macro `name` (with dispatch) with the given arguments and returns its value:
    /// the rendered text, or what it passed to `return(...)`. Used for hooks and materializations.
    public func callMacro(_ name: String, arguments: CallArguments) throws(DiagnosticError) -> Value {
        guard let macro = library.resolve(name, adapterPrefix: adapterPrefix) else {
            throw DiagnosticError(
                Diagnostic.error("no macro named '\(name)'", at: arguments.range)
                    .suggesting(name, from: library.callableNames(adapterPrefix: adapterPrefix)))
        }
        return try call(macro, arguments)
    }

    /// Renders the generic test `name` (a `<< test >>` block) with the given arguments; the
    /// result is the test's query text.
    public func callTest(_ name: String, arguments: CallArguments) throws(DiagnosticError) -> String {
        guard let test = library.test(named: name) else {
            throw DiagnosticError(
                Diagnostic.error("no generic test named '\(name)'", at: arguments.range)
                    .suggesting(name, from: library.testNames))
        }
        return try call(test, arguments).renderedText
    }

    /// `callTest` with a source map: the test's query maps to `arguments.range` (where the test was
    /// declared), each piece noting the text of the `<< test >>` block that wrote it.
    public func callTestMapped(_ name: String, arguments: CallArguments) throws(DiagnosticError) -> (text: String, map: SourceMap) {
        guard let test = library.test(named: name) else { return (try callTest(name, arguments: arguments), SourceMap()) }
        let evaluator = Evaluator(renderer: self, template: nil, mapping: true)
        let value: Value
        do {
            value = try evaluator.callMacro(test, arguments)
        } catch {
            throw Evaluator.diagnosticError(from: error, at: arguments.range)
        }
        let text = value.renderedText
        guard let expansion = evaluator.lastExpansion, expansion.text == text else {
            return (text, SourceMap(text.isEmpty ? [] : [SourceSegment(output: 0..<text.utf8.count, source: arguments.range, isLiteral: false)]))
        }
        return (text, SourceMap(expansion.segments.map { $0.seen(throughCall: arguments.range) }))
    }

    private func call(_ macro: MacroDefinition, _ arguments: CallArguments) throws(DiagnosticError) -> Value {
        let evaluator = Evaluator(renderer: self, template: nil)
        do {
            return try evaluator.callMacro(macro, arguments)
        } catch {
            throw Evaluator.diagnosticError(from: error, at: arguments.range)
        }
    }
}
