import SDBasics
import SDProject
import SDTemplate

extension Compiler {
    /// A project macro `generate_schema_name(custom_schema_name, node)` overrides the default
    /// schema composition, as in dbt ("Custom schemas": the macro's rendered text, trimmed, is the
    /// schema). It sees `target` and `var`; `node` carries the node's `name`, `resource_type` and
    /// `fqn`. Nil when the project defines no such macro.
    struct SchemaNameMacro {
        let renderer: TemplateRenderer
        let range: SourceRange

        init?(library: MacroLibrary, target: Target, profileName: String, adapter: String) {
            guard let macro = library.resolve("generate_schema_name", adapterPrefix: adapter) else { return nil }
            renderer = TemplateRenderer(
                host: DictionaryHost(["target": .object(TargetObject(target, profileName: profileName))]),
                library: library, adapterPrefix: adapter)
            range = macro.nameRange
        }

        /// The schema the macro renders for a node, or its diagnostics.
        func schema(custom: String?, name: String, resourceType: String, fqn: [String]) -> Result<String, DiagnosticError> {
            let node = TemplateDictionary([
                ("name", .string(name)), ("resource_type", .string(resourceType)),
                ("fqn", .list(TemplateList(fqn.map { .string($0) }))),
            ])
            let arguments = CallArguments(
                function: "generate_schema_name",
                positional: [
                    .init(value: custom.map { .string($0) } ?? .none, range: range),
                    .init(value: .dict(node), range: range),
                ],
                keywords: [], range: range)
            do {
                let text = try renderer.callMacro("generate_schema_name", arguments: arguments).renderedText
                let schema = text.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !schema.isEmpty else {
                    return .failure(DiagnosticError(.error("generate_schema_name rendered an empty schema for '\(name)'", at: range)))
                }
                return .success(schema)
            } catch {
                return .failure(error)
            }
        }
    }
}
