// Reading speed of what `duckdb -json` prints for a 100,000-row result (five columns: text, double,
// timestamp text, integer, a STRUCT; the shape of RTSA's gold rows), parsed into DuckDBResult the
// way DuckDBProcess reads every query's output. Built with -O from the source files, so no package
// build is needed:
//
//   bench/duckdb-json/run.sh
import Foundation

func output(rows: Int) -> [UInt8] {
    var text = "["
    for r in 0..<rows {
        if r > 0 { text += ",\n" }
        text += #"{"symbol":"SYM\#(r % 500)","price":\#(Double(r) * 0.25 + 0.125),"ts":"2024-01-\#(r % 28 + 1) 10:00:00","#
        text += #""volume":\#(r * 7),"meta":{"group":"Technology","rank":\#(r % 10)}}"#
    }
    text += "]\n"
    return Array(text.utf8)
}

func measure(_ label: String, repeats: Int, _ body: () throws -> Void) rethrows {
    var best = Double.infinity
    for _ in 0..<repeats {
        let start = ContinuousClock.now
        try body()
        let d = ContinuousClock.now - start
        best = min(best, Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }
    print("\(label): best of \(repeats) \(String(format: "%.1f", best * 1000)) ms")
}

let bytes = output(rows: 100_000)
print("output: \(bytes.count) bytes, 100000 rows")
let parsed = try DuckDBResult.results(in: bytes)
precondition(parsed.count == 1 && parsed[0].rows.count == 100_000 && parsed[0].columns == ["symbol", "price", "ts", "volume", "meta"])
try measure("DuckDBResult.results", repeats: 10) { _ = try DuckDBResult.results(in: bytes) }
