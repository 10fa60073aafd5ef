import SDBasics

extension Manifest {
    /// A node's `contract` in manifest v12: `enforced` from its config, `alias_types` true (dbt's
    /// default), and for an enforced contract the checksum dbt-core's `build_contract_checksum`
    /// computes, the SHA-256 of `|<name><data_type>[]` per column sorted by name (`[]`: constraints
    /// are not supported, so each column has none), which `state:modified.contract` compares.
    static func contractJSON(_ n: CompiledNode) -> JSONValue {
        let enforced: Bool
        switch n.config.values["contract"]?["enforced"] {
        case .bool(let b)?: enforced = b
        case .string(let s)?: enforced = ["true", "yes"].contains(s.lowercased())
        default: enforced = false
        }
        guard enforced else { return ["enforced": false, "alias_types": true, "checksum": nil] }
        let state = n.columns.sorted { $0.name < $1.name }.map { "|\($0.name)\($0.dataType ?? "None")[]" }.joined()
        return ["enforced": true, "alias_types": true, "checksum": .string(SHA256Digest.hex(Array(state.utf8)))]
    }
}
