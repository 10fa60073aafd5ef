import SDBasics
import Testing

@testable import SDTemplate

@Suite struct StatementTests {
    @Test func ifElifElse() throws {
        let t = "<< if x == 1 >>one<< elif x == 2 >>two<< else >>many<< endif >>"
        #expect(try render(t, ["x": 1]) == "one")
        #expect(try render(t, ["x": 2]) == "two")
        #expect(try render(t, ["x": 3]) == "many")
        #expect(try render("<< if none >>x<< endif >>.") == ".")
    }

    @Test func forLoopVariables() throws {
        let out = try render(
            "<< for c in ['a', 'b', 'c'] >><< c >><< loop.index >><< loop.index0 >><< loop.revindex >>"
                + "<< 'F' if loop.first >><< 'L' if loop.last >>/<< loop.length >><< ',' if not loop.last >><< endfor >>"
        )
        #expect(out == "a103F/3,b212/3,c321L/3")
    }

    @Test func forElseAndUnpacking() throws {
        #expect(try render("<< for x in [] >><< x >><< else >>empty<< endfor >>") == "empty")
        #expect(
            try render("<< for k, v in {'a': 1, 'b': 2}.items() >><< k >>=<< v >>;<< endfor >>")
                == "a=1;b=2;")
        #expect(try render("<< for k in {'a': 1, 'b': 2} >><< k >><< endfor >>") == "ab")
        #expect(try render("<< for a, b in [[1, 2], [3, 4]] >><< a + b >> << endfor >>") == "3 7 ")
    }

    @Test func nestedLoopsKeepTheirOwnLoopVariable() throws {
        let out = try render(
            "<< for i in [1, 2] >><< for j in ['a', 'b'] >><< loop.index >><< j >><< endfor >>:<< loop.index >> << endfor >>"
        )
        #expect(out == "1a2b:1 1a2b:2 ")
    }

    @Test func setInsideLoopDoesNotLeak() throws {
        #expect(
            try render(
                "<< set x = 'out' >><< for i in [1] >><< set x = 'in' >><< x >><< endfor >> << x >>")
                == "in out")
    }

    @Test func setForms() throws {
        #expect(try render("<< set a, b = [1, 2] >><< a >><< b >>") == "12")
        #expect(try render("<< set a, b = 1, 2 >><< b >><< a >>") == "21")
        #expect(try render("<< set body >>x << 1 + 1 >><< endset >>[<< body >>]") == "[x 2]")
    }

    @Test func doEvaluatesWithoutOutput() throws {
        #expect(
            try render("<< set xs = [] >><< do xs.append(1) >><< do xs.append(2) >><< xs >>") == "[1, 2]")
    }

    @Test func commentsProduceNothing() throws {
        #expect(try render("a<<# << ref('x') >> is ignored #>>b") == "ab")
    }

    @Test(arguments: [
        ("a  \n  <<- 'x' >>  b", "ax  b"),
        ("a  << 'x' ->>  \n b", "a  xb"),
        ("select\n  <<- if true ->>\n  1\n<<- endif >>\n", "select1\n"),
        ("a \n<<-# note #->>\n b", "ab"),
        ("a \n<<#- note -#>>\n b", "ab"),
        ("a\n<<# no trim #>>\nb", "a\n\nb"),
        ("<< for x in [1, 2] ->>\n  << x >>\n<<- endfor >>", "12"),
    ])
    func whitespaceControl(_ template: String, _ expected: String) throws {
        #expect(try render(template) == expected)
    }

    @Test func literalDelimitersCanBeWrittenAsStrings() throws {
        #expect(try render("select 1 << '<<' >> 2, 8 << '>>' >> 1") == "select 1 << 2, 8 >> 1")
    }

    @Test func renderingDoesNotChangeTheTemplate() throws {
        let template = try parseClean("<< set xs = [] >><< do xs.append(1) >><< xs | length >>")
        let renderer = TemplateRenderer(host: DictionaryHost())
        #expect(try renderer.render(template) == "1")
        #expect(try renderer.render(template) == "1")
    }
}
