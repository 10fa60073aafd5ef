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
