import SDEngine
import Testing

/// ContractCheck's comparison and dbt's mismatch table.
struct ContractCheckTests {
    @Test func reportsEachKindOfMismatchAsDbtDoes() {
        let declared = [QueryColumn(name: "id", type: "INTEGER"), QueryColumn(name: "name", type: "VARCHAR"), QueryColumn(name: "gone", type: "DATE")]
        let actual = [QueryColumn(name: "ID", type: "integer"), QueryColumn(name: "name", type: "INTEGER"), QueryColumn(name: "extra", type: "DOUBLE")]
        let m = ContractCheck.diff(declared: declared, actual: actual)
        #expect(m.map(\.reason) == ["data type mismatch", "missing in definition", "missing in contract"])
        #expect(m.map(\.column) == ["name", "gone", "extra"])
        #expect(ContractCheck.diff(declared: declared.prefix(1).map { $0 }, actual: actual.prefix(1).map { $0 }).isEmpty)
        let text = ContractCheck.message(m)
        #expect(text.hasPrefix("This model has an enforced contract that failed.\n"))
        #expect(
            text.hasSuffix(
                """
                | column_name | definition_type | contract_type | mismatch_reason       |
                | ----------- | --------------- | ------------- | --------------------- |
                | name        | INTEGER         | VARCHAR       | data type mismatch    |
                | gone        |                 | DATE          | missing in definition |
                | extra       | DOUBLE          |               | missing in contract   |
                """))
    }
}
