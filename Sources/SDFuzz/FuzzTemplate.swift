import SDBasics
import SDTemplate

/// Template input: lexed (the lexer must be lossless), parsed, searched for static calls as the
/// compiler's parse phase does, then rendered with the file's own macros and a host that
/// answers the compiler's globals with plain values.
enum FuzzTemplate {
    static func run(_ text: String) {
        let file = SourceFile(path: "models/fuzz.sql", text: text)
        var covered = 0
        for token in Lexer.tokenize(file) {
            if token.bytes.lowerBound != covered || token.bytes.upperBound < token.bytes.lowerBound {
                FuzzCheck.fail("lexer token \(token.kind) at \(token.bytes) does not continue at byte \(covered)")
            }
            covered = token.bytes.upperBound
        }
        if covered != file.utf8.count { FuzzCheck.fail("lexer covered \(covered) of \(file.utf8.count) bytes") }

        let (template, syntax) = Template.parse(file)
        FuzzCheck.diagnostics(syntax, "template parse")
        _ = template.staticCalls(to: ["ref", "source", "config"])
        guard !syntax.contains(where: { $0.severity == .error }) else { return }

        var libraryDiagnostics: [Diagnostic] = []
        let library = MacroLibrary(templates: [template], diagnostics: &libraryDiagnostics)
        FuzzCheck.diagnostics(libraryDiagnostics, "macro library")
        do {
            _ = try TemplateRenderer(host: host, library: library, adapterPrefix: "duckdb").render(template)
        } catch {
            if error.diagnostics.isEmpty { FuzzCheck.fail("a failed render reported no diagnostic") }
            FuzzCheck.diagnostics(error.diagnostics, "template render")
        }
    }

    /// The names models use most, each a pure function of its arguments.
    static var host: DictionaryHost {
        func echo(_ name: String) -> Value {
            .function(
                TemplateFunction(name) { arguments in
                    .string(arguments.positional.map { $0.value.renderedText }.joined(separator: "."))
                })
        }
        return DictionaryHost([
            "ref": echo("ref"), "source": echo("source"), "var": echo("var"), "env_var": echo("env_var"),
            "config": .function(TemplateFunction("config") { _ in .string("") }),
            "is_incremental": .function(TemplateFunction("is_incremental") { _ in .bool(true) }),
            "this": "\"main\".\"fuzz\"", "target": ["name": "local", "type": "duckdb", "schema": "main"],
            "xs": [1, 2, 3], "d": ["k": "v"],
        ])
    }
}
