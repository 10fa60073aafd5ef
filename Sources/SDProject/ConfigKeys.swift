import SDBasics

/// The configuration keys swiftdbt understands, so that a misspelt one is a warning with a
/// did-you-mean rather than silently ignored (docs/architecture.md, Diagnostics). Keys of one target
/// type are its adapter's (`TargetAdapter.configKeys`); `ModelConfigKeys` joins them with these.
public enum ConfigKeys {
    /// Keys every model and seed accepts, as dbt documents them.
    public static let general: Set<String> = [
        "materialized", "schema", "alias", "database", "tags", "enabled", "meta", "docs",
        "pre-hook", "post-hook", "pre_hook", "post_hook", "persist_docs", "full_refresh", "unique_key",
        "incremental_strategy", "on_schema_change", "contract", "grants", "group", "access",
        "column_types", "quote_columns", "delimiter", "sql_header", "on_configuration_change", "event_time",
        "batch_size", "begin", "lookback", "concurrent_batches", "description", "quoting",
    ]
    /// Keys of generic and singular data tests.
    public static let test: Set<String> = [
        "severity", "error_if", "warn_if", "where", "limit", "store_failures", "store_failures_as",
        "fail_calc", "tags", "enabled", "meta", "alias", "schema", "database",
    ]
    /// General keys whose values are mappings, so that a bare (un-prefixed) key with a mapping value in
    /// project.yml is read as a config and not as a folder name.
    public static let mappingValued: Set<String> = ["meta", "docs", "persist_docs", "contract", "grants", "column_types", "quoting"]

    /// The materializations a model may name.
    public static let materializations = Materialization.allCases.map(\.rawValue)

    /// Keys whose values accumulate down the folder tree instead of replacing (dbt's rule for tags,
    /// meta and hooks).
    public static let additive: Set<String> = ["tags", "meta", "pre-hook", "post-hook"]

    /// The finding for a `materialized` value swiftdbt has no materialization for.
    public static func unknownMaterialization(_ name: String, at range: SourceRange?, path: String? = nil, model: String? = nil) -> Diagnostic {
        Diagnostic.error(
            "unknown materialization '\(name)'\(model.map { " for model '\($0)'" } ?? "")", at: range, path: path,
            hint: "swiftdbt materializes: \(materializations.joined(separator: ", "))"
        )
        .suggesting(name, from: materializations)
    }
}

/// The model and seed config keys a run accepts: dbt's general ones (`ConfigKeys.general`) and those of
/// every registered adapter. Every adapter's, not only the chosen target's: project.yml is read before
/// the profile names a target, and one project serves several targets (RTSA builds on DuckDB and on
/// Athena), so an Athena key in a folder block is right on a DuckDB run and must not be warned about.
public struct ModelConfigKeys: Sendable {
    /// Every accepted key.
    public let all: Set<String>
    /// The accepted keys whose values are mappings (see `ConfigKeys.mappingValued`).
    public let mappingValued: Set<String>

    /// A fixed set of keys (the semantic layer's configs).
    public init(all: Set<String>, mappingValued: Set<String>) {
        self.all = all
        self.mappingValued = mappingValued
    }

    public init(adapters: [any TargetAdapter]) {
        let keys = adapters.flatMap(\.configKeys)
        all = ConfigKeys.general.union(keys.map(\.name))
        mappingValued = ConfigKeys.mappingValued.union(keys.filter { $0.kind == .mapping }.map(\.name))
    }
}
