import SDBasics
import SDTemplate

/// dbt's `statement` as a macro (dbt-adapters' `statement` macro takes the SQL from `caller()`), so both
/// `<< do statement('n', fetch_result=true, sql='...') >>` and the block form
/// `<< call statement('n', fetch_result=true) >> select … << endcall >>` reach the host's
/// `__swiftdbt_statement`. It is added for real renders only (not the parse, where the host's own
/// `statement` runs nothing, as dbt's parse does) and is not written to the manifest; a project's own
/// `statement` macro wins, as a project may override dbt's.
enum RuntimeMacros {
    static let path = "<swiftdbt>/runtime_macros.sql"

    static let source = """
        << macro statement(name=none, fetch_result=false, auto_begin=true, language='sql', sql=none) ->>
        <<- do __swiftdbt_statement(name, fetch_result, language, sql if sql is not none else caller()) ->>
        <<- endmacro >>
        """

    static let macros: [MacroDefinition] = Template.parse(SourceFile(path: path, text: source)).0.macros

    /// `library` with the runtime macros it does not define itself.
    static func adding(to library: MacroLibrary) -> MacroLibrary {
        var out = library
        var ignored: [Diagnostic] = []
        for m in macros where library.resolve(m.name, adapterPrefix: nil) == nil { out.add(m, diagnostics: &ignored) }
        return out
    }
}
