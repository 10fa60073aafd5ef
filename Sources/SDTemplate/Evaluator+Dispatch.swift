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
    /// `macro_namespace` must be a string. When it names an installed package, only the project's
    /// macros and then that package's are searched, in dbt's order (dbt-core's
    /// `BaseDatabaseWrapper._get_search_packages`: `[<root project>, <namespace>]` for a package with no
    /// `dispatch:` config): another package's `default__name` must not win just because its file came
    /// first. Any other namespace (none, the project's own, `dbt`) searches every macro the library
    /// holds. Macros defined in the template being rendered come first either way.
    func dispatch(_ args: CallArguments) throws -> Value {
        let bound = try args.bind(["macro_name", "macro_namespace"], required: 1)
        let name = try bound.string("macro_name")
        let namespace = try bound.optionalString("macro_namespace")
        if let dot = name.firstIndex(of: ".") {
            // dbt refuses this too: the namespace is an argument, not part of the name.
            let (ns, bare) = (name[..<dot], name[name.index(after: dot)...])
            throw DiagnosticError(
                .error(
                    "adapter.dispatch got the macro name '\(name)', but '.' cannot be part of a macro name", at: bound["macro_name"]?.range ?? args.range,
                    hint: "write adapter.dispatch('\(bare)', macro_namespace='\(ns)')"))
        }
        var searched: [String] = []
        if let prefix = adapterPrefix { searched.append(prefix + "__" + name) }
        searched.append("default__" + name)
        let namespaces = library.namespaces
        let packages: [String]? = namespace.flatMap { ns in
            ns != namespaces.root && namespaces.contains(ns) ? [namespaces.root, ns].compactMap { $0 } : nil
        }
        for candidate in searched {
            if let m = localMacros[candidate] { return dispatched(candidate, m) }
        }
        if let packages {
            for package in packages {
                for candidate in searched {
                    if let m = namespaces.macro(package, named: candidate) { return dispatched(candidate, m) }
                }
            }
        } else {
            for candidate in searched {
                if let m = library.macro(named: candidate) { return dispatched(candidate, m) }
            }
        }
        let tried = searched.map { "'\($0)'" }.joined(separator: " or ")
        let place = packages.map { " in " + $0.map { "'\($0)'" }.joined(separator: " or ") } ?? ""
        let known = packages.map { $0.flatMap { namespaces.names(in: $0) } } ?? library.macroNames
        throw DiagnosticError(
            Diagnostic.error("adapter.dispatch('\(name)') found no macro named \(tried)\(place)", at: args.range)
                .suggesting(searched.last ?? name, from: Array(localMacros.keys) + known))
    }

    private func dispatched(_ name: String, _ macro: MacroDefinition) -> Value {
        .function(TemplateFunction(name) { [unowned self] args in try self.callMacro(macro, args) })
    }
}
