import SDBasics
import SDCompiler
import SDEngine
import Testing

@testable import SDProject

/// The DDL that applies constraints: declared columns with their constraints, the model-level ones
/// after them, types the target does not support left out, and only for an enforced contract on a
/// table or incremental model.
struct ConstraintDDLTests {
    static let range = SourceRange(file: SourceFile(path: "models/p.yml", text: ""), bytes: 0..<0)

    static func node(materialized: String = "table", enforced: Bool = true) -> CompiledNode {
        var n = CompiledNode(
            uniqueId: "model.p.orders", name: "orders", resourceType: .model, packageName: "p", fqn: ["p", "orders"],
            originalFilePath: "models/orders.sql", path: "orders.sql",
            config: NodeConfig(["materialized": .string(materialized), "contract": .object(["enforced": .bool(enforced)])]))
        n.compiledCode = "select 1 as id, 2 as amount;\n"
        n.columns = [
            ColumnProperties(
                name: "id", description: "", dataType: "integer", meta: [:], tags: [], tests: [], range: range,
                constraints: [Constraint(type: .notNull, range: range)]),
            ColumnProperties(
                name: "amount", description: "", dataType: "integer", meta: [:], tags: [], tests: [], range: range,
                constraints: [Constraint(type: .check, expression: "amount >= 0", range: range)]),
        ]
        n.constraints = [
            Constraint(type: .primaryKey, name: "pk", columns: ["id"], range: range),
            Constraint(type: .foreignKey, expression: "main.amounts (a)", columns: ["amount"], range: range),
        ]
        return n
    }

    @Test func rendersColumnsThenModelConstraintsAndTheInsert() {
        let quote = { (s: String) in "\"\(s)\"" }
        let sql = ConstraintDDL.statements(Self.node(), into: "\"t\"", support: { _ in .enforced }, quote: quote)
        #expect(
            sql == [
                "create table \"t\" (\n    \"id\" integer not null,\n    \"amount\" integer check (amount >= 0),\n"
                    + "    constraint \"pk\" primary key (\"id\"),\n    foreign key (\"amount\") references main.amounts (a)\n)",
                "insert into \"t\" (\"id\", \"amount\")\nselect \"id\", \"amount\" from (\nselect 1 as id, 2 as amount\n) as model_subq",
            ])
        let partial = ConstraintDDL.statements(
            Self.node(), into: "\"t\"", support: { $0 == .notNull ? .notEnforced : .notSupported }, quote: quote)
        #expect(partial.first == "create table \"t\" (\n    \"id\" integer not null,\n    \"amount\" integer\n)")
    }

    @Test func appliesOnlyToEnforcedTablesAndIncrementals() {
        #expect(ConstraintDDL.applies(to: Self.node()))
        #expect(ConstraintDDL.applies(to: Self.node(materialized: "incremental")))
        #expect(!ConstraintDDL.applies(to: Self.node(materialized: "view")))
        #expect(!ConstraintDDL.applies(to: Self.node(enforced: false)))
        var bare = Self.node()
        bare.constraints = []
        for i in bare.columns.indices { bare.columns[i].constraints = [] }
        #expect(!ConstraintDDL.applies(to: bare))
    }

    @Test func pythonReprIsWhatDbtHashes() {
        let c = Constraint(type: .primaryKey, columns: ["id"], range: Self.range)
        #expect(
            c.pythonRepr(modelLevel: true)
                == "ModelLevelConstraint(type=<ConstraintType.primary_key: 'primary_key'>, name=None, expression=None, "
                + "warn_unenforced=True, warn_unsupported=True, to=None, to_columns=[], columns=['id'])")
        let d = Constraint(type: .check, expression: "name <> 'x'", warnUnsupported: false, range: Self.range)
        #expect(
            d.pythonRepr(modelLevel: false)
                == "ColumnLevelConstraint(type=<ConstraintType.check: 'check'>, name=None, expression=\"name <> 'x'\", "
                + "warn_unenforced=True, warn_unsupported=False, to=None, to_columns=[])")
    }
}
