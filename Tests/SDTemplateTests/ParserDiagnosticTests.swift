import SDBasics
import Testing

@testable import SDTemplate

@Suite struct ParserDiagnosticTests {
    @Test func unclosedTagPointsAtItsOpening() {
        #expect(
            parseDiagnostics("select << ref('a')\nfrom << x >>\n") == """
                models/m.sql:1:8: error: unclosed '<<'
                  1 | select << ref('a')
                    |        ^~
                  hint: end the tag with '>>' (or '->>')

                """)
    }

    @Test func strayEndTagAndMissingEndAreBothReported() {
        #expect(
            parseDiagnostics("<< if x >>\na\n<< endfor >>\n") == """
                models/m.sql:3:4: error: 'endfor' without matching 'for'
                  3 | << endfor >>
                    |    ^~~~~~
                models/m.sql:3:13: error: missing '<< endif >>' at end of file
                  3 | << endfor >>
                    |             ^
                models/m.sql:1:1: note: 'if' opened here
                  1 | << if x >>
                    | ^~~~~

                """)
    }

    @Test func missingEndforNotesTheOpeningFor() {
        #expect(
            parseDiagnostics("<< for x in xs >>\n  << x >>\n") == """
                models/m.sql:2:10: error: missing '<< endfor >>' at end of file
                  2 |   << x >>
                    |          ^
                models/m.sql:1:1: note: 'for' opened here
                  1 | << for x in xs >>
                    | ^~~~~~

                """)
    }

    @Test func endTagOfAnOuterBlockClosesTheInnerOneWithAnError() {
        #expect(
            parseDiagnostics("<< if a >><< for x in y >><< endif >>\n") == """
                models/m.sql:1:30: error: expected '<< endfor >>' before '<< endif >>'
                  1 | << if a >><< for x in y >><< endif >>
                    |                              ^~~~~
                models/m.sql:1:11: note: 'for' opened here
                  1 | << if a >><< for x in y >><< endif >>
                    |           ^~~~~~

                """)
    }

    @Test func everyBadTagOfAFileIsReportedAndParsingRecovers() {
        #expect(
            parseDiagnostics("<< x + >>\n<< y ) >>\n<< 'abc >>\n<< a $ b >>\n<< endif >>\n<< else >>\n")
                == """
                models/m.sql:1:8: error: expected an expression before '>>'
                  1 | << x + >>
                    |        ^~
                models/m.sql:2:6: error: expected '>>' but found ')'
                  2 | << y ) >>
                    |      ^
                models/m.sql:3:4: error: unterminated string literal
                  3 | << 'abc >>
                    |    ^~~~~~~
                models/m.sql:4:6: error: unexpected character '$'
                  4 | << a $ b >>
                    |      ^
                models/m.sql:5:4: error: 'endif' without matching 'if'
                  5 | << endif >>
                    |    ^~~~~
                models/m.sql:6:4: error: 'else' without matching 'if' or 'for'
                  6 | << else >>
                    |    ^~~~

                """)
    }

    @Test func unknownStatementsFiltersAndTestsSuggestTheClosestName() {
        #expect(
            parseDiagnostics("<< endfo >>\n<< iff x >>\n<< block >>\n<< x | uper >> << x is nnone >>\n")
                == """
                models/m.sql:1:4: error: unknown statement 'endfo'
                  1 | << endfo >>
                    |    ^~~~~
                models/m.sql:1:4: note: did you mean 'endfor'?
                models/m.sql:2:4: error: unknown statement 'iff'
                  2 | << iff x >>
                    |    ^~~
                models/m.sql:2:4: note: did you mean 'if'?
                models/m.sql:3:4: error: 'block' statements are not supported
                  3 | << block >>
                    |    ^~~~~
                  hint: template inheritance has no equivalent; put the shared parts in macros
                models/m.sql:4:8: error: unknown filter 'uper'
                  4 | << x | uper >> << x is nnone >>
                    |        ^~~~
                models/m.sql:4:8: note: did you mean 'upper'?
                models/m.sql:4:24: error: unknown test 'nnone'
                  4 | << x | uper >> << x is nnone >>
                    |                        ^~~~~
                models/m.sql:4:24: note: did you mean 'none'?

                """)
    }

    @Test func macroDefinitionMistakes() {
        #expect(
            parseDiagnostics(
                "<< macro m(a, b='x', c) >><< endmacro >>\n<< if 1 >><< macro n() >><< endmacro >><< endif >>\n",
                path: "macros/m.sql") == """
                    macros/m.sql:1:22: error: argument 'c' without a default follows one with a default
                      1 | << macro m(a, b='x', c) >><< endmacro >>
                        |                      ^
                    macros/m.sql:2:11: error: 'macro' definitions are only allowed at the top level of a file
                      2 | << if 1 >><< macro n() >><< endmacro >><< endif >>
                        |           ^~~~~~~~

                    """)
    }

    @Test func duplicateMacroInOneFile() {
        #expect(
            parseDiagnostics("<< macro a() >><< endmacro >>\n<< macro a(x) >><< endmacro >>\n", path: "macros/a.sql")
                == """
                macros/a.sql:2:10: error: duplicate macro 'a'
                  2 | << macro a(x) >><< endmacro >>
                    |          ^
                macros/a.sql:1:10: note: 'a' first defined here
                  1 | << macro a() >><< endmacro >>
                    |          ^

                """)
    }

    @Test(arguments: [
        ("<< f(a=1, 2) >>", "positional argument follows keyword argument"),
        ("<<# open comment\n", "unterminated comment"),
        ("<< 99999999999999999999 >>", "integer literal '99999999999999999999' is too large"),
        ("<< for in xs >>x<< endfor >>", "expected 'in' but found 'xs'"),
        ("<< set = 1 >>", "expected a variable name but found '='"),
        ("<< f(a=1, a=2) >>", "keyword argument 'a' repeated"),
        ("<< >>", "expected an expression before '>>'"),
        ("<< [1, 2 >>", "expected ']' before '>>'"),
        ("<< if >>x<< endif >>", "expected an expression before '>>'"),
        ("<< endif x >>", "'endif' without matching 'if'"),
        ("<< test >>", "'test' is undefined"),
    ])
    func reportsAtTheOffendingToken(_ text: String, _ message: String) throws {
        let (_, diagnostics) = Template.parse(SourceFile(path: "m.sql", text: text))
        if message.hasSuffix("is undefined") {
            // A bare `test` is a name, not a statement; it only fails when rendered.
            #expect(diagnostics.isEmpty)
            return
        }
        #expect(diagnostics.map(\.message) == [message])
    }

    @Test func templateStillParsesAroundErrors() {
        let (template, diagnostics) = Template.parse(
            SourceFile(path: "m.sql", text: "a << + >> b << macro ok() >>x<< endmacro >> << 1 + >>"))
        #expect(diagnostics.count == 2)
        #expect(template.macros.map(\.name) == ["ok"])
    }
}

@Suite struct ParserLimitTests {
    @Test func loopFiltersAreFiltersNotInlineConditions() throws {
        // `xs if x` alone would be `xs if x else none`; in a for header it is Jinja's loop filter.
        #expect(try render("<< for x in xs if x >><< x >><< endfor >>", ["xs": [0, 1, 2]]) == "12")
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deepExpression =
            "<< " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000) + " >>"
        let (_, d1) = Template.parse(SourceFile(path: "m.sql", text: deepExpression))
        #expect(d1.first?.message == "expression is nested more than 200 deep")
        let deepBlocks = String(repeating: "<< if x >>", count: 5000)
        let (_, d2) = Template.parse(SourceFile(path: "m.sql", text: deepBlocks))
        #expect(d2.contains { $0.message == "blocks are nested more than 200 deep" })
        let negations = "<< " + String(repeating: "-", count: 5000) + "1 >>"
        let (_, d3) = Template.parse(SourceFile(path: "m.sql", text: negations))
        #expect(d3.first?.message == "expression is nested more than 200 deep")
    }
}
