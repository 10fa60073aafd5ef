// Reading speed of SDBasics' JSON reader against Foundation's JSONSerialization, on the largest
// JSON swiftdbt reads in a run: an Athena GetQueryResults page (1,000 rows of 12 columns; the
// ResultSet shape of the Athena API reference). Built with -O from the two source files, so no
// package build is needed:
//
//   bench/json/run.sh
import Foundation

func page(rows: Int, columns: Int) -> Data {
    var rowsJSON: [String] = []
    for r in 0..<rows {
        let cells = (0..<columns).map { c in #"{"VarCharValue":"value \#(r)-\#(c) \u00e9"}"# }
        rowsJSON.append(#"{"Data":[\#(cells.joined(separator: ","))]}"#)
    }
    let info = (0..<columns).map { c in
        #"{"CatalogName":"hive","Name":"col_\#(c)","Type":"varchar","Precision":2147483647,"Scale":0,"Nullable":"UNKNOWN","CaseSensitive":true}"#
    }
    let rowList = rowsJSON.joined(separator: ",")
    let infoList = info.joined(separator: ",")
    return Data(
        #"{"NextToken":"abc","ResultSet":{"Rows":[\#(rowList)],"ResultSetMetadata":{"ColumnInfo":[\#(infoList)]}},"UpdateCount":0}"#.utf8)
}

func measure(_ label: String, repeats: Int, _ body: () throws -> Void) rethrows {
    var best = Double.infinity
    for _ in 0..<repeats {
        let start = ContinuousClock.now
        try body()
        let d = ContinuousClock.now - start
        best = min(best, Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }
    print("\(label): best of \(repeats) \(String(format: "%.2f", best * 1000)) ms")
}

let data = page(rows: 1000, columns: 12)
print("page: \(data.count) bytes")
try measure("JSONValue.parse", repeats: 20) { _ = try JSONValue.parse(data) }
try measure("JSONSerialization", repeats: 20) { _ = try JSONSerialization.jsonObject(with: data) }
