import SDBasics
import Testing

@testable import SDTemplate

@Suite struct MacroTests {
    static let util = (
        "macros/util.sql",
        """
        << macro cents(col, scale=100) >>(<< col >> / << scale >>)<< endmacro >>
        << macro bad(x) >>
          << x.nope >>
        << endmacro >>
        << macro outer(y) >><< bad(y) >><< endmacro >>
        << macro rec(n) >><< rec(n + 1) >><< endmacro >>
        << macro countdown(n) >><< n >><< countdown(n - 1) if n > 0 >><< endmacro >>
        << macro cols() >><< do return(['a', 'b']) >>never rendered<< endmacro >>
        << macro first_col() >><< return(cols()[0]) >><< endmacro >>
        << macro early(x) >>before<< if x >><< return('early') >><< endif >> after<< endmacro >>
        << macro greet(name='world') >>hello << name >><< endmacro >>
        << macro defaults(a, b=a ~ '!') >><< b >><< endmacro >>
        """
    )

    @Test func callsWithPositionalKeywordAndDefaultArguments() throws {
        #expect(try render("<< cents('amount') >>", macros: [MacroTests.util]) == "(amount / 100)")
        #expect(try render("<< cents('amount', 10) >>", macros: [MacroTests.util]) == "(amount / 10)")
        #expect(try render("<< cents(scale=1, col='x') >>", macros: [MacroTests.util]) == "(x / 1)")
        #expect(
            try render("<< greet() >>, << greet('you') >>", macros: [MacroTests.util])
                == "hello world, hello you")
        #expect(try render("<< defaults('x') >>", macros: [MacroTests.util]) == "x!")
    }

    @Test func macrosCallMacrosAndRecurseWithABaseCase() throws {
        #expect(try render("<< countdown(3) >>", macros: [MacroTests.util]) == "3210")
    }

    @Test func returnEndsTheMacroWithAValue() throws {
        #expect(try render("<< cols() | join('+') >>", macros: [MacroTests.util]) == "a+b")
        #expect(try render("<< first_col() >>", macros: [MacroTests.util]) == "a")
        #expect(
            try render("<< early(true) >>|<< early(false) >>", macros: [MacroTests.util])
                == "early|before after")
    }

    @Test func macroSeesOnlyItsArgumentsAndGlobals() throws {
        let out = try render(
            "<< set col = 'local' >><< greet() >>", ["g": "global"],
            macros: [("macros/m.sql", "<< macro greet() >><< g >>/<< col is defined >><< endmacro >>")])
        #expect(out == "global/false")
    }

    @Test func macrosDefinedInTheTemplateItselfAreCallable() throws {
        #expect(
            try render("<< macro twice(x) >><< x >><< x >><< endmacro >>[<< twice('ab') >>]") == "[abab]")
    }

    @Test func macroValuesCanBePassedAround() throws {
        #expect(try render("<< set f = greet >><< f('x') >>", macros: [MacroTests.util]) == "hello x")
    }

    // Dispatch follows dbt's adapter.dispatch search order (adapter prefix, then default__),
    // applied implicitly to every call: https://docs.getdbt.com/reference/dbt-jinja-functions/dispatch
    @Test(
        arguments: [
            ("duckdb", "duck"),
            ("athena", "default"),
            (nil, "default"),
        ] as [(String?, String)])
    func dispatchPrefersTheAdapterThenDefault(_ adapter: String?, _ expected: String) throws {
        let macros = [
            ("macros/a.sql", "<< macro duckdb__now() >>duck<< endmacro >>"),
            (
                "macros/b.sql",
                "<< macro default__now() >>default<< endmacro >><< macro plain() >>p<< endmacro >>"
            ),
        ]
        #expect(try render("<< now() >>", macros: macros, adapter: adapter) == expected)
        #expect(try render("<< plain() >>", macros: macros, adapter: adapter) == "p")
    }

    @Test func wrongArgumentCountNotesTheDefinition() throws {
        #expect(
            try renderFailure("select << cents('a', 1, 2) >>", macros: [MacroTests.util]) == """
                models/m.sql:1:11: error: macro 'cents' takes 1 or 2 arguments but 3 were given
                  1 | select << cents('a', 1, 2) >>
                    |           ^~~~~~~~~~~~~~~~
                macros/util.sql:1:10: note: 'cents' defined here
                  1 | << macro cents(col, scale=100) >>(<< col >> / << scale >>)<< endmacro >>
                    |          ^~~~~

                """)
    }

    @Test func unknownKeywordSuggestsTheArgument() throws {
        #expect(
            try renderFailure("select << cents(sale='a') >>", macros: [MacroTests.util]) == """
                models/m.sql:1:17: error: macro 'cents' has no argument named 'sale'
                  1 | select << cents(sale='a') >>
                    |                 ^~~~
                models/m.sql:1:17: note: did you mean 'scale'?
                macros/util.sql:1:10: note: 'cents' defined here
                  1 | << macro cents(col, scale=100) >>(<< col >> / << scale >>)<< endmacro >>
                    |          ^~~~~

                """)
    }

    @Test func errorsInsideMacrosShowTheExpansionChain() throws {
        #expect(
            try renderFailure("select\n  << outer({'a': 1}) >>", macros: [MacroTests.util]) == """
                macros/util.sql:3:8: error: 'x' has no key or method 'nope'
                  3 |   << x.nope >>
                    |        ^~~~
                macros/util.sql:5:24: note: in expansion of macro 'bad' called here
                  5 | << macro outer(y) >><< bad(y) >><< endmacro >>
                    |                        ^~~~~~
                models/m.sql:2:6: note: in expansion of macro 'outer' called here
                  2 |   << outer({'a': 1}) >>
                    |      ^~~~~~~~~~~~~~~

                """)
    }

    @Test func unboundedRecursionStopsWithAClearError() throws {
        // The default limit, so the test also shows the stack holds that deep.
        #expect(
            try renderFailure("<< rec(1) >>", macros: [MacroTests.util]) == """
                macros/util.sql:6:22: error: macro recursion is deeper than 64 calls in 'rec'
                  6 | << macro rec(n) >><< rec(n + 1) >><< endmacro >>
                    |                      ^~~~~~~~~~
                macros/util.sql:6:10: note: 'rec' defined here
                  6 | << macro rec(n) >><< rec(n + 1) >><< endmacro >>
                    |          ^~~
                macros/util.sql:6:22: note: in expansion of macro 'rec' called here
                models/m.sql:1:4: note: in expansion of macro 'rec' called here
                  1 | << rec(1) >>
                    |    ^~~~~~
                  hint: check that the recursion has a base case

                """)
    }

    @Test func returnOutsideAMacroIsAnError() throws {
        #expect(
            try renderFailure("<< return(1) >>").contains("error: 'return' used outside of a macro"))
    }

    @Test func duplicateNamesAreReportedAtTheSecondDefinition() throws {
        let a = try parseClean(
            "<< macro m() >><< endmacro >>\n<< test unique(model, column_name) >><< endtest >>",
            path: "macros/a.sql")
        let b = try parseClean(
            "\n<< macro m() >><< endmacro >><< test unique(model) >><< endtest >>", path: "macros/b.sql")
        let (lib, diagnostics) = MacroLibrary.build([a, b])
        #expect(
            DiagnosticRenderer().render(diagnostics) == """
                macros/b.sql:2:10: error: duplicate macro 'm'
                  2 | << macro m() >><< endmacro >><< test unique(model) >><< endtest >>
                    |          ^
                macros/a.sql:1:10: note: 'm' first defined here
                  1 | << macro m() >><< endmacro >>
                    |          ^
                macros/b.sql:2:38: error: duplicate test 'unique'
                  2 | << macro m() >><< endmacro >><< test unique(model) >><< endtest >>
                    |                                      ^~~~~~
                macros/a.sql:2:9: note: 'unique' first defined here
                  2 | << test unique(model, column_name) >><< endtest >>
                    |         ^~~~~~

                """)
        #expect(lib.macro(named: "m")?.file.path == "macros/a.sql")
        #expect(lib.test(named: "unique")?.parameters.map(\.name) == ["model", "column_name"])
    }

    @Test func libraryListsMacrosAndTestsSeparately() throws {
        let lib = try library([
            (
                "macros/x.sql",
                "<< macro default__a(p, q='x') >><< endmacro >><< macro b() >><< endmacro >>"
                    + "<< test not_null(model, column_name) >>select 1<< endtest >>"
            )
        ])
        #expect(lib.macroNames == ["b", "default__a"])
        #expect(lib.testNames == ["not_null"])
        #expect(lib.callableNames(adapterPrefix: "duckdb") == ["a", "b", "default__a"])
        let a = try #require(lib.macro(named: "default__a"))
        #expect(a.parameters.map(\.name) == ["p", "q"])
        #expect(a.parameters.map(\.defaultText) == [nil, "'x'"])
        #expect(a.range.text == "<< macro default__a(p, q='x') >><< endmacro >>")
        #expect(a.nameRange.start == SourceLocation(line: 1, column: 10))
        // Tests are not callable like macros.
        #expect(lib.resolve("not_null", adapterPrefix: nil) == nil)
    }

    @Test func genericTestsRunThroughCallTest() throws {
        let lib = try library([
            (
                "macros/tests.sql",
                "<< test not_null(model, column_name) >>select * from << model >> where << column_name >> is null<< endtest >>"
            )
        ])
        let file = SourceFile(path: "models/schema.yml", text: "not_null")
        let range = SourceRange(file: file, bytes: 0..<8)
        let args = CallArguments(
            function: "not_null", positional: [],
            keywords: [
                .init(
                    name: "model", nameRange: range, argument: .init(value: "\"main\".\"m\"", range: range)),
                .init(name: "column_name", nameRange: range, argument: .init(value: "id", range: range)),
            ], range: range)
        let renderer = TemplateRenderer(host: DictionaryHost(), library: lib)
        #expect(try renderer.callTest("not_null", arguments: args) == "select * from \"main\".\"m\" where id is null")
        do {
            _ = try renderer.callTest("not_nul", arguments: args)
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.map(\.message) == ["no generic test named 'not_nul'"])
            #expect(error.diagnostics.first?.notes.map(\.message) == ["did you mean 'not_null'?"])
        }
        // Tests are not macros.
        #expect(throws: DiagnosticError.self) { try renderer.callMacro("not_null", arguments: args) }
    }
}
