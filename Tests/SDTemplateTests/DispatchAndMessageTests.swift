import SDBasics
import Testing

@testable import SDTemplate

@Suite struct ExplicitDispatchTests {
    static let hashMacros = [
        (
            "macros/hash.sql",
            """
            << macro hash(expr) >><< return(adapter.dispatch('hash', macro_namespace='shop')(expr)) >><< endmacro >>
            << macro default__hash(expr) >>md5(<< expr >>)<< endmacro >>
            << macro athena__hash(expr) >>to_hex(md5(<< expr >>))<< endmacro >>
            << macro default__cols() >><< return(['a', 'b']) >><< endmacro >>
            """
        )
    ]

    @Test func dispatchReturnsTheAdaptersMacro() throws {
        #expect(try render("<< adapter.dispatch('hash')('x') >>", macros: Self.hashMacros, adapter: "duckdb") == "md5(x)")
        #expect(try render("<< adapter.dispatch('hash', 'shop')('x') >>", macros: Self.hashMacros, adapter: "athena") == "to_hex(md5(x))")
        // The dbt idiom: a wrapper that returns the dispatched macro's value. Called by its full
        // name it runs the wrapper itself, which must not dispatch back to itself.
        #expect(try render("<< hash('x') >>|<< default__hash('y') >>", macros: Self.hashMacros, adapter: "athena") == "to_hex(md5(x))|md5(y)")
    }

    @Test func returnPassesValuesThroughDispatch() throws {
        #expect(try render("<< adapter.dispatch('cols')() | join('+') >>", macros: Self.hashMacros, adapter: "duckdb") == "a+b")
    }

    @Test func callBlockThroughDispatchGetsTheCaller() throws {
        let macros = [("macros/s.sql", "<< macro default__wrap() >>(<< caller() >>)<< endmacro >>")]
        #expect(try render("<< call adapter.dispatch('wrap')() >>body<< endcall >>", macros: macros) == "(body)")
    }

    @Test func missingImplementationIsAPositionedError() throws {
        let err = try renderFailure("x << adapter.dispatch('hsh')('x') >>", macros: Self.hashMacros, adapter: "duckdb")
        #expect(err.contains("models/m.sql:1:6: error: adapter.dispatch('hsh') found no macro named 'duckdb__hsh' or 'default__hsh'"))
        #expect(err.contains("did you mean 'default__hash'?"))
        #expect(try renderFailure("<< adapter.dispatch('hash', 3) >>").contains("argument 'macro_namespace' of adapter.dispatch() must be a string"))
    }

    @Test func errorsInsideDispatchedMacrosNameTheCallChain() throws {
        let macros = [
            ("macros/boom.sql", "<< macro outer() >><< adapter.dispatch('boom')() >><< endmacro >>\n<< macro default__boom() >><< 1 / 0 >><< endmacro >>")
        ]
        let err = try renderFailure("<< outer() >>", macros: macros)
        #expect(err.contains("macros/boom.sql:2:35: error: division by zero"))
        #expect(err.contains("note: in expansion of macro 'default__boom' called here"))
        #expect(err.contains("models/m.sql:1:4: note: in expansion of macro 'outer' called here"))
    }
}

@Suite struct TemplateMessageTests {
    @Test func logAndPrintWriteNothingAndReachTheLog() throws {
        let log = TemplateMessageLog()
        let renderer = TemplateRenderer(host: DictionaryHost([:]), messageLog: log)
        let out = try renderer.render(try parseClean("a<< log('quiet') >><< log('loud ' ~ 1, info=true) >><< print(['x']) >>b"))
        #expect(out == "ab")
        #expect(log.messages.map(\.text) == ["quiet", "loud 1", "['x']"])
        #expect(log.messages.map(\.level) == [.debug, .info, .print])
        #expect(log.messages.first?.range.text == "log('quiet')")
    }

