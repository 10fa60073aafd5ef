/// A function the host (or the language) provides: it receives the evaluated call arguments.
public struct TemplateFunction {
    /// The name used in messages.
    public let name: String
    let body: (CallArguments) throws -> Value

    /// `body` may throw a `DiagnosticError`; the renderer adds the macro-expansion notes.
    public init(_ name: String, _ body: @escaping (CallArguments) throws -> Value) {
        self.name = name
        self.body = body
    }
}
