import SDProject

extension DuckDBAdapter {
    /// DuckDB enforces every constraint type in CREATE TABLE (duckdb.org/docs/stable/sql/constraints),
    /// which is what dbt-duckdb's `CONSTRAINT_SUPPORT` declares; `custom` is written into the DDL as
    /// given, so DuckDB enforces whatever it says.
    public var constraintSupport: [Constraint.Kind: ConstraintSupport] {
        [.check: .enforced, .notNull: .enforced, .unique: .enforced, .primaryKey: .enforced, .foreignKey: .enforced, .custom: .enforced]
    }
}
