import Testing

@testable import SDDuckDB

/// `duckdb -json` output is read by SDBasics' one JSON reader (`OrderedJSON`): JSON (RFC 8259) plus
/// the NaN/Infinity words DuckDB's CLI prints for doubles, with column order and duplicates kept.
@Suite struct DuckDBResultParsingTests {
    @Test func keepsKeyOrderDuplicatesAndEscapes() throws {
        let text = #"[{"b":1,"a":"x\"\\\/\n\t\u00e9\ud83d\ude00","b":-2.5e3},{"b":null,"a":"","b":-Infinity}]"# + "\n[]\n"
        let sets = try DuckDBResult.results(in: Array(text.utf8))
        #expect(
            sets == [
                DuckDBResult(
                    columns: ["b", "a", "b"],
                    rows: [
                        [.int(1), .string("x\"\\/\n\té😀"), .double(-2500)],
                        [.null, .string(""), .double(-.infinity)],
                    ]),
                DuckDBResult(),
            ])
    }

    /// Integers beyond Int64 keep their digits, NaN is a double, and STRUCTs and LISTs keep their shape.
    @Test func keepsBigIntegersNaNAndNesting() throws {
        let text = #"[{"u":18446744073709551615,"n":NaN,"s":{"z":1,"a":[true,null]}}]"#
        let row = try #require(try DuckDBResult.results(in: Array(text.utf8)).first?.rows.first)
        #expect(row[0] == .bigInteger("18446744073709551615"))
        guard case .double(let n) = row[1] else { Issue.record("NaN is not a double: \(row[1])"); return }
        #expect(n.isNaN)
        #expect(row[2] == .object([DuckDBField("z", .int(1)), DuckDBField("a", .list([.bool(true), .null]))]))
    }

    @Test(arguments: [#"[{"a":1}"#, #"[{"a":1},{"a":1,"b":2}]"#, #"[{"a":tru}]"#, #"[{"a":"x}]"#, "Error", #"{"a":1}"#, "[1]"])
    func rejectsOutputThatIsNotTheCLIsJSON(text: String) {
        #expect(throws: DuckDBError.self) { try DuckDBResult.results(in: Array(text.utf8)) }
    }
}
