import SDBasics

/// The language's `adapter` object. Only `adapter.dispatch` belongs to the template language; a
/// host that offers a richer `adapter` (dbt's `adapter.get_relation`, …) shadows this one and
/// should keep `dispatch` working the same way.
final class AdapterObject: TemplateObject {
    unowned let evaluator: Evaluator

    init(_ evaluator: Evaluator) { self.evaluator = evaluator }

    var typeName: String { "adapter" }
    var renderedText: String { "<adapter \(evaluator.adapterPrefix ?? "none")>" }
    var attributeNames: [String] { ["dispatch"] }
    func attribute(_ name: String) -> Value? {
        guard name == "dispatch" else { return nil }
        return .function("adapter.dispatch") { [unowned evaluator] args in try evaluator.dispatch(args) }
    }
}

extension Evaluator {
    /// `adapter.dispatch('name', macro_namespace='pkg')`: the macro itself, to be called
    /// (`adapter.dispatch('hash')(expr)`). Searches `<adapter>__name` then `default__name`, as dbt
    /// does (docs.getdbt.com, "dispatch"); never plain `name`, which is usually the macro doing
    /// the dispatch and would call itself forever.
    ///
    /// `macro_namespace` must be a string; the search covers every macro the renderer's library
    /// holds, which is where a host puts the macros of the package it names.
    func dispatch(_ args: CallArguments) throws -> Value {
        let bound = try args.bind(["macro_name", "macro_namespace"], required: 1)
        let name = try bound.string("macro_name")
        _ = try bound.optionalString("macro_namespace")
        var searched: [String] = []
        if let prefix = adapterPrefix { searched.append(prefix + "__" + name) }
        searched.append("default__" + name)
        for candidate in searched {
            if let m = localMacros[candidate] ?? library.macro(named: candidate) {
                return .function(TemplateFunction(candidate) { [unowned self] args in try self.callMacro(m, args) })
            }
        }
        let tried = searched.map { "'\($0)'" }.joined(separator: " or ")
        throw DiagnosticError(
            Diagnostic.error("adapter.dispatch('\(name)') found no macro named \(tried)", at: args.range)
                .suggesting(searched.last ?? name, from: Array(localMacros.keys) + library.macroNames))
    }
}
