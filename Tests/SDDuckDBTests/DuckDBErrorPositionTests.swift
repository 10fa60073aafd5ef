import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDTemplate
import Testing

@testable import SDDuckDB

/// Positions read from the real duckdb CLI's error excerpts (`LINE n:` and a caret), checked by
/// the text found at the byte offset they give.
@Suite(.serialized) struct DuckDBErrorPositionTests {
    /// Runs `sql` on a fresh in-memory database with a table t(a), expecting it to fail, and returns
    /// the text at the parsed offset (up to `length` bytes) and the parsed line.
    func failure(_ sql: String, length: Int) throws -> (line: Int, text: String?, message: String) {
        let db = try DuckDBTestSupport.open()
        defer { db.close() }
        _ = try db.execute("create table t as select 1 as a")
        var failed: (message: String, statement: String)?
        do {
            _ = try db.execute(sql)
        } catch {
            if case .statementFailed(let message, let statement, _) = error { failed = (message, statement) }
        }
        guard let failed else {
            Issue.record("\(sql) did not fail with a statement error")
            return (0, nil, "")
        }
        let p = try #require(DuckDBErrorPosition.parse(message: failed.message, statement: failed.statement), "no position in \(failed.message)")
        let bytes = Array(failed.statement.utf8)
        let text = p.offset.map { String(decoding: bytes[$0..<min(bytes.count, $0 + length)], as: UTF8.self) }
        return (p.line, text, failed.message)
    }

    @Test func unknownColumnOnALaterLine() throws {
        let r = try failure("select a,\n  a + 1,\n  no_such_column\nfrom t", length: 14)
        #expect(r.line == 3 && r.text == "no_such_column", "\(r.message)")
        // DuckDB ends a line at `\r\n`, `\n` and a lone `\r` (so `\n\r` is two line ends).
        let crlf = try failure("select a,\r\n  a + 1,\r\n  no_such_column\r\nfrom t", length: 14)
        #expect(crlf.line == 3 && crlf.text == "no_such_column", "\(crlf.message)")
        let lone = try failure("select a,\r  a + 1,\n\r  no_such_column\rfrom t", length: 14)
        #expect(lone.line == 4 && lone.text == "no_such_column", "\(lone.message)")
    }

    @Test func multiByteAndWideCharactersBeforeTheError() throws {
        let e = try failure("select 'ééééé', nope from t", length: 4)
        #expect(e.text == "nope", "\(e.message)")
        #expect(try failure("select '漢字漢字', nope from t", length: 4).text == "nope")
        #expect(try failure("select 1,\n\t\tnope from t", length: 4).text == "nope")
    }

    @Test func longLinesCutIntoAWindowOnBothSides() throws {
        let many = Array(repeating: "a", count: 40).joined(separator: ", ")
        let r = try failure("select \(many), nope, \(many) from t", length: 4)
        #expect(r.message.contains("LINE 1: ...") && r.message.contains("..."))
        #expect(r.text == "nope", "\(r.message)")
        let wide = String(repeating: "é", count: 90)
        #expect(try failure("select '\(wide)', nope from t", length: 4).text == "nope")
    }

    @Test func errorsWithoutANameStillGetTheirColumn() throws {
        // Conversion Error: … with the caret on the cast.
        let r = try failure("select 1,\n  cast('x' as int) from t", length: 4)
        #expect(r.line == 2 && r.text == "cast", "\(r.message) \(String(describing: r.text))")
    }

    @Test func aWindowThatOccursTwiceOnTheLineGivesOnlyTheLine() throws {
        // A periodic line: the window around the caret is found at many places and the name
        // `nope` occurs many times, so no column is claimed.
        let pattern = "nope, a, a, a, "
        let line = "select " + String(repeating: pattern, count: 10)
        let window = String(String(repeating: pattern, count: 3).prefix(40))
        let message =
            "Binder Error: Referenced column \"nope\" not found in FROM clause!\n\nLINE 1: ...\(window)...\n"
            + String(repeating: " ", count: "LINE 1: ...".count) + "^"
        #expect(DuckDBErrorPosition.parse(message: message, statement: line) == StatementPosition(line: 1, lineStart: 0, offset: nil))
        // The same excerpt on a line where the window is unique gives the column.
        let unique = "select x, " + window + " from t"
        #expect(DuckDBErrorPosition.parse(message: message, statement: unique) == StatementPosition(line: 1, lineStart: 0, offset: 10))
    }

    @Test func messagesWithoutAnExcerptHaveNoPosition() {
        #expect(DuckDBErrorPosition.parse(message: "Binder Error: column b must appear in the GROUP BY clause", statement: "select b") == nil)
    }
}

