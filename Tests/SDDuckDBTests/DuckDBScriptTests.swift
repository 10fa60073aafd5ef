import Testing

@testable import SDDuckDB

/// The splitting rules follow what duckdb-cli 1.5.6 treats as a complete statement (measured).
@Suite struct DuckDBScriptTests {
    @Test func splitsOnSemicolonsOutsideQuotesAndComments() {
        let s = DuckDBScript("select 'a;b'; select \"x;y\" -- c;\n; /* ; */ select $t$;$t$; select 1")
        #expect(s.statements == ["select 'a;b'", "select \"x;y\" -- c;", "/* ; */ select $t$;$t$", "select 1"])
        #expect(s.needsTerminator)
        #expect(s.incompleteReason == nil)
    }

    @Test(arguments: [
        ("select 'abc", "unterminated string literal starting on line 1"),
        ("select 1;\nselect \"abc", "unterminated quoted identifier starting on line 2"),
        ("select /* x", "unterminated /* comment starting on line 1"),
        ("select $$ x $", "unterminated $$ string starting on line 1"),
    ])
    func reportsTextThatLeavesTheCLIWaiting(sql: String, reason: String) {
        #expect(DuckDBScript(sql).incompleteReason == reason)
    }

    @Test func commentOnlyPiecesAreNotStatements() {
        let s = DuckDBScript("-- only a comment\n;\nselect 1; -- trailing")
        #expect(s.statements == ["select 1"])
        #expect(!s.needsTerminator)
        #expect(s.endsInLineComment)
        #expect(!DuckDBScript("select 1 -- c\n").endsInLineComment)
        #expect(DuckDBScript("select 1 as a, $1").statements == ["select 1 as a, $1"])
    }

    @Test func findsDotCommandsAtTheStartOfALine() {
        #expect(DuckDBScript("select 1;\n.mode csv\n").dotCommand == ".mode csv")
        #expect(DuckDBScript("select\n.5 as x;").dotCommand == nil)
    }
}
