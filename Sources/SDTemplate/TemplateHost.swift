import SDBasics

/// What a template can see besides its own variables and macros: `ref`, `config`, `this`, …
/// The compiler implements it; SDTemplate knows nothing of projects.
public protocol TemplateHost {
    /// The global called `name`, or nil when the host has none.
    func global(named name: String) -> Value?
    /// Every global name, for did-you-mean hints.
    var globalNames: [String] { get }
}

/// A host backed by a dictionary, for tests and simple callers.
public struct DictionaryHost: TemplateHost {
    public var globals: [String: Value]
    public init(_ globals: [String: Value] = [:]) { self.globals = globals }
    public func global(named name: String) -> Value? { globals[name] }
    public var globalNames: [String] { globals.keys.sorted() }
}
