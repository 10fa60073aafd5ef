import SDProject

extension AthenaAdapter {
    /// Athena has no constraints: a CTAS takes no column definitions, and Glue tables declare none.
    /// dbt-athena's `CONSTRAINT_SUPPORT` marks every type `NOT_SUPPORTED`, so dbt warns and leaves
    /// each out; swiftdbt warns the same way (SDCompiler's `ConstraintFindings`).
    public var constraintSupport: [Constraint.Kind: ConstraintSupport] { [:] }
}
