import SDBasics
import SDProject
import Testing

/// YAML read with positions kept, and libyaml's errors rephrased at the place to edit.
@Suite("YAML nodes")
struct YAMLNodeTests {
    static func parse(_ text: String) -> (YAMLNode?, [Diagnostic]) { YAMLNode.parse(SourceFile(path: "f.yml", text: text)) }

    @Test func positionsAndTypes() throws {
        let (node, diags) = Self.parse("a: 1\nb:\n  - 'x'\n  - true\nc: 1.5\nd: ~\n")
        #expect(diags.isEmpty)
        let root = try #require(node)
        #expect(root["a"]?.json == .int(1))
        #expect(root["b"]?.json == .array(["x", true]))
        #expect(root["c"]?.json == .double(1.5))
        #expect(root["d"]?.isNull == true)
        #expect(root["b"]?.items?.first?.range.start == Loc(line: 3, column: 5))
        #expect(root["b"]?.items?.first?.range.text == "'x'", "a quoted scalar's range includes its quotes")
    }

    @Test func quotedNumbersStayStrings() throws {
        let root = try #require(Self.parse("v: '1.0'\nw: 1.0\n").0)
        #expect(root["v"]?.json == .string("1.0"))
        #expect(root["w"]?.json == .double(1.0))
    }

    @Test(arguments: [
        ("a:\n\tb: 1\n", "malformed YAML: tab character in indentation", Loc(line: 2, column: 1)),
        ("a: \"open\nb: 1\n", "malformed YAML: this quoted string is never closed", Loc(line: 1, column: 4)),
        ("a: 1\nb\n  - c\n", "malformed YAML: 'b' is not followed by ':'", Loc(line: 2, column: 1)),
        ("{a: 1", "malformed YAML: this '{' is never closed", Loc(line: 1, column: 1)),
    ])
    func syntaxErrorsPointWhereToEdit(text: String, message: String, at location: Loc) throws {
        let (node, diags) = Self.parse(text)
        #expect(node == nil)
        let d = try #require(diags.first)
        #expect(diags.count == 1)
        #expect(d.message == message)
        #expect(d.range?.start == location)
        #expect(d.hint != nil)
    }
}
