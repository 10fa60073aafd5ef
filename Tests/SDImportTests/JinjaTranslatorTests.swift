import SDBasics
import Testing

@testable import SDImport

/// The Jinja → `<< >>` rewrite of one file (docs/import-dbt.md), checked on the exact bytes.
@Suite struct JinjaTranslatorTests {
    func convert(_ text: String, _ mode: JinjaTranslator.Mode = .sql) -> JinjaTranslator.Result {
        JinjaTranslator(mode: mode).translate(SourceFile(path: "models/m.sql", text: text))
    }

    @Test func delimitersAndWhitespaceControlKeepTheirSide() {
        let r = convert("select {{ ref('a') }}\n{%- if x -%}\n  1\n{%+ endif +%}{#- note -#}{# c #}\n")
        #expect(r.text == "select << ref('a') >>\n<<- if x ->>\n  1\n<< endif >><<-# note #->><<# c #>>\n")
        #expect(r.diagnostics.isEmpty)
        #expect(r.converted == 5)
    }

    @Test func closingDelimitersInsideStringsAndBracketsDoNotEndTheTag() {
        let r = convert("{{ '}}' ~ \"%}\" }} {% set d = {'a': {'b': 1}} %}{{ d['a'] }}")
        #expect(r.text == "<< '}}' ~ \"%}\" >> << set d = {'a': {'b': 1}} >><< d['a'] >>")
    }

    @Test func literalLessThanRunsInSQLAreWrittenAsStrings() {
        let r = convert("select 1 << 4, a < b, x <{{ y }}, '<<<' as s")
        #expect(r.text == "select 1 << '<<' >> 4, a < b, x << '<' >><< y >>, '<< '<<<' >>' as s")
        // YAML keeps `<<` (the merge key) as it is.
        #expect(convert("<<: *defaults\n", .yaml).text == "<<: *defaults\n")
    }

    @Test func rawBlocksBecomeEscapedText() {
        let r = convert("a {% raw %}{{ not_a_tag }} << x{% endraw %} b {%- raw -%} {%x{%- endraw %}")
        #expect(r.text == "a << '{{' >> not_a_tag }} << '<<' >> x b <<- '' ->> << '{%' >>x<<- '' >>")
    }

    @Test func testsWithoutParenthesesGetThem() {
        let r = convert("{% if loop.index is divisibleby 3 and x is not sameas false and y is none %}{% endif %}")
        #expect(r.text == "<< if loop.index is divisibleby(3) and x is not sameas(false) and y is none >><< endif >>")
    }

    @Test func namesWithoutEquivalentFailLoudlyWhereUsedAndAreReported() throws {
        let r = convert("select 1\n{% set rel = adapter.get_relation(this) %}{{ adapter.dispatch('m', 'pkg')() }}\n{% set graph = 1 %}{{ x.graph }}")
        let expected =
            "select 1\n<< set rel = exceptions.raise_compiler_error("
            + "'import-dbt: models/m.sql:2:14: \\'adapter.get_relation\\' has no swiftdbt equivalent')(this) >>"
            + "<< adapter.dispatch('m', 'pkg')() >>\n<< set graph = 1 >><< x.graph >>"
        #expect(r.text == expected)
        #expect(r.diagnostics.count == 1)
        let d = try #require(r.diagnostics.first)
        #expect(d.severity == .error)
        #expect(d.range?.start.description == "2:14")
        #expect(d.range?.text == "adapter.get_relation")
    }

    @Test func statementsWithoutEquivalentAreReportedAndKept() {
        let r = convert("{% materialization m, adapter='duckdb' %}x{% endmaterialization %}")
        #expect(r.text == "<< materialization m, adapter='duckdb' >>x<< endmaterialization >>")
        #expect(r.diagnostics.map(\.message).allSatisfy { $0.contains("has no swiftdbt equivalent") })
        #expect(r.diagnostics.count == 2)
    }

    @Test func anUnclosedTagIsReportedAndLeftAsWritten() {
        let r = convert("select 1\nfrom {{ ref('a')\n")
        #expect(r.text == "select 1\nfrom {{ ref('a')\n")
        #expect(r.diagnostics.count == 1)
        #expect(r.diagnostics.first?.range?.start.description == "2:6")
    }

    @Test func convertingIsAPureFunctionOfTheText() {
        let text = "{%- macro m(a, b='x') -%}{{ a ~ b }}{%- endmacro %}\nselect {{ m(1, b=2) }} << 1"
        #expect(convert(text).text == convert(text).text)
    }
}
