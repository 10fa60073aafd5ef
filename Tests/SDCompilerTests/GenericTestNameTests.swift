import SDBasics
import SDCompiler
import Testing

/// Generic test names as dbt-core synthesizes them (`synthesize_generic_test_names` in
/// core/dbt/parser/generic_test_builders.py), so aliases and target/ paths match a dbt project's.
@Suite("generic test names match dbt's")
struct GenericTestNameTests {
    // jaffle_shop's accepted_values test on orders.status: dbt's manifest names it
    // accepted_values_orders_1ce6ab157c285f7cd2ac656013faf758 (the first 30 characters of the
    // identifier, `_`, and the MD5 of the 83-character full name).
    @Test func aLongNameIsShortenedWithTheMD5OfTheFullName() {
        let values: JSONValue = ["placed", "shipped", "completed", "return_pending", "returned"]
        let (short, full) = Compiler.genericTestName(
            test: "accepted_values", target: "orders", arguments: ["column_name": "status", "values": values], isSource: false)
        #expect(full == "accepted_values_orders_status__placed__shipped__completed__return_pending__returned")
        #expect(short == "accepted_values_orders_1ce6ab157c285f7cd2ac656013faf758")
    }

    @Test func aNameUnder64CharactersIsKept() {
        let (short, full) = Compiler.genericTestName(
            test: "not_null", target: "orders", arguments: ["column_name": "order_id"], isSource: false)
        #expect(short == "not_null_orders_order_id")
        #expect(full == short)
    }
}
