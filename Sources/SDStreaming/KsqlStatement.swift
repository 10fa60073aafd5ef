import SDBasics

/// One ksqlDB statement swiftdbt sends, with where it was declared and the request properties.
public struct KsqlStatement: Sendable, Hashable {
    public enum Verb: String, Sendable {
        case create = "create"
        case createOrReplace = "replace"
        case drop = "drop"
        /// TERMINATE of a persistent query (terminate.md); `object` is the query id.
        case terminate = "terminate"
    }

    /// The stream or table it concerns.
    public var object: String
    public var verb: Verb
    /// The statement text, ending in a semicolon.
    public var text: String
    /// `streamsProperties` of the request (auto.offset.reset for queries).
    public var properties: [String: String]
    public var declaration: SourceRange?

    public init(object: String, verb: Verb, text: String, properties: [String: String] = [:], declaration: SourceRange? = nil) {
        self.object = object
        self.verb = verb
        self.text = text
        self.properties = properties
        self.declaration = declaration
    }
}
