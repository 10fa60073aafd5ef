import SDCompiler
import SDEngine
import SDProject

extension DuckDBEngine {
    /// A table rebuild: with constraints (an enforced contract on a table or incremental model), the
    /// new table is created with its declared columns and constraints and then filled, so DuckDB
    /// refuses a violating row; otherwise `create table as`. Either way it happens under a temporary
    /// name inside one transaction (`swapIn`), so a refused row leaves the old table and its rows.
    func rebuildTable(_ node: CompiledNode, _ relation: Relation, existing: RelationKind?, _ lease: DuckDBLease, log: StatementLog) throws
        -> AdapterResponse
    {
        guard ConstraintDDL.applies(to: node) else {
            return try replaceTable(relation, existing: existing, select: node.compiledCode, lease, log: log)
        }
        try swapIn(relation, existing: existing, lease, log: log) { temp in
            ConstraintDDL.statements(node, into: temp.quoted, support: DuckDBEngine.adapter.support(for:), quote: DuckDBEngine.quote)
        }
        let count = try lease.run("select count(*) from \(relation.quoted)")
        let rows = count.rows.first?.first?.intValue.map(Int.init)
        return AdapterResponse(message: rows.map { "OK \($0)" } ?? "OK", rowsAffected: rows)
    }
}
