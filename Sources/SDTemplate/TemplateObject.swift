import SDBasics

/// A host value with attributes and a rendered form, such as `this` or `target`.
public protocol TemplateObject: AnyObject {
    /// The type shown in diagnostics, e.g. `relation`.
    var typeName: String { get }
    /// What `<< obj >>` outputs, e.g. `"main"."m"`.
    var renderedText: String { get }
    /// The attribute `name`, or nil when there is none.
    func attribute(_ name: String) -> Value?
    /// The attribute names, for did-you-mean hints.
    var attributeNames: [String] { get }
    /// Whether `obj(...)` is allowed (e.g. `config(...)` that also has `config.get`).
    var isCallable: Bool { get }
    /// Called for `obj(...)` when `isCallable` is true.
    func call(_ arguments: CallArguments) throws -> Value
}

extension TemplateObject {
    /// Objects are not callable unless they say so.
    public var isCallable: Bool { false }
    /// Rejects the call; callable objects implement their own.
    public func call(_ arguments: CallArguments) throws -> Value {
        throw DiagnosticError(.error("'\(typeName)' object is not callable", at: arguments.range))
    }
}
