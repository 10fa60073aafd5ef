import SDBasics

/// A failure while rendering; `isUndefined` marks a missing name, attribute or key, which
/// `is defined` and `| default` turn into a value instead of an error.
struct RenderError: Error {
    var diagnostics: [Diagnostic]
    var isUndefined = false

    init(_ diagnostic: Diagnostic, isUndefined: Bool = false) {
        self.diagnostics = [diagnostic]
        self.isUndefined = isUndefined
    }

    init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }
}

/// Thrown by `return(value)` to end the running macro; the macro call catches it and reads the
/// value from the evaluator (values are not Sendable, errors must be).
struct ReturnSignal: Error {}