    @Test func withoutALogMessagesAreDropped() throws {
        #expect(try render("<< log('x', info=true) >>.") == ".")
        #expect(try renderFailure("<< log() >>").contains("log() takes 1 or 2 arguments but 0 were given"))
    }
}

/// `adapter.dispatch(..., macro_namespace='pkg')` with installed packages: the project's macros, then
/// the package's, as dbt-core's `_get_search_packages` orders them (`[<root project>, <namespace>]`).
@Suite struct DispatchNamespaceTests {
    /// The project `shop` overrides `default__fmt`; the package `helpers` has `default__fmt` and
    /// `duckdb__fmt`; the package `extra` alone has `default__only`. Built as Compiler+Packages.swift builds it.
    static func library() throws -> MacroLibrary {
        let own = try parseClean("<< macro default__fmt(x) >>own(<< x >>)<< endmacro >>", path: "macros/own.sql")
        let helpers = try parseClean(
            """
            << macro fmt(x) >><< return(adapter.dispatch('fmt', macro_namespace='helpers')(x)) >><< endmacro >>
            << macro duckdb__fmt(x) >>duck(<< x >>)<< endmacro >>
            << macro athena__fmt(x) >>ath(<< x >>)<< endmacro >>
            """, path: "packages/helpers/macros/fmt.sql")
        let extra = try parseClean("<< macro default__only() >>extra<< endmacro >>", path: "packages/extra/macros/only.sql")
        var (lib, diagnostics) = MacroLibrary.build([own])
        lib.namespaces.add("shop", lib.macros)
        lib.namespaces.root = "shop"
        for (package, t) in [("extra", extra), ("helpers", helpers)] {
            lib.namespaces.add(package, t.macros)
            for m in t.macros where lib.macro(named: m.name) == nil { lib.add(m, diagnostics: &diagnostics) }
        }
        #expect(diagnostics.isEmpty)
        return lib
    }

    func render(_ text: String, adapter: String = "duckdb") throws -> String {
        try TemplateRenderer(host: DictionaryHost([:]), library: try Self.library(), adapterPrefix: adapter).render(try parseClean(text))
    }

    @Test func theProjectIsSearchedWhollyBeforeThePackage() throws {
        // dbt searches the root project for duckdb__fmt and default__fmt before the package: the
        // project's default__fmt overrides the package's duckdb__fmt.
        #expect(try render("<< fmt('a') >>|<< adapter.dispatch('fmt', macro_namespace='helpers')('b') >>") == "own(a)|own(b)")
        // Without a namespace, every macro is searched adapter-first.
        #expect(try render("<< adapter.dispatch('fmt')('c') >>") == "duck(c)")
    }

    @Test func onlyTheProjectAndTheNamedPackageAreSearched() throws {
        #expect(try render("<< adapter.dispatch('only')() >>") == "extra")
        var failure = ""
        do { _ = try render("<< adapter.dispatch('only', macro_namespace='helpers')() >>") } catch let error as DiagnosticError {
            failure = DiagnosticRenderer().render(error.diagnostics)
        }
        #expect(
            failure.contains("models/m.sql:1:4: error: adapter.dispatch('only') found no macro named 'duckdb__only' or 'default__only' in 'shop' or 'helpers'"))
    }

    @Test func aNamespaceThatIsNoPackageSearchesEverything() throws {
        #expect(try render("<< adapter.dispatch('only', macro_namespace='shop')() >>") == "extra")
        #expect(try render("<< adapter.dispatch('only', 'dbt')() >>") == "extra")
    }

    @Test func aDottedNameIsRefusedWithTheNamespaceSpelling() throws {
        var failure = ""
        do { _ = try render("<< adapter.dispatch('helpers.fmt')('x') >>") } catch let error as DiagnosticError {
            failure = DiagnosticRenderer().render(error.diagnostics)
        }
        #expect(failure.contains("models/m.sql:1:21: error: adapter.dispatch got the macro name 'helpers.fmt'"))
        #expect(failure.contains("hint: write adapter.dispatch('fmt', macro_namespace='helpers')"))
    }
}
