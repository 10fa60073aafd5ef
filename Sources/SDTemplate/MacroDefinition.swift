import SDBasics

/// A `<< macro name(a, b='x') >>` or `<< test name(model, column_name) >>` block.
public struct MacroDefinition: Sendable {
    /// A declared argument with its optional default.
    public struct Parameter: Sendable {
        public let name: String
        public let range: SourceRange
        let defaultValue: Expression?
        /// The default as written in the source (`'x'`), for the manifest.
        public var defaultText: String? { defaultValue?.range.text }
        public var hasDefault: Bool { defaultValue != nil }
    }

    public let name: String
    /// The range of the name in the opening tag; diagnostics point here.
    public let nameRange: SourceRange
    /// From the opening `<<` to the closing `>>` of the end tag.
    public let range: SourceRange
    public let parameters: [Parameter]
    /// True for `<< test >>` blocks (generic data tests).
    public let isTest: Bool
    let body: [Node]

    /// The file the macro was defined in.
    public var file: SourceFile { nameRange.file }
    var requiredCount: Int { parameters.prefix { !$0.hasDefault }.count }
}
