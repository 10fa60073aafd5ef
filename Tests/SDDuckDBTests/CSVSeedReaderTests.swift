import Foundation
import SDBasics
import Testing

@testable import SDEngine

/// CSV syntax follows RFC 4180; NULL handling and inference follow dbt-core's seed type tester
/// (agate_helper.build_type_tester), with the differences SeedReader documents.
@Suite struct CSVSeedReaderTests {
    private func read(_ text: String, columnTypes: [String: String] = [:]) -> (SeedTable?, String) {
        var bag = DiagnosticBag()
        let table = SeedReader.read(path: "seeds/s.csv", text: text, columnTypes: columnTypes, diagnostics: &bag)
        return (table, DiagnosticRenderer().render(bag.diagnostics))
    }

    @Test func quotedFieldsHoldCommasNewlinesAndDoubledQuotes() throws {
        let (table, diagnostics) = read("id,name,note\r\n1,\"Smith, J\",\"said \"\"hi\"\"\r\nthen left\"\r\n2,é€😀,plain\r\n")
        #expect(diagnostics == "")
        let t = try #require(table)
        #expect(t.columns.map(\.name) == ["id", "name", "note"])
        #expect(
            t.rows == [
                [.integer(1), .text("Smith, J"), .text("said \"hi\"\r\nthen left")],
                [.integer(2), .text("é€😀"), .text("plain")],
            ])
    }

    @Test func byteOrderMarkIsDroppedAndLastLineNeedsNoBreak() throws {
        let (table, diagnostics) = read("\u{FEFF}symbol,grp\nAAPL,tech\nXOM,energy")
        #expect(diagnostics == "")
        #expect(table?.columns.map(\.name) == ["symbol", "grp"])
        #expect(table?.rows.count == 2)
        #expect(table?.rows.last == [.text("XOM"), .text("energy")])
    }

    @Test func emptyQuotedEmptyAndNullTextAreAllNull() throws {
        let (table, _) = read("a,b,c\n,\"\",NULL\nx,null,\"Null\"\n")
        #expect(table?.rows == [[.null, .null, .null], [.text("x"), .null, .null]])
        #expect(table?.columns.map(\.type) == [.text, .text, .text])
    }

    @Test(arguments: [
        ("true\nFALSE\n\nTrue", SeedLogicalType.boolean),
        ("1\n-42\n+7\n9223372036854775807", .integer),
        ("1\n2.5\n-3e4", .double),
        ("9223372036854775808\n1", .double),
        ("2024-02-29\n1999-12-31", .date),
        ("2024-01-01 10:00:00\n2024-01-01T10:00:00.123456\n2024-01-02", .timestamp),
        ("007\n12", .text),
        ("2023-02-29", .text),
        ("2024-01-01 24:00:00", .text),
        ("1\ntrue", .text),
        ("yes\nno", .text),
        ("\nnull", .text),
        (" 1", .text),
        ("1.\n.5", .double),
    ])
    func infersTheNarrowestTypeOverAllValues(values: String, expected: SeedLogicalType) throws {
        let (table, diagnostics) = read("v\n" + values + "\n")
        #expect(diagnostics == "")
        #expect(table?.columns.first?.type == expected)
    }

    @Test func valuesAreTypedByTheirColumn() throws {
        let (table, _) = read("b,i,d,dt,ts\ntrue,5,1,2024-01-31,2024-01-31T08:30:00.5\nFalse,,2.25,,2024-01-31\n")
        #expect(
            table?.rows == [
                [.boolean(true), .integer(5), .double(1), .date("2024-01-31"), .timestamp("2024-01-31 08:30:00.5")],
                [.boolean(false), .null, .double(2.25), .null, .timestamp("2024-01-31")],
            ])
    }

    @Test func columnTypesOverrideInferenceAndUnknownNamesWarn() throws {
        let (table, diagnostics) = read("zip,amount\n00501,3\n,4\n", columnTypes: ["zip": "VARCHAR(5)", "amout": "DECIMAL(10,2)"])
        #expect(
            table?.columns == [
                SeedColumn(name: "zip", type: .sql("VARCHAR(5)"), isOverridden: true),
                SeedColumn(name: "amount", type: .integer),
            ])
        #expect(table?.rows == [[.text("00501"), .integer(3)], [.null, .integer(4)]])
        #expect(
            diagnostics == """
                seeds/s.csv: warning: column_types names 'amout' (DECIMAL(10,2)), which is not a column of this seed
                seeds/s.csv: note: did you mean 'amount'?

                """)
    }

    @Test func unterminatedQuotePointsAtTheOpeningQuote() {
        let (table, diagnostics) = read("a,b\n1,\"open\n2,3\n")
        #expect(table == nil)
        #expect(
            diagnostics == """
                seeds/s.csv:2:3: error: unterminated quoted field
                  2 | 1,"open
                    |   ^
                  hint: close the field with a double quote; a quote inside a field is written twice ("")

                """)
    }

    @Test func wrongFieldCountsAreAllReportedWithExpectedAndFound() {
        let (table, diagnostics) = read("a,b,c\n1,2\n1,2,3\n1,2,3,4,5\n")
        #expect(table == nil)
        #expect(
            diagnostics == """
                seeds/s.csv:2:4: error: expected 3 fields as in the header, found 2
                  2 | 1,2
                    |    ^
                  hint: every row needs one value per column; leave a field empty (nothing between two commas) for NULL
                seeds/s.csv:4:7: error: expected 3 fields as in the header, found 5
                  4 | 1,2,3,4,5
                    |       ^~~
                  hint: a value that holds a comma must be enclosed in double quotes, as in "Paris, France"

                """)
    }

    @Test func duplicateAndEmptyHeaderNames() {
        let (table, diagnostics) = read("id,name,,id\n1,2,3,4\n")
        #expect(table == nil)
        #expect(
            diagnostics == """
                seeds/s.csv:1:9: error: empty column name in the header
                  1 | id,name,,id
                    |         ^
                seeds/s.csv:1:10: error: duplicate column name 'id'
                  1 | id,name,,id
                    |          ^~
                seeds/s.csv:1:1: note: 'id' is first named here
                  1 | id,name,,id
                    | ^~

                """)
    }

    @Test func strayQuotesAndTextAfterAClosingQuote() {
        let (table, diagnostics) = read("a,b\nab\"c,1\n\"x\"y,2\n")
        #expect(table == nil)
        #expect(
            diagnostics == """
                seeds/s.csv:2:3: error: quote inside an unquoted field
                  2 | ab"c,1
                    |   ^
                  hint: enclose the field in double quotes and write the quote twice ("")
                seeds/s.csv:3:4: error: unexpected text after the closing quote of a field
                  3 | "x"y,2
                    |    ^
                  hint: a quoted field ends at its closing quote; put the whole value inside the quotes

                """)
    }

    @Test func emptyFileNeedsAHeader() {
        let (table, diagnostics) = read("")
        #expect(table == nil)
        #expect(
            diagnostics == """
                seeds/s.csv:1:1: error: seed file is empty; a header row with the column names is required
                  1 | 
                    | ^
                  hint: write the column names on the first line, as in 'id,name', then one row per line

                """)
    }

    @Test func bytesThatAreNotUTF8AreRefusedWhereTheyAre() {
        // LocalFileSystem decodes with replacement, so a Latin-1 'é' (0xE9) arrives as U+FFFD.
        let text = String(decoding: Array("id,name\n1,caf".utf8) + [0xE9] + Array("\n".utf8), as: UTF8.self)
        let (table, diagnostics) = read(text)
        #expect(table == nil)
        #expect(diagnostics.hasPrefix("seeds/s.csv:2:6: error: file is not valid UTF-8"))
    }

    @Test func literalsEscapeAndTypeTheirValues() {
        #expect(SeedLiteral.sql(.text("it's é\n"), as: .text) == "'it''s é\n'")
        #expect(SeedLiteral.sql(.null, as: .integer) == "NULL")
        #expect(SeedLiteral.sql(.boolean(false), as: .boolean) == "FALSE")
        #expect(SeedLiteral.sql(.integer(-9), as: .integer) == "-9")
        #expect(SeedLiteral.sql(.double(2.5), as: .double) == "2.5E0")
        #expect(SeedLiteral.sql(.double(1e-7), as: .double) == "1E-07")
        #expect(SeedLiteral.sql(.date("2024-01-31"), as: .date) == "DATE '2024-01-31'")
        #expect(SeedLiteral.sql(.timestamp("2024-01-31 08:30:00"), as: .timestamp) == "TIMESTAMP '2024-01-31 08:30:00'")
        #expect(SeedLiteral.sql(.text("O'Neil"), as: .sql("VARCHAR(10)")) == "CAST('O''Neil' AS VARCHAR(10))")
        #expect(SeedLiteral.identifier("we\"ird") == "\"we\"\"ird\"")
    }

    @Test func insertStatementsBatchRows() throws {
        let (table, _) = read("a,b\n1,x\n2,\n3,z\n")
        let statements = SeedLiteral.insertStatements(try #require(table), into: "main.s", rowsPerStatement: 2)
        #expect(
            statements == [
                "INSERT INTO main.s (\"a\", \"b\") VALUES\n(1, 'x'),\n(2, NULL)",
                "INSERT INTO main.s (\"a\", \"b\") VALUES\n(3, 'z')",
            ])
    }
}
