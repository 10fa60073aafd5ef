import SDBasics
import Testing

@testable import SDTemplate

/// A relation-like host object, as the compiler's `this` would be.
final class FakeRelation: TemplateObject {
    let schema: String
    let name: String
    init(schema: String, name: String) {
        self.schema = schema
        self.name = name
    }
    var typeName: String { "relation" }
    var renderedText: String { "\"\(schema)\".\"\(name)\"" }
    var attributeNames: [String] { ["database", "identifier", "name", "schema"] }
    func attribute(_ attribute: String) -> Value? {
        switch attribute {
        case "schema": .string(schema)
        case "name", "identifier": .string(name)
        case "database": .string("memory")
        default: nil
        }
    }
}

/// Parses a template and fails the test on any syntax error.
func parseClean(_ text: String, path: String = "models/m.sql") throws -> Template {
    let (template, diagnostics) = Template.parse(SourceFile(path: path, text: text))
    if !diagnostics.isEmpty {
        Issue.record("unexpected diagnostics:\n\(DiagnosticRenderer().render(diagnostics))")
        throw DiagnosticError(diagnostics)
    }
    return template
}

/// Builds a library from `(path, text)` macro files, failing on diagnostics.
func library(_ files: [(String, String)]) throws -> MacroLibrary {
    let templates = try files.map { try parseClean($0.1, path: $0.0) }
    let (lib, diagnostics) = MacroLibrary.build(templates)
    #expect(diagnostics.isEmpty)
    return lib
}

/// Renders `text` with the given globals and macro files.
func render(
    _ text: String, _ globals: [String: Value] = [:], macros: [(String, String)] = [],
    adapter: String? = nil
) throws -> String {
    let template = try parseClean(text)
    let renderer = TemplateRenderer(
        host: DictionaryHost(globals), library: try library(macros), adapterPrefix: adapter)
    return try renderer.render(template)
}

/// The rendered diagnostics of a render that must fail.
func renderFailure(
    _ text: String, _ globals: [String: Value] = [:], macros: [(String, String)] = [],
    adapter: String? = nil,
    recursionLimit: Int = 64
) throws -> String {
    let template = try parseClean(text)
    let renderer = TemplateRenderer(
        host: DictionaryHost(globals), library: try library(macros), adapterPrefix: adapter,
        recursionLimit: recursionLimit)
    do {
        let out = try renderer.render(template)
        Issue.record("expected a failure, rendered: \(out)")
        return ""
    } catch {
        return DiagnosticRenderer().render(error.diagnostics)
    }
}

/// The rendered syntax diagnostics of a file.
func parseDiagnostics(_ text: String, path: String = "models/m.sql") -> String {
    let (_, diagnostics) = Template.parse(SourceFile(path: path, text: text))
    return DiagnosticRenderer().render(diagnostics)
}
