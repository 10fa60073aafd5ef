import SDBasics
import Testing

/// The order-keeping entry point of the one JSON reader: what `duckdb -json` prints.
@Suite("OrderedJSON")
struct OrderedJSONTests {
    /// Members stay in order with duplicates, documents follow one another, and the CLI's non-JSON
    /// words for doubles are read; JSONValue.parse still refuses them.
    @Test func keepsOrderDuplicatesAndDuckDBsWords() throws {
        let docs = try OrderedJSON.documents(in: Array(#"[{"b":1,"a":"é","b":NaN}] [] {"x":-Infinity,"y":Infinity}"#.utf8))
        #expect(docs.count == 3)
        guard case .array(let rows) = docs[0], case .object(let members) = rows.first else {
            Issue.record("not an array of objects: \(docs[0])")
            return
        }
        #expect(members.map(\.key) == ["b", "a", "b"])
        guard case .double(let nan) = members[2].value else { Issue.record("NaN is not a double"); return }
        #expect(nan.isNaN)
        guard case .object(let infinities) = docs[2], case .double(let low) = infinities[0].value, case .double(let high) = infinities[1].value
        else {
            Issue.record("not an object of doubles: \(docs[2])")
            return
        }
        #expect(low == -.infinity && high == .infinity)
        #expect(throws: JSONParseError.self) { try JSONValue.parse("NaN") }
    }

    /// An integer beyond Int keeps its digits (DuckDB's UBIGINT), where JSONValue reads a double.
    @Test func keepsBigIntegersAsWritten() throws {
        guard case .array(let items) = try OrderedJSON.documents(in: Array("[18446744073709551615, -3, 2.5]".utf8)).first,
            case .bigInteger(let digits) = items[0], case .int(let small) = items[1], case .double(let d) = items[2]
        else {
            Issue.record("unexpected shape")
            return
        }
        #expect(digits == "18446744073709551615" && small == -3 && d == 2.5)
    }

    @Test(arguments: ["[1", #"{"a" 1}"#, "[NaNa]", #"["\x"]"#, "[01]"])
    func refusesWhatIsNotJSON(text: String) {
        #expect(throws: JSONParseError.self) { try OrderedJSON.documents(in: Array(text.utf8)) }
    }
}
