import SDBasics

/// The keys and folders dbt documents that swiftdbt does not implement (yet), each refused with a
/// positioned error that says what to do instead. A user who writes `contract: {enforced: true}` or
/// a `post-hook` believes it is enforced or run; accepting and dropping it would be a silent lie
/// (issue 15). Every key named here or accepted elsewhere is listed in docs/dbt-compatibility.md.
public enum DbtSupport {
    /// Why one key is refused, and when: `when` nil means whatever the value; otherwise only values
    /// for which it returns true (`contract: {enforced: false}` says nothing swiftdbt fails to do).
    public struct Rule: Sendable {
        public var message: String
        public var hint: String
        public var when: (@Sendable (JSONValue) -> Bool)?
        /// A warning only where the key asks swiftdbt to check something it cannot, never to do something.
        public var severity: Diagnostic.Severity

        init(_ message: String, hint: String, severity: Diagnostic.Severity = .error, when: (@Sendable (JSONValue) -> Bool)? = nil) {
            self.message = message
            self.hint = hint
            self.severity = severity
            self.when = when
        }

        public func applies(to value: JSONValue) -> Bool { when?(value) ?? true }
    }

    static let later = "it comes in a later release of swiftdbt"

    static let microbatch = Rule(
        "microbatch incremental models are not supported yet",
        hint: "use incremental_strategy 'append' or 'merge' with is_incremental() and a lookback in the model's SQL; \(later)")
    static let lakeFormation = Rule(
        "Lake Formation tags and grants are out of scope for swiftdbt",
        hint: "manage Lake Formation permissions outside swiftdbt (AWS console, CloudFormation or Terraform)")
    static let duckdbExternal = Rule(
        "dbt-duckdb's external materialization is not supported",
        hint: "declare files swiftdbt reads as a source with an 'external:' block; writing models to files \(later)")
    static let athenaUnsupported = Rule(
        "this dbt-athena config is not supported",
        hint: "set the data location with the profile's s3_data_dir and s3_data_naming, or the model's external_location")

    /// Model, seed and snapshot configs (project.yml `+key`, property `config:`, `config(...)`).
    public static let config: [String: Rule] = [

        "persist_docs": Rule(
            "persisting descriptions as database comments is not supported yet",
            hint: "descriptions are in target/manifest.json and on the docs site (swiftdbt docs generate); \(later)",
            when: { v in if case .object(let o) = v { o.values.contains(where: isTrue) } else { isTrue(v) } }),
        "sql_header": Rule(
            "'sql_header' is not supported yet",
            hint: "put session settings in the profile or in the model's SQL; \(later)"),
        "on_configuration_change": Rule(
            "materialized views are not supported, so 'on_configuration_change' has no effect",
            hint: "use materialized='table' or 'incremental'"),
        "event_time": microbatch, "batch_size": microbatch, "begin": microbatch, "lookback": microbatch,
        "concurrent_batches": microbatch,
        "delimiter": Rule(
            "seeds are read as comma-separated files only",
            hint: "save the CSV with ',' as its delimiter", when: { $0.stringValue != "," }),
        "quote_columns": Rule(
            "swiftdbt always quotes seed column names",
            hint: "remove 'quote_columns: false'", when: { !isTrue($0) }),
        "lf_tags_config": lakeFormation, "lf_grants": lakeFormation,
        "s3_data_dir": athenaUnsupported, "s3_data_naming": athenaUnsupported, "location": athenaUnsupported,
        "seed_by_insert": athenaUnsupported, "seed_s3_upload_args": athenaUnsupported,
        "partitions_limit": athenaUnsupported, "native_drop": athenaUnsupported, "ha": athenaUnsupported,
        "skip_partitioning": athenaUnsupported, "unique_tmp_table_suffix": athenaUnsupported,
        "temp_schema": athenaUnsupported, "classification": athenaUnsupported,
        "options": duckdbExternal, "file_format": duckdbExternal, "partition_by": duckdbExternal,
        "overwrite_or_ignore": duckdbExternal,
    ]

