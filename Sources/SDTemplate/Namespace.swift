import SDBasics

/// The object `namespace(a=1)` returns: attributes that `<< set ns.a = … >>` may change, so a
/// value can be carried out of a loop body, whose own `set`s stay local (Jinja's `namespace`).
final class NamespaceObject: TemplateObject {
    let entries: TemplateDictionary

    init(_ entries: TemplateDictionary) { self.entries = entries }

    var typeName: String { "namespace" }
    var renderedText: String { "<Namespace \(Value.dict(entries).renderedText)>" }
    var attributeNames: [String] { entries.keys }
    func attribute(_ name: String) -> Value? { entries[name] }
}

extension Evaluator {
    /// `namespace()`, `namespace(a=1, b=[])` or `namespace(some_dict, a=1)`.
    static func namespace(_ args: CallArguments) throws -> Value {
        if args.positional.count > 1 {
            throw DiagnosticError(.error("namespace() takes at most 1 positional argument (a dict)", at: args.positional[1].range))
        }
        let entries = TemplateDictionary()
        if let first = args.positional.first {
            guard case .dict(let d) = first.value else {
                throw DiagnosticError(.error("namespace() takes a dict and keyword arguments, not \(first.value.typeName)", at: first.range))
            }
            for (k, v) in d.entries { entries[k] = v }
        }
        for k in args.keywords { entries[k.name] = k.argument.value }
        return .object(NamespaceObject(entries))
    }

    /// `<< set ns.attr = value >>`: only namespaces take attributes, as in Jinja.
    func assignAttribute(_ name: String, _ attribute: String, _ value: Value, range: SourceRange) throws {
        guard let target = lookupLocal(name) else { throw undefinedName(name, at: range) }
        guard case .object(let o) = target, let ns = o as? NamespaceObject else {
            throw RenderError(
                .error(
                    "cannot set attribute '\(attribute)' of \(Evaluator.article(target.typeName)) '\(name)'", at: range,
                    hint: "only namespace() objects take attributes: << set \(name) = namespace(\(attribute)=…) >>"))
        }
        ns.entries[attribute] = value
    }
}
