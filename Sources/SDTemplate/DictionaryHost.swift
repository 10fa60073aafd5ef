/// A host backed by a dictionary, for tests and simple callers.
public struct DictionaryHost: TemplateHost {
    public var globals: [String: Value]
    public init(_ globals: [String: Value] = [:]) { self.globals = globals }
    public func global(named name: String) -> Value? { globals[name] }
    public var globalNames: [String] { globals.keys.sorted() }
}