/// From a statement position to the template position, through the node's source map.
@Suite struct DatabaseErrorLocatorTests {
    static let template = "<< config(materialized='table') ->>\nselect id,\n<< if true >>\n  name, no_such_column\n<< endif >>\nfrom t\n"

    func node() throws -> CompiledNode {
        let (t, diags) = Template.parse(SourceFile(path: "models/m.sql", text: Self.template))
        #expect(diags.isEmpty)
        let host = DictionaryHost(["config": .function("config") { _ in .none }])
        let (sql, map) = try TemplateRenderer(host: host).renderMapped(t)
        var n = CompiledNode(
            uniqueId: "model.p.m", name: "m", resourceType: .model, packageName: "p", fqn: ["p", "m"],
            originalFilePath: "models/m.sql", path: "m.sql", compiledCode: sql, compiledPath: "target/compiled/p/models/m.sql")
        n.sourceMap = map
        return n
    }

    func lineStart(_ statement: String, _ line: Int) -> Int {
        StatementPosition.lines(of: Array(statement.utf8), alsoCarriageReturn: false)[line - 1].lowerBound
    }

    func render(_ error: EngineError, _ node: CompiledNode) -> String {
        DiagnosticRenderer().render(DatabaseErrorLocator.diagnostics(for: error, node: node))
    }

    @Test func aPositionInTheModelsCodeNamesTheTemplateLine() throws {
        let n = try node()
        let statement = "create table \"m__tmp\" as (\n\(n.compiledCode.trimmingCharacters(in: .whitespacesAndNewlines))\n)"
        let offset = try #require(statement.utf8.firstRange(of: "no_such_column".utf8)).lowerBound
        let at = statement.utf8.distance(from: statement.utf8.startIndex, to: offset)
        let e = EngineError(
            .database, "Binder Error: Referenced column \"no_such_column\" not found\n\nLINE 4: …",
            statement: statement, position: StatementPosition(line: 4, lineStart: lineStart(statement, 4), offset: at))
        #expect(
            render(e, n) == """
                models/m.sql:4:9: error: database error: Binder Error: Referenced column "no_such_column" not found
                  4 |   name, no_such_column
                    |         ^~~~~~~~~~~~~~
                target/compiled/p/models/m.sql:3:9: note: compiled SQL
                  3 |   name, no_such_column
                    |         ^~~~~~~~~~~~~~

                """)
    }

    @Test func aPositionInTheEnginesWrapperIsNotGivenATemplateLine() throws {
        let n = try node()
        let statement = "create table \"m__tmp\" as (\n\(n.compiledCode.trimmingCharacters(in: .whitespacesAndNewlines))\n) with junk"
        let at = statement.utf8.count - 4
        let e = EngineError(
            .database, "Parser Error: syntax error at or near \"junk\"", statement: statement,
            position: StatementPosition(line: 7, lineStart: lineStart(statement, 7), offset: at))
        let text = render(e, n)
        #expect(text.hasPrefix("models/m.sql: error: database error: Parser Error: syntax error at or near \"junk\"\n"), "\(text)")
        #expect(text.contains("failing statement:7:8: note: statement line 7\n  7 | ) with junk\n    |        ^~~~"), "\(text)")
        #expect(text.contains("hint: the position is in SQL swiftdbt generated around the model's code"))
    }

    @Test func aLineWithoutAColumnNamesOnlyTheCompiledLine() throws {
        let n = try node()
        let statement = "create table \"m__tmp\" as (\n\(n.compiledCode.trimmingCharacters(in: .whitespacesAndNewlines))\n)"
        let lines = StatementPosition.lines(of: Array(statement.utf8), alsoCarriageReturn: false)
        let e = EngineError(
            .database, "Binder Error: x", statement: statement,
            position: StatementPosition(line: 4, lineStart: lines[3].lowerBound, offset: nil))
        let text = render(e, n)
        #expect(lines.count == 7)
        #expect(text.hasPrefix("models/m.sql: error: database error: Binder Error: x (the database gave no usable column)\n"), "\(text)")
        #expect(text.contains("target/compiled/p/models/m.sql:3:1: note: compiled line"), "\(text)")
    }

    @Test func noPositionOrNoStatementGivesNothing() throws {
        let n = try node()
        #expect(DatabaseErrorLocator.diagnostics(for: EngineError(.database, "boom", statement: "select 1"), node: n).isEmpty)
        #expect(DatabaseErrorLocator.diagnostics(for: EngineError(.connection, "gone"), node: n).isEmpty)
    }
}
