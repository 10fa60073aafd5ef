import SDBasics
import SDEngine

/// Seed CSV input. A table read must have one value per column in every row.
enum FuzzCSV {
    static func run(_ text: String) {
        var bag = DiagnosticBag()
        let table = SeedReader.read(path: "seeds/fuzz.csv", text: text, columnTypes: ["amount": "decimal(18,2)"], diagnostics: &bag)
        FuzzCheck.diagnostics(bag.diagnostics, "seed")
        if table == nil, !bag.hasErrors { FuzzCheck.fail("a seed was refused without an error") }
        if let table, let row = table.rows.first(where: { $0.count != table.columns.count }) {
            FuzzCheck.fail("a seed row has \(row.count) values for \(table.columns.count) columns")
        }
    }
}
