import SDBasics
import Testing

@testable import SDTemplate

@Suite struct CallBlockTests {
    @Test func callerRendersTheBodyInsideTheMacro() throws {
        let macros = [("macros/wrap.sql", "<< macro wrap(tag) >>[<< tag >>:<< caller() >>]<< endmacro >>")]
        #expect(try render("<< call wrap('x') >>inner<< endcall >>!", macros: macros) == "[x:inner]!")
        // The body may be called any number of times, and not at all.
        let twice = [("macros/t.sql", "<< macro twice() >><< caller() >>+<< caller() >><< endmacro >><< macro none_() >>-<< endmacro >>")]
        #expect(try render("<< call twice() >>b<< endcall >>|<< call none_() >>b<< endcall >>", macros: twice) == "b+b|-")
    }

    @Test func bodySeesTheVariablesWhereItIsWritten() throws {
        // dbt's `{% call statement('main') %} … {{ sql }} … {% endcall %}` relies on this.
        let macros = [("macros/s.sql", "<< macro statement(name) >><< set sql = 'macro-local' >><< name >>=<< caller() >><< endmacro >>")]
        let out = try render("<< set sql = 'select 1' >><< call statement('main') >><< sql >><< endcall >>", macros: macros)
        #expect(out == "main=select 1")
    }

    @Test func callerArguments() throws {
        let macros = [
            ("macros/each.sql", "<< macro each(items) >><< for i in items >><< caller(i, loop.index) >><< endfor >><< endmacro >>")
        ]
        let out = try render("<< call(item, n, sep=';') each(['a', 'b']) >><< n >><< item >><< sep >><< endcall >>", macros: macros)
        #expect(out == "1a;2b;")
        let err = try renderFailure(
            "<< call(item) each(['a']) >><< item >><< endcall >>",
            macros: [
                ("macros/each.sql", "<< macro each(items) >><< caller() >><< endmacro >>")
            ])
        #expect(err.contains("caller() takes 1 argument but 0 were given"))
    }

    @Test func macroCalledInTheArgumentsDoesNotTakeTheCaller() throws {
        let macros = [
            ("macros/m.sql", "<< macro outer(x) >>(<< x >>|<< caller() >>)<< endmacro >><< macro inner() >><< caller is defined >><< endmacro >>")
        ]
        #expect(try render("<< call outer(inner()) >>body<< endcall >>", macros: macros) == "(false|body)")
    }

    @Test func callerIsUndefinedOutsideACallBlock() throws {
        let err = try renderFailure("<< m() >>", macros: [("macros/m.sql", "<< macro m() >><< caller() >><< endmacro >>")])
        #expect(err.contains("'caller' is undefined"))
    }

    @Test func callBlockSyntaxErrors() throws {
        #expect(parseDiagnostics("<< call x >>b<< endcall >>").contains("'call' needs a macro call"))
        #expect(parseDiagnostics("<< call m() >>b").contains("missing '<< endcall >>' at end of file"))
        #expect(parseDiagnostics("<< if true >><< call m() >>b<< endif >>").contains("expected '<< endcall >>' before '<< endif >>'"))
    }
}
