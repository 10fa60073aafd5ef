import SDBasics
import SDTemplate
import Testing

/// dbt's `{{ }}` / `{% %}` / `{# #}` in SQL text are errors at the braces, except where they can be
/// literal SQL (docs/template-language.md, "dbt's `{{ }}` and `{% %}` are compile errors").
@Suite("Jinja delimiters in templates")
struct JinjaDelimiterTests {
    static func find(_ text: String) -> [(String, String?)] {
        let file = SourceFile(path: "m.sql", text: text)
        return JinjaDelimiters.find(in: file).map { d in
            (d.range.map { String(decoding: file.utf8[$0.bytes], as: UTF8.self) } ?? "", d.hint)
        }
    }

    @Test func eachKindWithItsHint() {
        let found = Self.find("select * from {{ ref('a') }}\n{%- if x -%}\n{# note #}\n{% endif %}")
        #expect(found.map(\.0) == ["{{ ref('a') }}", "{%- if x -%}", "{# note #}", "{% endif %}"])
        #expect(found.map(\.1) == ["write << ref('a') >>", "write <<- if x ->>", "write <<# note #>>", "write << endif >>"])
    }

    @Test func literalSQLPlacesAreLeftAlone() {
        let text = """
            select '{{ a }}' as s, "{{b}}" as q, {'k': {'v': 1}} as st -- {{ c }}
            /* {% d %}
               {{ e }} */
            << '{{' >> from t <<# {{ f }} #>>
            """
        #expect(Self.find(text).isEmpty)
    }

    @Test func stringStateCarriesAcrossTags() {
        // The quote opened before the tag closes after it: the braces are inside the string.
        #expect(Self.find("select 'x << var(\"y\") >> {{ z }}' as s").isEmpty)
        #expect(Self.find("select 'x' << var('y') >> {{ z }}").map(\.0) == ["{{ z }}"])
    }

    @Test func unclosedOnItsLineIsPointedAtTheBraces() {
        let found = Self.find("select {{ ref('a')\n}}")
        #expect(found.map(\.0) == ["{{"])
    }
}
