import SDBasics

/// Arguments bound to parameter names, with typed accessors that report good diagnostics.
public struct BoundArguments {
    /// The function name used in messages, e.g. `ref`.
    public let function: String
    /// The parameter names, in order.
    public let names: [String]
    /// One slot per parameter; nil where the argument was omitted.
    public let slots: [CallArguments.Argument?]
    /// The whole call expression.
    public let range: SourceRange

    /// The argument bound to `name`, nil when it was not given.
    public subscript(name: String) -> CallArguments.Argument? {
        guard let i = names.firstIndex(of: name) else { return nil }
        return slots[i]
    }

    /// The value bound to `name`, nil when the argument was omitted.
    public func value(_ name: String) -> Value? { self[name]?.value }

    /// The boolean bound to `name`, `defaultValue` when omitted.
    public func bool(_ name: String, default defaultValue: Bool) throws(DiagnosticError) -> Bool {
        guard let a = self[name] else { return defaultValue }
        guard case .bool(let b) = a.value else {
            throw DiagnosticError(
                .error("argument '\(name)' of \(function)() must be a boolean, not \(a.value.typeName)", at: a.range))
        }
        return b
    }

    /// The string bound to `name`: `argument 'name' of source() must be a string`.
    public func string(_ name: String) throws(DiagnosticError) -> String {
        guard let a = self[name] else {
            throw DiagnosticError(.error("\(function)() is missing argument '\(name)'", at: range))
        }
        return try string(a, name)
    }

    /// The string bound to `name`, or nil when the argument was omitted or is none.
    public func optionalString(_ name: String) throws(DiagnosticError) -> String? {
        guard let a = self[name] else { return nil }
        if case .none = a.value { return nil }
        return try string(a, name)
    }

    private func string(_ a: CallArguments.Argument, _ name: String) throws(DiagnosticError) -> String {
        guard case .string(let s) = a.value else {
            throw DiagnosticError(
                .error(
                    "argument '\(name)' of \(function)() must be a string, not \(a.value.typeName)",
                    at: a.range))
        }
        return s
    }
}
