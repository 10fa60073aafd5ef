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

    /// libyaml counts columns in Unicode scalars; counting characters put positions after a
    /// combining accent too far right, past the end of the file on the last line (make fuzz).
    @Test func positionsAfterCombiningAccentsCountScalars() throws {
        let root = try #require(Self.parse("k\u{301}\u{301}: [1, 2]\nz: {}").0)
        // The line shows as 4 characters before the list: one accented k, the colon, a space.
        #expect(root["k\u{301}\u{301}"]?.range.start == Loc(line: 1, column: 4))
        let empty = try #require(root["z"])
        #expect(empty.range.text == "{")
        let end = try #require(Self.parse("{a\u{301}\u{301}\u{301}: 1, b: {}}").0?["b"])
        #expect(end.range.text == "{")
    }

    /// Windows editors start UTF-8 files with a byte order mark; Yams gives libyaml no BOM
    /// detection, so it used to end up inside the first key and fail the parse.
    @Test func aByteOrderMarkIsSkippedAndPositionsStay() throws {
        let (node, diags) = Self.parse("\u{FEFF}name: shop\nvars: {a: 1}\n")
        #expect(diags.isEmpty)
        let root = try #require(node)
        #expect(root["name"]?.string == "shop")
        #expect(root.entries?.first?.key.range.text == "name")
        #expect(root["vars"]?.range.start == Loc(line: 2, column: 7))
    }

    @Test func aDuplicateKeyPointsAtTheSecondWithTheFirstAsNote() throws {
        let (node, diags) = Self.parse("name: a\nvars:\n  x: 1\nname: b\n")
        #expect(node == nil)
        let d = try #require(diags.first)
        #expect(d.message == "duplicate key 'name'")
        #expect(d.range?.start == Loc(line: 4, column: 1))
        #expect(d.notes.first?.range?.start == Loc(line: 1, column: 1))
        #expect(d.hint != nil)
    }
}
