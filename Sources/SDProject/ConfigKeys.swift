import SDBasics

/// The configuration keys swiftdbt understands, so that a misspelt one is a warning with a
/// did-you-mean rather than silently ignored (ARCHITECTURE.md, Diagnostics).
public enum ConfigKeys {
    /// Keys every model and seed accepts, as dbt documents them.
    public static let general: Set<String> = [
        "materialized", "schema", "alias", "database", "tags", "enabled", "meta", "docs",
        "pre-hook", "post-hook", "pre_hook", "post_hook", "persist_docs", "full_refresh", "unique_key",
        "incremental_strategy", "on_schema_change", "contract", "grants", "group", "access",
        "column_types", "quote_columns", "delimiter", "sql_header", "on_configuration_change", "event_time",
        "batch_size", "begin", "lookback", "concurrent_batches", "description", "quoting",
    ]
    /// Keys of the Athena adapter (dbt-athena's names), passed through to the Athena target.
    public static let athena: Set<String> = [
        "table_type", "format", "write_compression", "field_delimiter", "partitioned_by", "bucketed_by",
        "bucket_count", "external_location", "s3_data_dir", "s3_data_naming", "table_properties",
        "lf_tags_config", "lf_grants", "seed_by_insert", "seed_s3_upload_args", "partitions_limit",
        "force_batch", "native_drop", "ha", "skip_partitioning", "unique_tmp_table_suffix",
        "temp_schema", "classification", "location",
    ]
    /// Keys of the DuckDB target.
    public static let duckdb: Set<String> = [
        "options", "location", "file_format", "partition_by", "overwrite_or_ignore",
    ]
    /// Keys of generic and singular data tests.
    public static let test: Set<String> = [
        "severity", "error_if", "warn_if", "where", "limit", "store_failures", "store_failures_as",
        "fail_calc", "tags", "enabled", "meta", "alias", "schema", "database",
    ]
    /// Every key accepted on models and seeds.
    public static let all: Set<String> = general.union(athena).union(duckdb)

    /// Config keys whose values are mappings, so that a bare (un-prefixed) key with a mapping value in
    /// project.yml is read as a config and not as a folder name.
    public static let mappingValued: Set<String> = [
        "meta", "docs", "persist_docs", "contract", "grants", "column_types", "table_properties",
        "lf_tags_config", "lf_grants", "options", "quoting", "seed_s3_upload_args",
    ]

    /// The materializations a model may name.
    public static let materializations = Materialization.allCases.map(\.rawValue)

    /// Keys whose values accumulate down the folder tree instead of replacing (dbt's rule for tags,
    /// meta and hooks).
    public static let additive: Set<String> = ["tags", "meta", "pre-hook", "post-hook"]

    /// The finding for a `materialized` value swiftdbt has no materialization for.
    public static func unknownMaterialization(_ name: String, at range: SourceRange?, path: String? = nil, model: String? = nil) -> Diagnostic {
        Diagnostic.error("unknown materialization '\(name)'\(model.map { " for model '\($0)'" } ?? "")", at: range, path: path,
                         hint: "swiftdbt materializes: \(materializations.joined(separator: ", "))")
            .suggesting(name, from: materializations)
    }
}
