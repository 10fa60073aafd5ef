import SDBasics

/// Package namespaces: `helpers.cents(x)` calls the `cents` of the package `helpers` (dbt's
/// `dbt_utils.star(...)`), whatever an unqualified `cents` resolves to. Within the namespace a call
/// dispatches as any call does: `name`, `<prefix>__name`, `default__name`.
public struct MacroNamespaces: Sendable {
    var macros: [String: [String: MacroDefinition]] = [:]
    /// The namespace of the project itself: `adapter.dispatch(..., macro_namespace='pkg')` searches it
    /// before the package's, as dbt does (Evaluator+Dispatch.swift). nil when no packages are installed.
    public var root: String?

    public init() {}

    /// Adds `definitions` under `namespace`; the first definition of a name wins (duplicates are
    /// reported when the library itself is built).
    public mutating func add(_ namespace: String, _ definitions: [MacroDefinition]) {
        for d in definitions where !d.isTest && macros[namespace]?[d.name] == nil { macros[namespace, default: [:]][d.name] = d }
    }

    public func contains(_ namespace: String) -> Bool { macros[namespace] != nil }

    /// What `namespace.name(...)` calls, with dispatch inside the namespace.
    public func resolve(_ namespace: String, _ name: String, adapterPrefix: String?) -> MacroDefinition? {
        guard let ns = macros[namespace] else { return nil }
        if let m = ns[name] { return m }
        if let p = adapterPrefix, let m = ns[p + "__" + name] { return m }
        return ns["default__" + name]
    }

    /// The macro `name` of `namespace` exactly as named, without dispatch.
    public func macro(_ namespace: String, named name: String) -> MacroDefinition? { macros[namespace]?[name] }

    /// The macro names of a namespace, for did-you-mean hints.
    public func names(in namespace: String) -> [String] { (macros[namespace] ?? [:]).keys.sorted() }
}

extension Evaluator {
    /// `namespace.name(args)` for a package namespace; an unknown name is an error at it with a hint.
    func callNamespaced(_ ns: String, _ name: String, _ args: [Expression.Argument], range: SourceRange, nameRange: SourceRange) throws -> Value {
        guard let m = library.namespaces.resolve(ns, name, adapterPrefix: adapterPrefix) else {
            throw RenderError(
                Diagnostic.error("package '\(ns)' has no macro '\(name)'", at: nameRange)
                    .suggesting(name, from: library.namespaces.names(in: ns)))
        }
        return try callMacro(m, try evaluateArguments(args, function: "\(ns).\(name)", range: range))
    }
}
