import SDBasics
import SDProject

/// What a model's `constraints:` will and will not do on this target, told at compile time in every
/// command, each finding at the constraint it is about.
///
/// dbt applies constraints only to a `table` or `incremental` model with an enforced contract
/// (docs.getdbt.com, resource property `constraints`, "Prerequisites"); then each type is rendered or
/// warned about according to the adapter's `CONSTRAINT_SUPPORT` (dbt-adapters'
/// `process_parsed_constraint`: "not supported … will be ignored" unless `warn_unsupported: false`,
/// "not enforced … will not guarantee anything" unless `warn_unenforced: false`). dbt drops
/// constraints on a model without an enforced contract silently; swiftdbt warns, so nobody believes
/// a key is checked when it is not.
public enum ConstraintFindings {
    /// Every constraint of a model: model-level first, then each column's, in file order.
    public static func all(model: [Constraint], columns: [ColumnProperties]) -> [Constraint] {
        model + columns.flatMap(\.constraints)
    }

    /// Whether `config` enforces a contract (`contract: {enforced: true}`).
    public static func contractEnforced(_ config: NodeConfig) -> Bool {
        switch config["contract"]?["enforced"] {
        case .bool(let b)?: b
        case .string(let s)?: ["true", "yes"].contains(s.lowercased())
        default: false
        }
    }

    /// The findings for one model; empty when it declares no constraint.
    public static func check(
        _ properties: NodeProperties?, config: NodeConfig, materialization: Materialization, adapter: any TargetAdapter
    ) -> [Diagnostic] {
        guard let properties else { return [] }
        let constraints = all(model: properties.constraints, columns: properties.columns)
        guard let first = constraints.first else { return [] }
        guard contractEnforced(config) else {
            return [
                .warning(
                    "constraints apply only to a model whose contract is enforced; the \(constraints.count) of model "
                        + "'\(properties.name)' are ignored", at: first.range,
                    hint: "set contract: {enforced: true} (with a data_type on every column), or remove the constraints")
            ]
        }
        guard [.table, .incremental].contains(materialization) else {
            guard let warned = constraints.first(where: \.warnUnsupported) else { return [] }
            return [
                .warning(
                    "constraint types are not supported for \(materialization.rawValue) materializations and will be ignored",
                    at: warned.range,
                    hint: "constraints apply to table and incremental models; set 'warn_unsupported: false' on this constraint to ignore this warning")
            ]
        }
        var out: [Diagnostic] = []
        for c in constraints {
            switch adapter.support(for: c.type) {
            case .enforced:
                if c.type == .foreignKey, c.to != nil {
                    out.append(
                        .error(
                            "a foreign_key constraint's 'to' is not supported yet on \(adapter.typeName)", at: c.range,
                            hint: "name the referenced table and columns in 'expression', e.g. expression: \"main.customers (id)\"; "
                                + "'to: ref(...)' comes in a later release of swiftdbt"))
                }
            case .notEnforced where c.warnUnenforced:
                out.append(
                    .warning(
                        "the constraint type \(c.type.rawValue) is not enforced by \(adapter.typeName); it is kept as metadata "
                            + "but guarantees nothing about the data", at: c.range,
                        hint: "set 'warn_unenforced: false' on this constraint to ignore this warning"))
            case .notSupported where c.warnUnsupported:
                out.append(
                    .warning(
                        "the constraint type \(c.type.rawValue) is not supported by \(adapter.typeName), and will be ignored",
                        at: c.range, hint: "set 'warn_unsupported: false' on this constraint to ignore this warning"))
            default: break
            }
        }
        return out
    }
}
