/// A host backed by a dictionary, for tests and simple callers.
public struct DictionaryHost: TemplateHost {
    /// The names the host provides.
    public var globals: [String: Value]
    public init(_ globals: [String: Value] = [:]) { self.globals = globals }
    /// The global called `name`, if any.
    public func global(named name: String) -> Value? { globals[name] }
    /// Every global name, sorted.
    public var globalNames: [String] { globals.keys.sorted() }
}
