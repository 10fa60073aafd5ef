import SDBasics
import SDProject

extension Manifest {
    /// dbt's `SnapshotNode` (manifest v12): a compiled SQL node with the `SnapshotConfig` keys
    /// (strategy, unique_key, updated_at, check_cols, snapshot_meta_column_names, …) in its config,
    /// and none of a model's `access`, `constraints` or `version`, which the schema forbids.
    static func snapshotJSON(_ n: CompiledNode, compiled: CompiledProject) -> JSONValue {
        var o = sqlNodeJSON(n, compiled: compiled)
        if case .object(var config)? = o["config"] {
            // dbt records the resolved names; the schema declares exactly these five keys.
            // The compile checked this config already; a re-read reports nothing new.
            var findings = DiagnosticBag()
            let c = SnapshotSpec.read(n.config, name: n.name, ranges: [:], fallback: nil, diagnostics: &findings)?.columns
            if let c {
                config["snapshot_meta_column_names"] = [
                    "dbt_scd_id": .string(c.scdId), "dbt_updated_at": .string(c.updatedAt), "dbt_valid_from": .string(c.validFrom),
                    "dbt_valid_to": .string(c.validTo), "dbt_is_deleted": .string(c.isDeleted),
                ]
            }
            o["config"] = .object(config)
        }
        return .object(o)
    }
}
