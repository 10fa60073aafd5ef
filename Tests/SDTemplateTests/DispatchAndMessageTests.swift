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
        let macros = [("macros/boom.sql", "<< macro outer() >><< adapter.dispatch('boom')() >><< endmacro >>\n<< macro default__boom() >><< 1 / 0 >><< endmacro >>")]
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
