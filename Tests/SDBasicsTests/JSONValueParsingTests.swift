import Foundation
import SDBasics
import Testing

/// The one JSON reader and the one rule set of its accessors (SDBasics/JSONValue+Access.swift).
@Suite("JSONValue parsing and accessors")
struct JSONValueParsingTests {
    func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(text) }

    // The text decides the kind: no fraction and no exponent is an int; true/false are booleans only.
    @Test func numbersAndBooleansKeepTheirWrittenKind() throws {
        let v = try parse(#"{"i": 3, "n": -0, "f": 1.5, "w": 2.0, "e": 3e2, "b": true, "big": 123456789012345678901}"#)
        #expect(v["i"] == .int(3))
        #expect(v["n"] == .int(0))
        #expect(v["f"] == .double(1.5))
        #expect(v["w"] == .double(2.0))
        #expect(v["e"] == .double(300))
        #expect(v["b"] == .bool(true))
        #expect(v["big"] == .double(1.2345678901234568e20))
    }

    @Test func aBooleanIsNotAnIntAndAStringIsNotANumber() throws {
        let v = try parse(#"{"t": true, "f": false, "s": "3", "z": 0}"#)
        #expect(v["t"]?.intValue == nil)
        #expect(v["f"]?.intValue == nil)
        #expect(v["s"]?.intValue == nil)
        #expect(v["s"]?.doubleValue == nil)
        #expect(v["z"]?.boolValue == nil)
        #expect(v["t"]?.boolValue == true)
        #expect(v["z"]?.stringValue == nil)
    }

    @Test func aNumberWithAFractionIsNotAnInt() throws {
        #expect(try parse("1.5").intValue == nil)
        #expect(try parse("-0.25").intValue == nil)
        // A whole value written with a fraction or an exponent is still a whole number.
        #expect(try parse("2.0").intValue == 2)
        #expect(try parse("3e2").intValue == 300)
        // Beyond 2^53 a double no longer holds every integer, so it is not read as one.
        #expect(try parse("1e300").intValue == nil)
        #expect(try parse("1.5").doubleValue == 1.5)
        #expect(try parse("7").doubleValue == 7)
    }

    @Test func containersAnswerOnlyForTheirKind() throws {
        let v = try parse(#"{"a": [1, null, "x"], "o": {"k": "v"}}"#)
        #expect(v["a"]?.arrayValue == [.int(1), .null, .string("x")])
        #expect(v["a"]?.objectValue == nil)
        #expect(v["o"]?.objectValue == ["k": .string("v")])
        #expect(v["o"]?.arrayValue == nil)
        #expect(v["a"]?["k"] == nil)
        #expect(v["missing"] == nil)
    }

    @Test func stringEscapesAndUnicode() throws {
        let v = try parse(#"["a\"b\\c\/d\n\t", "\u00e9\ud83d\ude00", "plain é"]"#)
        #expect(v.arrayValue?.compactMap(\.stringValue) == ["a\"b\\c/d\n\t", "é😀", "plain é"])
    }

    @Test func whatTheWriterWritesReadsBackTheSame() throws {
        let doc: JSONValue = ["s": "q\"\n\u{1}", "i": -42, "d": 0.125, "b": false, "n": nil, "a": [1, [2, ["x": 3]]]]
        #expect(try parse(doc.serialized(indent: 2)) == doc)
        #expect(try parse(doc.serialized(indent: 0)) == doc)
    }

    /// The writer finds what needs escaping eight bytes at a time (JSONValue.swift): every byte that
    /// needs it, at every offset of a word and in a tail shorter than a word, is escaped, and
    /// Foundation's own JSON reader gives back the text; multi-byte characters pass through.
    @Test func everyByteThatNeedsEscapingIsFoundAtEveryOffset() throws {
        // What each special character becomes (RFC 8259, section 7, with the short escapes).
        let written: [Character: String] = [
            "\"": #"\""#, "\\": #"\\"#, "\n": #"\n"#, "\r": #"\r"#, "\t": #"\t"#, "\u{08}": #"\b"#, "\u{0C}": #"\f"#,
            "\u{00}": #"\u0000"#, "\u{01}": #"\u0001"#, "\u{1F}": #"\u001f"#, "é": "é", "€": "€", " ": " ", "~": "~", "\u{7F}": "\u{7F}",
        ]
        for length in 0..<20 {
            for position in 0..<max(1, length) {
                for (special, escaped) in written {
                    var chars = Array(repeating: Character("a"), count: length)
                    if length > 0 { chars[position] = special }
                    let text = String(chars)
                    var bytes: [UInt8] = []
                    JSONValue.writeString(text, into: &bytes)
                    let (before, after) = (String(repeating: "a", count: position), String(repeating: "a", count: max(0, length - position - 1)))
                    let expected = length == 0 ? "\"\"" : "\"" + before + escaped + after + "\""
                    #expect(String(decoding: bytes, as: UTF8.self) == expected, "\(length) \(position) \(escaped)")
                    let read = try JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed) as? String
                    #expect(read == text, "\(length) \(position) \(escaped)")
                }
            }
        }
    }

    @Test func malformedDocumentsAreRefusedWithTheirOffset() {
        let cases: [(String, Int)] = [
            ("", 0), ("{", 1), (#"{"a" 1}"#, 5), ("[1,]", 3), ("01", 1), ("1.", 2), ("-", 1), ("tru", 0), (#""a"#, 2),
            (#""\x""#, 2), (#""\ud800""#, 7), ("[1] 2", 4), ("\"a\u{1}\"", 2), ("nan", 0),
        ]
        for (text, offset) in cases {
            #expect(throws: JSONParseError.self, "\(text)") { try JSONValue.parse(text) }
            do {
                _ = try JSONValue.parse(text)
            } catch let error as JSONParseError {
                #expect(error.offset == offset, "\(text): \(error)")
            } catch {
                Issue.record("\(text): \(error)")
            }
        }
    }

    @Test func deepNestingIsRefusedNotCrashed() throws {
        let ok = String(repeating: "[", count: JSONValue.maximumDepth) + String(repeating: "]", count: JSONValue.maximumDepth)
        #expect(try parse(ok).arrayValue != nil)
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
    }

    @Test func duplicateKeysKeepTheLastValue() throws {
        #expect(try parse(#"{"k": 1, "k": 2}"#)["k"] == .int(2))
    }
}
