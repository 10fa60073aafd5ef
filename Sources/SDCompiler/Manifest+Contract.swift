import SDBasics
import SDProject

extension Manifest {
    /// A node's `contract` in manifest v12: `enforced` from its config, `alias_types` true (dbt's
    /// default), and for an enforced contract the checksum dbt-core's `build_contract_checksum`
    /// computes, the SHA-256 of `|<name><data_type><constraints>` per column sorted by name (the
    /// constraints as Python prints the list of them), which `state:modified.contract` compares. dbt then
    /// appends the materialization and the model-level constraints for a table or incremental model;
    /// swiftdbt does so only when there are model-level constraints, so the checksums of contracts
    /// without them stay what they were.
    static func contractJSON(_ n: CompiledNode) -> JSONValue {
        let enforced: Bool
        switch n.config.values["contract"]?["enforced"] {
        case .bool(let b)?: enforced = b
        case .string(let s)?: enforced = ["true", "yes"].contains(s.lowercased())
        default: enforced = false
        }
        guard enforced else { return ["enforced": false, "alias_types": true, "checksum": nil] }
        func repr(_ cs: [Constraint], _ modelLevel: Bool) -> String { "[" + cs.map { $0.pythonRepr(modelLevel: modelLevel) }.joined(separator: ", ") + "]" }
        var state = n.columns.sorted { $0.name < $1.name }.map { "|\($0.name)\($0.dataType ?? "None")\(repr($0.constraints, false))" }.joined()
        if !n.constraints.isEmpty { state += n.config.materialized + repr(n.constraints, true) }
        return ["enforced": true, "alias_types": true, "checksum": .string(SHA256Digest.hex(Array(state.utf8)))]
    }
}
