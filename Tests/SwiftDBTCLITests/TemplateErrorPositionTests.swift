import Foundation
import Testing

/// A database error names the template line that wrote the failing SQL (issue 19, item 7), with the
/// real duckdb CLI's error text: the model file, line and column with a caret, and the compiled line.
@Suite(.serialized) struct TemplateErrorPositionTests {
    @Test func unknownColumnInsideAnIfBlockPointsAtTheModelLine() async throws {
        let p = try TempProject(files: [
            "models/base.sql": "select 1 as id, 'é' as name",
            "models/broken.sql": """
            << config(materialized='table') ->>
            select id,
            << if true >>
              name, no_such_column
            << endif >>
            from << ref('base') >>
            """,
        ])
        let r = try await CLI.swiftdbt(["run"], in: p)
        #expect(r.status == 1)
        #expect(r.stdout.contains("Referenced column \"no_such_column\" not found"), "\(r.stdout)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.drop { $0 != " " }.dropFirst(2)) }
        // The template position, its line and a caret under the column name.
        let header = try #require(
            lines.firstIndex { $0.hasPrefix("  models/broken.sql:4:9: error: database error: Binder Error:") },
            "\(r.stdout)")
        #expect(lines[header + 1] == "    4 |   name, no_such_column")
        #expect(lines[header + 2] == "      |         ^" + String(repeating: "~", count: "no_such_column".count - 1))
        // The compiled line: the `<< if >>` and config lines are gone, so it is line 3 there.
        let compiled = try #require(
            lines.firstIndex { $0.hasPrefix("  target/compiled/proj/models/broken.sql:3:9: note: compiled SQL") },
            "\(r.stdout)")
        #expect(lines[compiled + 1] == "    3 |   name, no_such_column")
        let compiledFile = try p.read("target/compiled/proj/models/broken.sql")
        #expect(compiledFile.split(separator: "\n", omittingEmptySubsequences: false)[2] == "  name, no_such_column")
    }

    @Test func errorsInsideAMacroNoteTheMacroLineAndEphemeralErrorsNameTheirFile() async throws {
        let p = try TempProject(files: [
            "macros/cents.sql": "<< macro cents(col) >>round(<< col >> / 100.0, bad_places)<< endmacro >>\n",
            "models/eph.sql": "<< config(materialized='ephemeral') >>\nselect 1 as id,\n  2 as amount\n",
            "models/via_macro.sql": "select\n  << cents('amount') >> as a\nfrom << ref('eph') >>\n",
            "models/via_eph.sql": "<< config(materialized='ephemeral') >>\nselect 1 as id, missing_in_eph from (select 1 as id) s\n",
            "models/uses_eph.sql": "select * from << ref('via_eph') >>\n",
        ])
        // One thread: with several, one failing view's open transaction fails its neighbours on the
        // shared duckdb process (issue 19, item 1, handled elsewhere), which is not what this tests.
        let r = try await CLI.swiftdbt(["run", "--threads", "1"], in: p)
        #expect(r.status == 1)
        let out = r.stdout
        #expect(out.contains("models/via_macro.sql:2:6: error: database error: Binder Error: Referenced column \"bad_places\""), "\(out)")
        #expect(out.contains("macros/cents.sql:1:48: note: written by this macro text"), "\(out)")
        // The ephemeral model's error is in the CTE injected into uses_eph: it points into via_eph.sql.
        #expect(out.contains("models/via_eph.sql:2:17: error: database error: Binder Error: Referenced column \"missing_in_eph\""), "\(out)")
    }

    @Test func dataTestErrorsPointAtTheTestFileOrTheDeclaration() async throws {
        let p = try TempProject(files: [
            "models/m.sql": "select 1 as id\n",
            "models/_p.yml": "version: 2\nmodels:\n  - name: m\n    columns:\n      - name: idd\n        tests: [not_null]\n",
            "tests/t.sql": "select *\nfrom << ref('m') >>\nwhere nope > 1\n",
        ])
        let r = try await CLI.swiftdbt(["build", "--threads", "1"], in: p)
        #expect(r.status == 1)
        // A singular test is a template like a model.
        #expect(r.stdout.contains("tests/t.sql:3:7: error: database error: Binder Error: Referenced column \"nope\""), "\(r.stdout)")
        // A generic test points where it is declared, with a note in the test block that wrote the column.
        #expect(r.stdout.contains("models/_p.yml:6:17: error: database error: Binder Error: Referenced column \"idd\""), "\(r.stdout)")
        #expect(r.stdout.contains("builtin_tests.sql:4:10: note: written by this macro text"), "\(r.stdout)")
    }

    @Test func anErrorInEngineGeneratedSQLSaysSoInsteadOfGuessing() async throws {
        // The model's SQL is cut short, so DuckDB's parser stops at the `)` swiftdbt's
        // `create table … as (` wrapper puts after it: a position in no template.
        let p = try TempProject(files: ["models/m.sql": "<< config(materialized='table') >>\nselect 1 as x from (select 1) s where"])
        let r = try await CLI.swiftdbt(["run"], in: p)
        #expect(r.status == 1)
        #expect(r.stdout.contains("Parser Error: syntax error"), "\(r.stdout)")
        #expect(r.stdout.contains("models/m.sql: error: database error: Parser Error: syntax error"), "\(r.stdout)")
        #expect(r.stdout.contains("failing statement:"), "\(r.stdout)")
        #expect(r.stdout.contains("hint: the position is in SQL swiftdbt generated around the model's code"), "\(r.stdout)")
        #expect(!r.stdout.contains("models/m.sql:2:"), "\(r.stdout)")
    }
}
