import SDBasics
import Testing

@testable import SDProject

/// Property YAML in dbt's shapes (https://docs.getdbt.com/reference/resource-properties/data-tests).
@Suite("property files")
struct PropertiesTests {
    static func read(_ yaml: String, path: String = "models/_schema.yml") -> (PropertySet, [Diagnostic]) {
        var set = PropertySet()
        var bag = DiagnosticBag()
        set.add(SourceFile(path: path, text: yaml), render: envRenderer([:]), configKeys: ProfilesTests.adapters.configKeys, diagnostics: &bag)
        return (set, bag.diagnostics)
    }

    @Test func everyTestShape() throws {
        let yaml = """
            version: 2
            models:
              - name: orders
                description: one row per order
                data_tests:
                  - dbt_utils.expression_is_true:
                      expression: "amount >= 0"
                columns:
                  - name: id
                    tests:
                      - unique
                      - not_null
                  - name: status
                    data_tests:
                      - accepted_values:
                          values: ['placed', 'shipped']
                          severity: warn
                  - name: customer_id
                    data_tests:
                      - name: orders_have_customers
                        test_name: relationships
                        arguments:
                          to: ref('customers')
                          field: id
                        config:
                          where: "status <> 'test'"
            """
        let (set, diags) = Self.read(yaml)
        #expect(diags.isEmpty, "\(DiagnosticRenderer().render(diags))")
        let orders = try #require(set.models["orders"])
        #expect(orders.description == "one row per order")
        #expect(orders.tests.map(\.testName) == ["dbt_utils.expression_is_true"])
        #expect(orders.tests.first?.arguments["expression"] == .string("amount >= 0"))

        let id = try #require(orders.columns.first { $0.name == "id" })
        #expect(id.tests.map(\.testName) == ["unique", "not_null"])
        #expect(id.tests.allSatisfy { $0.columnName == "id" && $0.arguments.isEmpty })

        let status = try #require(orders.columns.first { $0.name == "status" })
        let accepted = try #require(status.tests.first)
        #expect(accepted.testName == "accepted_values")
        #expect(accepted.arguments["values"] == .array(["placed", "shipped"]))
        #expect(accepted.config["severity"] == .string("warn"), "severity is a config, not an argument")

        let customer = try #require(orders.columns.first { $0.name == "customer_id" })
        let rel = try #require(customer.tests.first)
        #expect(rel.testName == "relationships")
        #expect(rel.customName == "orders_have_customers")
        #expect(rel.arguments == ["to": .string("ref('customers')"), "field": .string("id")])
        #expect(rel.config["where"] == .string("status <> 'test'"))
    }

    @Test func testsAndDataTestsBothCount() throws {
        let (set, _) = Self.read("models:\n  - name: a\n    columns:\n      - name: x\n        tests: [unique]\n        data_tests: [not_null]\n")
        #expect(try #require(set.models["a"]?.columns.first).tests.map(\.testName).sorted() == ["not_null", "unique"])
    }

    @Test func sourcesWithDefaults() throws {
        let yaml = """
            sources:
              - name: raw
                schema: landing
                tags: [raw]
                tables:
                  - name: orders
                    identifier: orders_v2
                  - name: payments
                    tags: [money]
            """
        let (set, diags) = Self.read(yaml)
        #expect(diags.isEmpty)
        #expect(set.sources.map(\.name) == ["orders", "payments"])
        #expect(set.sources[0].identifier == "orders_v2")
        #expect(set.sources[1].identifier == "payments")
        #expect(set.sources.allSatisfy { $0.schema == "landing" })
        #expect(set.sources[1].tags == ["money", "raw"])
    }

    @Test func configTagsAndMeta() throws {
        let (set, diags) = Self.read("models:\n  - name: a\n    tags: [daily]\n    meta: {owner: ops}\n    config:\n      materialized: table\n")
        #expect(diags.isEmpty)
        let a = try #require(set.models["a"])
        #expect(a.config["materialized"] == .string("table"))
        #expect(a.config["tags"] == .array(["daily"]))
        #expect(a.meta == ["owner": "ops"])
        #expect(a.config["meta"] == .object(["owner": "ops"]), "top-level meta is part of the node's config")
    }

    /// Top-level `meta:` was kept aside and never reached the node's config (nor the manifest).
    @Test func topLevelMetaMergesIntoConfigMeta() throws {
        let (set, _) = Self.read("models:\n  - name: a\n    meta: {owner: ops, tier: 3}\n    config:\n      meta: {tier: 1}\n")
        #expect(try #require(set.models["a"]).config["meta"] == .object(["owner": "ops", "tier": 1]))
    }

    @Test func describedTwiceAcrossFilesPointsAtBoth() throws {
        var set = PropertySet()
        var bag = DiagnosticBag()
        set.add(
            SourceFile(path: "models/a.yml", text: "models:\n  - name: orders\n"), render: envRenderer([:]),
            configKeys: ProfilesTests.adapters.configKeys, diagnostics: &bag)
        set.add(
            SourceFile(path: "models/b.yml", text: "models:\n  - name: orders\n"), render: envRenderer([:]),
            configKeys: ProfilesTests.adapters.configKeys, diagnostics: &bag)
        let d = try #require(bag.diagnostics.first)
        #expect(d.message == "model 'orders' is described twice")
        #expect(d.range?.file.path == "models/b.yml")
        #expect(d.notes.first?.range?.file.path == "models/a.yml")
    }

    /// A source table declared again is found through the index `add` keeps: in the same file, in a
    /// later file, and after `sources` was changed from outside `add`; a package's own namespace is apart.
    @Test func sourceDeclaredTwiceIsFoundAcrossFilesPackagesAndOutsideChanges() throws {
        var set = PropertySet()
        var bag = DiagnosticBag()
        func add(_ path: String, _ text: String, package: String? = nil) {
            set.add(
                SourceFile(path: path, text: text), render: envRenderer([:]), configKeys: ProfilesTests.adapters.configKeys,
                package: package, diagnostics: &bag)
        }
        add("models/a.yml", "sources:\n  - name: raw\n    tables:\n      - name: t1\n      - name: t2\n      - name: t1\n")
        add("models/b.yml", "sources:\n  - name: raw\n    tables:\n      - name: t2\n      - name: t3\n")
        add("packages/p/models/c.yml", "sources:\n  - name: raw\n    tables:\n      - name: t1\n", package: "p")
        var outside = try #require(set.sources.first { $0.name == "t3" })
        outside.name = "t4"
        set.sources.append(outside)
        add("models/d.yml", "sources:\n  - name: raw\n    tables:\n      - name: t4\n      - name: t5\n")
        #expect(bag.diagnostics.map(\.message) == ["t1", "t2", "t4"].map { "source 'raw.\($0)' is declared twice" })
        #expect(bag.diagnostics.map { $0.range?.file.path } == ["models/a.yml", "models/b.yml", "models/d.yml"])
        #expect(bag.diagnostics.map { $0.notes.first?.range?.file.path } == ["models/a.yml", "models/a.yml", "models/b.yml"])
        #expect(set.sources.map { "\($0.package ?? "-").\($0.name)" } == ["-.t1", "-.t2", "-.t3", "p.t1", "-.t4", "-.t5"])
    }

    @Test func wrongShapesAreErrorsWithPositions() {
        let (_, diags) = Self.read("models:\n  - name: a\n    columns: id\n")
        #expect(diags.map(\.message) == ["'columns' must be a list, found a scalar"])
        #expect(diags.first?.range?.start == Loc(line: 3, column: 14))
    }
}
