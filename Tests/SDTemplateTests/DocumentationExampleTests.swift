import SDBasics
import Testing

@testable import SDTemplate

/// The examples of docs/template-language.md, so the reference cannot drift from the code.
@Suite struct DocumentationExampleTests {
    @Test func whitespaceControlExample() throws {
        let text = """
            select
                << for c in ['a', 'b'] ->>
                << c >><< ',' if not loop.last >>
                <<- endfor >>
            from t
            """
        #expect(try render(text) == "select\n    a,b\nfrom t")
    }

    @Test func forLoopExample() throws {
        let text = """
            select
            << for col in ['a', 'b', 'c'] >>
                sum(<< col >>) as total_<< col >><< ',' if not loop.last >>
            << endfor >>
            from << ref('facts') >>
            """
        #expect(
            try render(
                text,
                [
                    "ref": .function("ref") { args in
                        .string("\"main\".\"\(args.positional[0].value.renderedText)\"")
                    }
                ])
                == "select\n\n    sum(a) as total_a,\n\n    sum(b) as total_b,\n\n    sum(c) as total_c\n\nfrom \"main\".\"facts\""
        )
    }

    @Test func collectAcrossIterationsExample() throws {
        let text = """
            << set cols = [] >>
            << for c in columns >><< do cols.append('max(' ~ c ~ ')') >><< endfor >>
            select << cols | join(', ') >> from t
            """
        #expect(try render(text, ["columns": ["x", "y"]]) == "\n\nselect max(x), max(y) from t")
    }

    @Test func returnExample() throws {
        let macros = [
            (
                "macros/m.sql",
                "<< macro metric_columns() >>\n    << do return(['revenue', 'cost', 'margin']) >>\n<< endmacro >>"
            )
        ]
        #expect(
            try render("select << metric_columns() | join(', ') >> from f", macros: macros)
                == "select revenue, cost, margin from f")
    }

    @Test(arguments: [
        ("duckdb", "md5(cast(customer_id as varchar))"),
        ("athena", "to_hex(md5(to_utf8(cast(customer_id as varchar))))"),
    ])
    func dispatchExample(_ adapter: String, _ expected: String) throws {
        let macros = [
            (
                "macros/hash.sql",
                """
                << macro default__hash(expr) >>md5(cast(<< expr >> as varchar))<< endmacro >>
                << macro athena__hash(expr) >>to_hex(md5(to_utf8(cast(<< expr >> as varchar))))<< endmacro >>
                """
            )
        ]
        #expect(try render("<< hash('customer_id') >>", macros: macros, adapter: adapter) == expected)
    }

    @Test func literalShiftExample() throws {
        #expect(try render("select 1 << '<<' >> 4 as sixteen") == "select 1 << 4 as sixteen")
    }

    @Test func macroArityExample() throws {
        let macros = [
            (
                "macros/money.sql",
                "<< macro cents_to_dollars(column_name, scale=2) >>\n    round(<< column_name >> / 100.0, << scale >>)\n<< endmacro >>"
            )
        ]
        let template = try parseClean(
            "-- orders\nselect << cents_to_dollars('amount', 2, 3) >> as amount",
            path: "models/orders.sql")
        let renderer = TemplateRenderer(host: DictionaryHost(), library: try library(macros))
        do {
            _ = try renderer.render(template)
            Issue.record("expected an error")
        } catch {
            #expect(
                DiagnosticRenderer().render(error.diagnostics) == """
                    models/orders.sql:2:11: error: macro 'cents_to_dollars' takes 1 or 2 arguments but 3 were given
                      2 | select << cents_to_dollars('amount', 2, 3) >> as amount
                        |           ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
                    macros/money.sql:1:10: note: 'cents_to_dollars' defined here
                      1 | << macro cents_to_dollars(column_name, scale=2) >>
                        |          ^~~~~~~~~~~~~~~~

                    """)
        }
    }

    @Test func undefinedNameExample() throws {
        let template = try parseClean(
            "<< set orders = 'o' >>\n\n\nselect * from << ordres >>", path: "models/orders.sql")
        do {
            _ = try TemplateRenderer(host: DictionaryHost()).render(template)
            Issue.record("expected an error")
        } catch {
            #expect(
                DiagnosticRenderer().render(error.diagnostics) == """
                    models/orders.sql:4:18: error: 'ordres' is undefined
                      4 | select * from << ordres >>
                        |                  ^~~~~~
                    models/orders.sql:4:18: note: did you mean 'orders'?

                    """)
        }
    }

    @Test func callBlockExample() throws {
        let text = """
            << macro in_transaction(name) >>
            -- << name >>
            begin;
            << caller() >>
            commit;
            << endmacro >>

            << set table_name = 'orders' >>
            << call in_transaction('load') >>
            insert into << table_name >> select * from staging_<< table_name >>;
            << endcall >>
            """
        #expect(try render(text) == "\n\n\n\n-- load\nbegin;\n\ninsert into orders select * from staging_orders;\n\ncommit;\n")
    }

    @Test func namespaceAndLoopFilterExamples() throws {
        let ns = """
            << set ns = namespace(total=0, first_col=none) >>
            << for c in columns >>
              << set ns.total = ns.total + 1 >>
              << if ns.first_col is none >><< set ns.first_col = c >><< endif >>
            << endfor >>
            -- << ns.total >> columns, starting with << ns.first_col >>
            """
        #expect(try render(ns, ["columns": ["id", "amount"]]).hasSuffix("-- 2 columns, starting with id"))
        let filtered = "<< for c in columns if c != 'id' >>max(<< c >>) as << c >><< ',' if not loop.last >><< endfor >>"
        #expect(try render(filtered, ["columns": ["id", "a", "b"]]) == "max(a) as a,max(b) as b")
    }
}
