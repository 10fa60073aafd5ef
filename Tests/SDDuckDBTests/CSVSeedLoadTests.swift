import Foundation
import SDBasics
import Testing

@testable import SDDuckDB
@testable import SDEngine

/// Loads parsed seeds into the real duckdb CLI through the generated INSERT statements and reads
/// them back.
@Suite(.serialized) struct CSVSeedLoadTests {
    @Test func seedRoundTripsThroughDuckDB() throws {
        let csv = #"""
            symbol,grp,weight,active,listed,updated,note,zip
            AAPL,tech,0.25,true,1980-12-12,2024-01-31 16:00:00,"Apple, ""Inc""",00501
            XOM,energy,1,FALSE,,2024-01-31T16:00:00.5,"line1
            line2 é 😀",
            BRK,,2.5e-3,,1965-05-10,,it's,99501

            """#
        var bag = DiagnosticBag()
        let table = try #require(SeedReader.read(path: "seeds/symbols.csv", text: csv, columnTypes: ["zip": "VARCHAR"], diagnostics: &bag))
        #expect(bag.diagnostics.isEmpty)
        #expect(table.columns.map(\.type) == [.text, .text, .double, .boolean, .date, .timestamp, .text, .sql("VARCHAR")])

        let db = try DuckDBTestSupport.open()
        defer { db.close() }
        let ddl = "create table symbols (" + table.columns.map { "\(SeedLiteral.identifier($0.name)) \($0.type.sqlName)" }.joined(separator: ", ") + ")"
        _ = try db.executeEach([ddl] + SeedLiteral.insertStatements(table, into: "symbols", rowsPerStatement: 2))
        let back = try db.execute(
            """
            select symbol, grp, weight, active, listed::varchar, updated::varchar, note, zip from symbols order by symbol
            """)
        #expect(
            back.rows == [
                [
                    .string("AAPL"), .string("tech"), .double(0.25), .bool(true), .string("1980-12-12"), .string("2024-01-31 16:00:00"),
                    .string("Apple, \"Inc\""), .string("00501"),
                ],
                [.string("BRK"), .null, .double(0.0025), .null, .string("1965-05-10"), .null, .string("it's"), .string("99501")],
                [
                    .string("XOM"), .string("energy"), .double(1), .bool(false), .null, .string("2024-01-31 16:00:00.5"),
                    .string("line1\nline2 é 😀"), .null,
                ],
            ])
    }

    @Test func aHundredThousandRowSeedLoads() throws {
        var csv = "id,name,price,day\n"
        for i in 0..<100_000 { csv += "\(i),name \(i),\(Double(i) / 8),2024-01-\(String(format: "%02d", i % 28 + 1))\n" }
        var bag = DiagnosticBag()
        let table = try #require(SeedReader.read(path: "seeds/big.csv", text: csv, diagnostics: &bag))
        #expect(table.columns.map(\.type) == [.integer, .text, .double, .date])
        #expect(table.rows.count == 100_000)
        let db = try DuckDBTestSupport.open()
        defer { db.close() }
        _ = try db.execute("create table big (id BIGINT, name VARCHAR, price DOUBLE, day DATE)")
        _ = try db.executeEach(SeedLiteral.insertStatements(table, into: "big", rowsPerStatement: 5000))
        let r = try db.execute("select count(*), sum(id), sum(price), count(distinct day) from big")
        #expect(r.rows == [[.int(100_000), .string("4999950000"), .double(624993750), .int(28)]])
    }
}
