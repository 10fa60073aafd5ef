import Foundation
import SDBasics
import SDCompiler
import Testing

/// Compiler+Tests.swift makes generic tests on both cores and adds them in the order of the nodes
/// they are attached to: which of two tests with one id is kept, and the findings with their
/// suggestions, are what a one-thread pass gives.
struct GenericTestMakingTests {
    /// Two models, each declaring `not_null` on `id` twice, and one `relationships` test whose
    /// `to` names a model that does not exist (a typo of `orders`).
    static let files = [
        "models/orders.sql": "select 1 as id\n",
        "models/payments.sql": "select 1 as id, 1 as order_id\n",
        "models/_models.yml": """
        models:
          - name: payments
            columns:
              - name: id
                tests: [not_null, not_null]
              - name: order_id
                tests:
                  - relationships:
                      to: ref('ordres')
                      field: id
          - name: orders
            columns:
              - name: id
                tests:
                  - not_null
                  - not_null:
                      config: {severity: warn}
        """,
    ]

    @Test func eachDuplicateIsReportedAtItsSecondDeclaration() throws {
        let (_, diagnostics) = try CompilerRegressionTests.compile(Self.files)
        let lines = diagnostics.split(separator: "\n").filter { $0.contains(": error: ") || $0.contains(": warning: ") }
        // The renderer orders findings by position. Each warning points at the second declaration
        // (5:27 the second `not_null` of the list, 16:13 the second entry of the block): the
        // first is the one kept, whichever thread made which.
        #expect(
            lines == [
                "models/_models.yml:5:27: warning: test 'not_null_payments_id' is declared twice on 'payments'; only the first runs",
                "models/_models.yml:8:13: error: argument 'to' of test 'relationships' refers to 'ordres', which is no model or seed",
                "models/_models.yml:16:13: warning: test 'not_null_orders_id' is declared twice on 'orders'; only the first runs",
            ], "\(diagnostics)")
        // The suggestion is added after the tests are made, from the model names sorted once.
        #expect(diagnostics.contains("did you mean 'orders'?"), "\(diagnostics)")
    }

    @Test func theFirstDeclarationIsTheOneThatRuns() throws {
        var files = Self.files
        files["models/_models.yml"] = files["models/_models.yml"]?.replacingOccurrences(of: "to: ref('ordres')", with: "to: ref('orders')")
        let (compiled, diagnostics) = try CompilerRegressionTests.compile(files)
        let project = try #require(compiled, "\(diagnostics)")
        let tests = project.nodes.values.filter { $0.resourceType == .test && $0.attachedNode == "model.shop.orders" }
        // The warn-severity duplicate is the second declaration: the kept test has the default severity.
        #expect(tests.count == 1)
        #expect(tests.first?.config.string("severity") == "ERROR")
        #expect(project.nodes.values.count(where: { $0.resourceType == .test }) == 3)
    }
}
