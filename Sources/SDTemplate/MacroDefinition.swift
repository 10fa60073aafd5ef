import SDBasics

/// A `<< macro name(a, b='x') >>` or `<< test name(model, column_name) >>` block.
public struct MacroDefinition: Sendable {
    /// A declared argument with its optional default.
    public struct Parameter: Sendable {
        /// The argument name.
        public let name: String
        /// Where the argument is declared.
        public let range: SourceRange
        let defaultValue: Expression?
        /// The default as written in the source (`'x'`), for the manifest.
        public var defaultText: String? { defaultValue?.range.text }
        /// Whether the argument may be omitted.
        public var hasDefault: Bool { defaultValue != nil }
    }

    /// The macro or test name as defined (`default__hash`).
    public let name: String
    /// The range of the name in the opening tag; diagnostics point here.
    public let nameRange: SourceRange
    /// From the opening `<<` to the closing `>>` of the end tag.
    public let range: SourceRange
    /// The declared arguments, in order.
    public let parameters: [Parameter]
    /// True for `<< test >>` blocks (generic data tests).
    public let isTest: Bool
    let body: [Node]

    /// The file the macro was defined in.
    public var file: SourceFile { nameRange.file }
    var requiredCount: Int { parameters.prefix { !$0.hasDefault }.count }
}
