import Testing

@testable import SDDuckDB

/// The reader accepts JSON (RFC 8259) plus the NaN/Infinity words DuckDB's CLI prints for doubles.
@Suite struct DuckDBJSONReaderTests {
    @Test func keepsKeyOrderDuplicatesAndEscapes() throws {
        let text = #"[{"b":1,"a":"x\"\\\/\n\t\u00e9\ud83d\ude00","b":-2.5e3},{"b":null,"a":"","b":-Infinity}]"# + "\n[]\n"
        let sets = try DuckDBJSONReader.results(in: Array(text.utf8))
        #expect(sets == [
            DuckDBResult(columns: ["b", "a", "b"], rows: [
                [.int(1), .string("x\"\\/\n\té😀"), .double(-2500)],
                [.null, .string(""), .double(-.infinity)],
            ]),
            DuckDBResult(),
        ])
    }

    @Test(arguments: [#"[{"a":1}"#, #"[{"a":1},{"a":1,"b":2}]"#, #"[{"a":tru}]"#, #"[{"a":"x}]"#, "Error"])
    func rejectsOutputThatIsNotTheCLIsJSON(text: String) {
        #expect(throws: DuckDBError.self) { try DuckDBJSONReader.results(in: Array(text.utf8)) }
    }
}
