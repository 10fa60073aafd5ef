import SDBasics
import SDTemplate
import Testing

@testable import SDImport

/// Each construct of docs/import-dbt.md written as dbt would, converted, then rendered by swiftdbt's
/// own template engine: the text must be what Jinja renders for the dbt original (worked out by hand
/// from Jinja's documented semantics, written next to each case).
@Suite struct ConvertedRenderTests {
    static let cases: [(dbt: String, jinja: String)] = [
        // `{%-` strips the newline and indentation before the tag; the for body keeps its own.
        ("select\n    {%- for c in ['a', 'b'] %}\n    {{ c }}{{ ',' if not loop.last }}\n    {%- endfor %}\nfrom t", "select\n    a,\n    b\nfrom t"),
        ("{% set x %}a{{ 1 + 1 }}{% endset %}[{{ x }}]", "[a2]"),
        ("{% macro m(a, b='B', c=none) %}{{ a }}-{{ b }}-{{ c }}{% endmacro %}{{ m(1, c=3) }}", "1-B-3"),
        ("{% macro wrap() %}({{ caller(5) }}){% endmacro %}{% call(n) wrap() %}n={{ n }}{% endcall %}", "(n=5)"),
        ("{% set ns = namespace(t=0) %}{% for i in [1, 2, 3] %}{% set ns.t = ns.t + i %}{% endfor %}{{ ns.t }}", "6"),
        ("{% for i in range(1, 7) if i is divisibleby 3 %}{{ i }}{% endfor %}", "36"),
        ("{% for i in [1, 2, 3, 4] %}{% if i == 3 %}{% break %}{% endif %}{{ i }}{% endfor %}", "12"),
        ("{% raw %}{{ x }} {% y %}{% endraw %}", "{{ x }} {% y %}"),
        ("select 1 << 4 as s, 2 <{{ 3 }}", "select 1 << 4 as s, 2 <3"),
        ("{% macro f() %}{{ return([1, 2]) }}{% endmacro %}{{ f() | length }}", "2"),
        ("a{# x #}b{#- y -#} c", "abc"),
        ("{% macro default__h(x) %}d{{ x }}{% endmacro %}{% macro h(x) %}{{ return(adapter.dispatch('h')(x)) }}{% endmacro %}{{ h(1) }}", "d1"),
        ("{{ 'a}}b' ~ {'k': {'v': 1}}['k']['v'] }}", "a}}b1"),
    ]

    @Test(arguments: cases.indices)
    func convertedTemplateRendersWhatJinjaRenders(_ index: Int) throws {
        let (dbt, jinja) = Self.cases[index]
        let converted = JinjaTranslator().translate(SourceFile(path: "models/m.sql", text: dbt))
        #expect(converted.diagnostics.isEmpty)
        let (template, syntax) = Template.parse(SourceFile(path: "models/m.sql", text: converted.text))
        #expect(syntax.isEmpty, "\(converted.text): \(syntax.map(\.message))")
        let rendered = try template.render(host: DictionaryHost(), adapterPrefix: "duckdb")
        #expect(rendered == jinja, "\(converted.text)")
    }
}
