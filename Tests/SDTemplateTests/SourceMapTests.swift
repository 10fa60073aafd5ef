import SDBasics
import Testing

@testable import SDTemplate

/// The renderer's source map: every byte of output names the template text that wrote it.
@Suite struct SourceMapTests {
    static let macros = (
        "macros/money.sql",
        """
        << macro money(col, places=2) >>round(<< col >> / 100, << places >>)<< endmacro >>
        << macro total(col) >>sum(<< money(col) >>)<< endmacro >>
        """
    )

    /// Renders with and without the map (the texts must agree) and checks the map's invariants:
    /// sorted, inside the output, literal pieces equal to their template bytes.
    func mapped(_ text: String, _ globals: [String: Value] = [:], macros: [(String, String)] = []) throws -> (String, SourceMap) {
        let template = try parseClean(text)
        let renderer = TemplateRenderer(host: DictionaryHost(globals), library: try library(macros))
        let (out, map) = try renderer.renderMapped(template)
        #expect(out == (try renderer.render(template)))
        let bytes = Array(out.utf8)
        var end = 0
        for s in map.segments {
            #expect(s.output.lowerBound >= end && !s.output.isEmpty && s.output.upperBound <= bytes.count, "\(s.output)")
            end = s.output.upperBound
            if s.isLiteral { #expect(Array(bytes[s.output]) == Array(s.source.file.utf8[s.source.bytes])) }
            if s.macroIsLiteral, let m = s.macro { #expect(Array(bytes[s.output]) == Array(m.file.utf8[m.bytes])) }
        }
        return (out, map)
    }

    /// `path:line:column` of the template (and macro) origin of the first occurrence of `needle`.
    func origin(of needle: String, in result: (String, SourceMap), occurrence: Int = 0) throws -> (String, String?, SourceOrigin) {
        let bytes = Array(result.0.utf8)
        let n = Array(needle.utf8)
        var hits: [Int] = []
        for i in 0...(bytes.count - n.count) where Array(bytes[i..<(i + n.count)]) == n { hits.append(i) }
        let at = try #require(hits.count > occurrence ? hits[occurrence] : nil, "no '\(needle)' in \(result.0)")
        let o = try #require(result.1.origin(of: at..<(at + n.count)), "no origin for '\(needle)'")
        func describe(_ r: SourceRange) -> String { "\(r.file.path):\(r.start.line):\(r.start.column) \(r.text)" }
        return (describe(o.template), o.macro.map(describe), o)
    }

    @Test func literalTextMapsByteForByte() throws {
        let r = try mapped("select a,\n  no_such_column\nfrom t\n")
        let (at, macro, o) = try origin(of: "no_such_column", in: r)
        #expect(at == "models/m.sql:2:3 no_such_column")
        #expect(o.isExact && macro == nil)
    }

    @Test func expressionOutputMapsToTheExpression() throws {
        let r = try mapped("select << col ~ '_total' >> from t", ["col": "amount"])
        let (at, _, o) = try origin(of: "_total", in: r)
        #expect(at == "models/m.sql:1:11 col ~ '_total'")
        #expect(!o.isExact)
        #expect(try origin(of: "from", in: r).0 == "models/m.sql:1:29 from")
    }

    @Test func ifAndForBodiesKeepTheirLines() throws {
        let text = """
            select
              id,
            << if flag >>
              no_such_column,
            << endif >>
            << for c in cols >>
              << c >>_x,
            << endfor >>
              1 as one
            from t
            """
        let r = try mapped(text, ["flag": true, "cols": ["a", "b"]])
        #expect(try origin(of: "no_such_column", in: r).0 == "models/m.sql:4:3 no_such_column")
        // Both iterations map to the loop body's line: the expression, then the copied `_x`.
        #expect(try origin(of: "b_x", in: r).0 == "models/m.sql:7:6 c")
        #expect(try origin(of: "_x", in: r, occurrence: 1).0 == "models/m.sql:7:10 _x")
        #expect(try origin(of: "1 as one", in: r).0 == "models/m.sql:9:3 1 as one")
    }

    @Test func macroTextMapsToTheCallAndNotesTheMacroLine() throws {
        let r = try mapped("select\n  << total('amt') >> as t\nfrom x\n", macros: [Self.macros])
        // `round(` is spelled out in money(), called by total(), called on line 2 of the model.
        let (at, macro, o) = try origin(of: "round(", in: r)
        #expect(at == "models/m.sql:2:6 total('amt')")
        #expect(macro == "macros/money.sql:1:33 round(")
        #expect(!o.isExact)
        #expect(try origin(of: "sum(", in: r).1 == "macros/money.sql:2:23 sum(")
        // An argument's text was written by the expression `col` inside money().
        #expect(try origin(of: "amt", in: r).1 == "macros/money.sql:1:42 col")
        #expect(try origin(of: "from", in: r).0 == "models/m.sql:3:1 from")
    }

    @Test func aMacroResultChangedByAFilterMapsToTheExpressionOnly() throws {
        let r = try mapped("select << money('amt') | upper >>", macros: [Self.macros])
        let (at, macro, _) = try origin(of: "ROUND", in: r)
        #expect(at == "models/m.sql:1:11 money('amt') | upper")
        #expect(macro == nil)
    }

    @Test func setBlocksDoNotLeakSegments() throws {
        let r = try mapped("<< set x >>abc<< endset >>select << x >>, z")
        #expect(r.0 == "select abc, z")
        #expect(try origin(of: "abc", in: r).0 == "models/m.sql:1:37 x")
        #expect(try origin(of: ", z", in: r).0 == "models/m.sql:1:41 , z")
    }

    @Test func multiByteTextKeepsByteOffsetsAndCharacterColumns() throws {
        let r = try mapped("select 'é€😀' as s, << x >> as y\n  from t -- ü\n  where ü = 1", ["x": "naïve"])
        let (at, _, o) = try origin(of: "naïve", in: r)
        #expect(at == "models/m.sql:1:23 x")
        #expect(!o.isExact)
        #expect(try origin(of: "as y", in: r).0 == "models/m.sql:1:28 as y")
        #expect(try origin(of: "ü = 1", in: r).0 == "models/m.sql:3:9 ü = 1")
    }

    @Test func aPositionNoSegmentCoversHasNoOrigin() throws {
        let map = SourceMap([
            SourceSegment(
                output: 5..<9, source: SourceRange(file: SourceFile(path: "a", text: "abcd"), bytes: 0..<4),
                isLiteral: true)
        ])
        #expect(map.origin(of: 0..<1) == nil)
        #expect(map.origin(of: 9..<10) == nil)
        #expect(map.origin(of: 7..<9)?.template.text == "cd")
        // Slicing keeps literal pieces aligned with their bytes.
        let sliced = map.slice(6..<20, movedTo: 100)
        #expect(sliced.map(\.output) == [100..<103] && sliced.first?.source.text == "bcd")
    }
}
