import Testing

@testable import SDBasics

@Suite struct DiagnosticRendererTests {
    @Test func rendersCaretUnderSpanWithDidYouMean() {
        let file = SourceFile(path: "models/gold/x.sql", text: "select 1\nfrom << ref('silver_dialy_close') >>\n")
        let text = file.text
        let start = Array(text.utf8).firstIndex(of: UInt8(ascii: "'"))!
        let range = SourceRange(file: file, bytes: start..<(start + "'silver_dialy_close'".utf8.count))
        let d = Diagnostic.error("no model named 'silver_dialy_close'", at: range)
            .suggesting("silver_dialy_close", from: ["silver_daily_close", "bronze_ticks"])
        let out = DiagnosticRenderer().render(d)
        #expect(
            out == """
                models/gold/x.sql:2:13: error: no model named 'silver_dialy_close'
                  2 | from << ref('silver_dialy_close') >>
                    |             ^~~~~~~~~~~~~~~~~~~~
                models/gold/x.sql:2:13: note: did you mean 'silver_daily_close'?

                """)
    }

    @Test func locationCountsCharactersNotBytes() {
        let file = SourceFile(path: "a", text: "é = x\nzz")
        #expect(file.location(of: 3) == SourceLocation(line: 1, column: 3))
        #expect(file.location(of: 7) == SourceLocation(line: 2, column: 1))
        #expect(file.offset(line: 1, column: 3) == 3)
    }

    /// Editors neither show a UTF-8 byte order mark nor count it as a column.
    @Test func aByteOrderMarkIsNotAColumn() {
        let file = SourceFile(path: "a", text: "\u{FEFF}ab\ncd")
        #expect(file.location(of: 4) == SourceLocation(line: 1, column: 2))
        #expect(file.location(of: 0) == SourceLocation(line: 1, column: 1))
        #expect(file.line(1) == "ab")
        #expect(file.offset(line: 1, column: 2) == 4)
        #expect(file.offset(line: 2, column: 2) == 7)
    }

    @Test func closestSuggestionIsStableAndBounded() {
        #expect(EditDistance.closest(to: "silver_dialy_close", in: ["silver_daily_close"]) == "silver_daily_close")
        #expect(EditDistance.closest(to: "abc", in: ["xyz_long_name"]) == nil)
        #expect(EditDistance.distance("kitten", "sitting") == 3)
    }

    @Test func jsonWriterSortsKeysAndEscapes() {
        let v: JSONValue = ["b": 1, "a": ["x\n\"y\"", nil, true, 1.5]]
        #expect(v.serialized(indent: 0) == #"{"a":["x\n\"y\"",null,true,1.5],"b":1}"#)
    }
}

@Suite struct SHA256DigestTests {
    // Test vectors from FIPS 180-4 examples (NIST CSRC "SHA256.pdf") and the empty message.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownVectors(input: String, digest: String) {
        #expect(SHA256Digest.hex(Array(input.utf8)) == digest)
    }
}

@Suite struct MD5DigestTests {
    // The test suite of RFC 1321 §A.5.
    @Test(arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a"),
    ])
    func knownVectors(input: String, digest: String) {
        #expect(MD5Digest.hex(Array(input.utf8)) == digest)
    }
}

@Suite struct JSONWriterTests {
    // RFC 8259 §7: quotation mark, reverse solidus and control characters must be escaped.
    @Test func escapesEveryCharacterRFC8259Requires() {
        let v: JSONValue = .string("a\"b\\c\nd\re\tf\u{08}g\u{0C}h\u{01}i é ✓")
        #expect(v.serialized(indent: 0) == #""a\"b\\c\nd\re\tf\bg\fh\u0001i é ✓""#)
    }

    @Test func prettyPrintsWithSortedKeysAndATrailingNewline() {
        let v: JSONValue = ["z": [1, 2], "a": [:], "m": ["k": nil]]
        #expect(v.serialized() == "{\n  \"a\": {},\n  \"m\": {\n    \"k\": null\n  },\n  \"z\": [\n    1,\n    2\n  ]\n}\n")
    }
}
