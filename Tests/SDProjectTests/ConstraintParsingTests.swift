import SDBasics
import Testing

@testable import SDProject

/// `constraints:` on models and columns (dbt's resource property): read into `Constraint`s, and every
/// malformed entry an error at the value it is about.
struct ConstraintParsingTests {
    static func read(_ yaml: String) -> (PropertySet, [Diagnostic]) {
        var bag = DiagnosticBag()
        var set = PropertySet()
        set.add(SourceFile(path: "models/p.yml", text: yaml), render: { s, _, _ in s }, configKeys: ProfilesTests.adapters.configKeys, diagnostics: &bag)
        return (set, bag.diagnostics)
    }

    static func placed(_ diags: [Diagnostic]) -> [String] {
        diags.map { d in
            let at = d.range.map { r in r.file.location(of: r.bytes.lowerBound) }.map { "\($0.line):\($0.column)" } ?? "-"
            return "\(at) \(d.message)"
        }
    }

    @Test func readsModelAndColumnConstraintsAsWritten() {
        let (set, diags) = Self.read(
            """
            models:
              - name: orders
                constraints:
                  - {type: primary_key, columns: [id], name: pk_orders}
                  - {type: foreign_key, columns: [customer_id], expression: "main.customers (id)", warn_unenforced: false}
                columns:
                  - name: id
                    constraints: [{type: not_null}, {type: check, expression: "id > 0", warn_unsupported: false}]
                  - name: customer_id
            """)
        #expect(diags.isEmpty, "\(DiagnosticRenderer().render(diags))")
        let orders = set.models["orders"]
        #expect(orders?.constraints.map(\.type) == [.primaryKey, .foreignKey])
        #expect(orders?.constraints.first?.name == "pk_orders")
        #expect(orders?.constraints.last?.warnUnenforced == false)
        #expect(orders?.constraints.last?.expression == "main.customers (id)")
        let id = orders?.columns.first?.constraints
        #expect(id?.map(\.type) == [.notNull, .check])
        #expect(id?.last?.warnUnsupported == false)
        #expect(id?.first?.warnUnsupported == true)
    }

    @Test func malformedConstraintsAreErrorsWhereTheyAreWritten() {
        let (_, diags) = Self.read(
            """
            models:
              - name: orders
                constraints:
                  - {type: primary_kye, columns: [id]}
                  - {type: unique, columns: [idd]}
                  - {type: not_null, columns: [id]}
                  - {type: foreign_key, columns: [id]}
                  - {columns: [id]}
                columns:
                  - name: id
                    constraints: [{type: check}, {type: unique, columns: [id]}, {type: not_null, to: x}]
            seeds:
              - name: s
                columns:
                  - name: a
                    constraints: [{type: not_null}]
            """)
        #expect(
            Self.placed(diags) == [
                "11:30 a check constraint needs an 'expression'",
                "11:53 unknown constraint key 'columns'",
                "11:90 only a foreign_key constraint takes 'to' and 'to_columns'",
                "4:16 unknown constraint type 'primary_kye'",
                "5:34 constraint column 'idd' is not a column of the model",
                "6:16 a not_null constraint belongs on its column",
                "7:16 a foreign_key constraint needs 'to' and 'to_columns', or an 'expression'",
                "8:9 constraint is missing 'type'",
                "16:30 only models take constraints, not a seed",
            ], "\(DiagnosticRenderer().render(diags))")
    }
}
