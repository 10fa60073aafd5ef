import SDBasics

extension ConfigKeys {
    /// Keys only snapshots take (docs.getdbt.com "Snapshot configurations"), accepted on snapshots
    /// alone so that a model's `strategy:` is still warned about as unknown.
    public static let snapshot: Set<String> = [
        "strategy", "updated_at", "check_cols", "hard_deletes", "invalidate_hard_deletes", "target_schema",
        "target_database", "snapshot_meta_column_names", "dbt_valid_to_current",
    ]
}

extension ModelConfigKeys {
    /// The keys a snapshot accepts: a model's and the snapshot keys.
    public var forSnapshots: ModelConfigKeys {
        ModelConfigKeys(all: all.union(ConfigKeys.snapshot), mappingValued: mappingValued.union(["snapshot_meta_column_names"]))
    }
}