    /// Keys at the top of project.yml.
    public static let projectKeys: [String: Rule] = [
        "tests": Rule(
            "test configs in project.yml are not supported yet",
            hint: "set them on each test in property YAML ('config:' under the test); \(later)"),
        "data_tests": Rule(
            "test configs in project.yml are not supported yet",
            hint: "set them on each test in property YAML ('config:' under the test); \(later)"),
        "sources": Rule(
            "source configs in project.yml are not supported yet",
            hint: "set 'config:' on the source in property YAML; \(later)"),
        "exposures": Rule("exposure configs in project.yml are not supported yet", hint: "remove the block; \(later)"),
        "log-path": Rule("swiftdbt writes no log file", hint: "redirect the output of --log-format json to a file"),
        "require-dbt-version": Rule(
            "swiftdbt does not check require-dbt-version",
            hint: "docs/dbt-compatibility.md lists what swiftdbt implements of dbt", severity: .warning),
        "asset-paths": Rule("docs assets are not supported yet", hint: "link images by URL in descriptions; \(later)"),
        "query-comment": Rule(
            "query comments are not supported yet", hint: "remove 'query-comment'; \(later)",
            when: { v in !(v == .null || v.stringValue == "") }),
        "quoting": Rule(
            "swiftdbt always quotes database, schema and identifier",
            hint: "remove the 'false' entries", when: quotingOff),
        "flags": Rule(
            "dbt behaviour flags are not supported",
            hint: "pass swiftdbt's own command-line options instead",
            when: { v in if case .object(let o) = v { !Set(o.keys).isSubset(of: ["send_anonymous_usage_stats"]) } else { v != .null } }),
    ]

    /// Keys at the top of a property file.
    public static let propertyKeys: [String: Rule] = [

        "data_tests": Rule(
            "singular test properties are not supported yet",
            hint: "set the test's config with config(...) in its .sql file; \(later)"),
        "tests": Rule(
            "singular test properties are not supported yet",
            hint: "set the test's config with config(...) in its .sql file; \(later)"),
    ]

    /// Keys of a model or seed entry in a property file.
    public static let nodeKeys: [String: Rule] = [
        "deprecation_date": Rule("model deprecation is not supported yet", hint: "say it in the description; \(later)")
    ]

    /// Keys of a column entry.
    public static let columnKeys: [String: Rule] = [
        "quote": Rule(
            "column quoting is not supported yet", hint: "name the column as it is in the database; \(later)",
            when: isTrue),
        "policy_tags": Rule("policy tags are BigQuery's and have no meaning on DuckDB or Athena", hint: "remove them"),
        "granularity": Rule("semantic-layer time granularity is not supported", hint: "remove it"),
    ]

    /// Keys of a source or source table entry.
    public static let sourceKeys: [String: Rule] = [
        "overrides": Rule(
            "overriding a package's source is not supported yet", hint: "declare the source yourself; \(later)"),
        "quoting": Rule(
            "swiftdbt always quotes database, schema and identifier", hint: "remove the 'false' entries",
            when: quotingOff),
    ]

    /// The finding for `key: value` under `rules`, positioned at the key. The value is converted only
    /// for a key that has a rule: a property file's `models:` key reached here with its whole list,
    /// and converting 10,000 model entries to JSON only to find no rule cost more than reading them.
    public static func refusal(
        _ key: String, _ value: @autoclosure () -> JSONValue, in rules: [String: Rule], at range: SourceRange?,
        path: String? = nil
    ) -> Diagnostic? {
        guard let rule = rules[NodeConfig.canonical(key)], rule.applies(to: value()) else { return nil }
        return Diagnostic(rule.severity, rule.message, at: range, path: path, hint: rule.hint)
    }

    /// Checks every key of a YAML mapping against `rules`.
    static func check(_ node: YAMLNode?, _ rules: [String: Rule], _ diagnostics: inout DiagnosticBag) {
        for (k, v) in node?.entries ?? [] {
            guard let key = k.string else { continue }
            if let d = refusal(key, v.json, in: rules, at: k.range) { diagnostics.append(d) }
        }
    }

    /// dbt's `quoting:` turns quoting off per part with `false`; swiftdbt always quotes.
    static func quotingOff(_ v: JSONValue) -> Bool {
        if case .object(let o) = v { o.values.contains { $0 == .bool(false) } } else { true }
    }

    static func isTrue(_ v: JSONValue) -> Bool {
        switch v {
        case .bool(let b): b
        case .string(let s): ["true", "yes"].contains(s.lowercased())
        default: false
        }
    }
}
