import Foundation
import SDBasics
import SDCompiler
import Testing

/// `{% docs %}` blocks in .md files and `<< doc('name') >>` in descriptions: the manifest's
/// description is the block's text (it showed the literal call, issue 15).
@Suite("docs blocks and doc()")
struct DocsBlockTests {
    static let files = [
        "models/orders.sql": "select 1 as id, 'paid' as status\n",
        "models/docs.md": """
        # Shop docs

        {% docs orders %}
        One row per **order**, as the shop records it.
        {% enddocs %}

        << docs order_status >>
        One of `placed`, `paid` or `shipped`.
        << enddocs >>

        {%- docs unused -%} never referenced {%- enddocs -%}
        """,
        "models/_orders.yml": """
        version: 2
        models:
          - name: orders
            description: "<< doc('orders') >>"
            columns:
              - name: status
                description: >-
                  Status: << doc("order_status") >>
              - name: id
                description: "keeps << this >> and 1 << 2 as written"
        """,
    ]

    @Test func descriptionsShowTheBlockText() throws {
        let (compiled, diags) = try CompilerRegressionTests.compile(Self.files)
        #expect(diags.isEmpty, "\(diags)")
        let orders = try #require(compiled?.node(named: "orders"))
        #expect(orders.description == "One row per **order**, as the shop records it.")
        #expect(orders.columns.first { $0.name == "status" }?.description == "Status: One of `placed`, `paid` or `shipped`.")
        #expect(orders.columns.first { $0.name == "id" }?.description == "keeps << this >> and 1 << 2 as written")
    }

    @Test func unknownNameIsAnErrorAtTheNameWithDidYouMean() throws {
        var files = Self.files
        files["models/_orders.yml"] = "version: 2\nmodels:\n  - name: orders\n    description: \"<< doc('order') >>\"\n"
        let (compiled, diags) = try CompilerRegressionTests.compile(files)
        #expect(compiled == nil)
        #expect(diags.contains("models/_orders.yml:4:27: error: no docs block named 'order'"), "\(diags)")
        #expect(diags.contains("did you mean 'orders'?"), "\(diags)")
    }

    /// Findings come model by model in name order (description, then columns), then seeds, then
    /// sources, whose shared description is reported at its first table only; descriptions without
    /// a call are left alone.
    @Test func unknownNamesAreReportedInNameOrderAndASourceDescriptionOnce() throws {
        var files = Self.files
        files["models/b_model.sql"] = "select 1 as id\n"
        files["models/a_model.sql"] = "select 1 as id\n"
        files["models/_more.yml"] = """
            version: 2
            models:
              - name: b_model
                description: "<< doc('missing_b') >>"
              - name: a_model
                description: "plain words"
                columns:
                  - name: id
                    description: "<< doc('missing_a_id') >>"
            sources:
              - name: raw
                description: "<< doc('missing_source') >>"
                tables:
                  - name: one
                    description: "<< doc('missing_one') >>"
                  - name: two
            """
        let (compiled, diags) = try CompilerRegressionTests.compile(files)
        #expect(compiled == nil)
        let order = ["'missing_a_id'", "'missing_b'", "'missing_one'", "'missing_source'"].map { diags.range(of: $0)?.lowerBound }
        #expect(!order.contains(nil), "\(diags)")
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted(), "\(diags)")
        #expect(diags.components(separatedBy: "no docs block named 'missing_source'").count == 2, "\(diags)")
    }
}

/// analyses/: compiled with refs resolved, in the graph as `analysis`, never a relation (they were
/// accepted and ignored, issue 15).
@Suite("analyses")
struct AnalysesTests {
    @Test func analysisIsCompiledWithItsRefs() throws {
        let (compiled, diags) = try CompilerRegressionTests.compile([
            "models/orders.sql": "select 1 as id\n",
            "analyses/adhoc/order_count.sql": "select count(*) as n from << ref('orders') >>\n",
            "analyses/_analyses.yml": "version: 2\nanalyses:\n  - name: order_count\n    description: How many orders.\n",
        ])
        #expect(diags.isEmpty, "\(diags)")
        let a = try #require(compiled?.nodes["analysis.shop.order_count"])
        #expect(a.resourceType == .analysis)
        #expect(a.fqn == ["shop", "analysis", "adhoc", "order_count"])
        #expect(a.description == "How many orders.")
        #expect(a.dependsOn == ["model.shop.orders"])
        #expect(a.compiledCode == "select count(*) as n from \"shop\".\"main\".\"orders\"\n")
        #expect(a.compiledPath == "target/compiled/shop/analyses/adhoc/order_count.sql")
        #expect(a.relation == nil)
    }

    @Test func aModelCannotRefAnAnalysis() throws {
        let (compiled, diags) = try CompilerRegressionTests.compile([
            "models/orders.sql": "select * from << ref('order_count') >>\n",
            "analyses/order_count.sql": "select 1 as n\n",
        ])
        #expect(compiled == nil)
        #expect(diags.contains("no model or seed named 'order_count'"), "\(diags)")
    }
}
