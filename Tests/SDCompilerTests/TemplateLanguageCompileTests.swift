import Foundation
import SDBasics
import SDCompiler
import Testing

/// The template-language constructs dbt macros lean on, compiled through the real project pipeline
/// (the compiler's own host, `exceptions` object and macro library), not a test host.
@Suite("template language in projects")
struct TemplateLanguageCompileTests {
    static let macros = """
        << macro run_block(name) >>-- << name >>
        << caller() >><< endmacro >>
        << macro surrogate(cols) >><< return(adapter.dispatch('surrogate', 'shop')(cols)) >><< endmacro >>
        << macro default__surrogate(cols) ->>
        << if cols | length == 0 >><< exceptions.raise_compiler_error('surrogate() needs columns') >><< endif ->>
        md5(<< cols | join(" || '-' || ") >>)<< endmacro >>
        << macro duckdb__surrogate(cols) >><< return(default__surrogate(cols)) >><< endmacro >>
        """

    @Test func callBlocksDispatchAndNamespacesCompile() throws {
        let (compiled, diags) = try CompilerRegressionTests.compile([
            "macros/util.sql": Self.macros,
            "models/orders.sql": """
            << set ns = namespace(n=0) >><< for c in ['a', 'b', 'c'] if c != 'b' >><< set ns.n = ns.n + 1 >><< endfor >>
            << call run_block('main') >>select << surrogate(['id', 'day']) >> as k, << ns.n >> as n<< endcall >>
            """,
        ])
        #expect(diags.isEmpty, "\(diags)")
        let sql = try #require(compiled?.node(named: "orders")).compiledCode
        #expect(sql.contains("-- main\nselect md5(id || '-' || day) as k, 2 as n"), "\(sql)")
    }

    @Test func raiseCompilerErrorNamesTheMacroChain() throws {
        let (compiled, diags) = try CompilerRegressionTests.compile([
            "macros/util.sql": Self.macros,
            "models/orders.sql": "select << surrogate([]) >> as k\n",
        ])
        #expect(compiled == nil)
        #expect(diags.contains("macros/util.sql:5:") && diags.contains("error: surrogate() needs columns"), "\(diags)")
        #expect(diags.contains("note: in expansion of macro 'default__surrogate' called here"), "\(diags)")
        #expect(diags.contains("note: in expansion of macro 'duckdb__surrogate' called here"), "\(diags)")
        #expect(diags.contains("models/orders.sql:1:11: note: in expansion of macro"), "\(diags)")
    }
}
