import SDBasics

/// One output of a profile: where models are built (a DuckDB file or an Athena work group).
public struct Target: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case duckdb, athena
    }

    public var name: String
    public var kind: Kind
    /// The default schema (Athena: Glue database) models are built in.
    public var schema: String
    /// The catalog: for DuckDB the database file's stem (`memory` for `:memory:`), for Athena the data catalog.
    public var database: String
    public var threads: Int
    /// Every setting as written (after `env_var` rendering), for the engines to read their own keys.
    public var settings: [String: JSONValue]
    public var ranges: [String: SourceRange]
    /// Where the target was declared.
    public var range: SourceRange?

    public init(name: String, kind: Kind, schema: String, database: String, threads: Int,
                settings: [String: JSONValue] = [:], ranges: [String: SourceRange] = [:], range: SourceRange? = nil)
    {
        self.name = name
        self.kind = kind
        self.schema = schema
        self.database = database
        self.threads = threads
        self.settings = settings
        self.ranges = ranges
        self.range = range
    }

    public func string(_ key: String) -> String? {
        switch settings[key] {
        case .string(let s): s
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .bool(let b): b ? "true" : "false"
        default: nil
        }
    }

    public func int(_ key: String) -> Int? {
        switch settings[key] {
        case .int(let i): i
        case .string(let s): Int(s)
        default: nil
        }
    }

    /// Keys each target type understands (others are warned about, with a did-you-mean).
    static let knownKeys: [Kind: Set<String>] = [
        .duckdb: ["type", "path", "schema", "database", "threads", "duckdb_path", "extensions", "settings",
                  "attach", "memory_limit", "temp_directory", "lake_root"],
        .athena: ["type", "region", "region_name", "work_group", "s3_staging_dir", "s3_data_dir", "s3_data_naming",
                  "s3_tmp_table_dir", "database", "schema", "threads", "aws_profile_name", "aws_access_key_id",
                  "aws_secret_access_key", "aws_session_token", "endpoint_url", "athena_endpoint_url",
                  "glue_endpoint_url", "s3_endpoint_url", "sts_endpoint_url", "poll_interval", "num_retries",
                  "num_boto3_retries", "num_iceberg_retries", "schema_concatenation", "lake_root",
                  "spark_work_group", "seed_s3_upload_args", "debug_query_state", "catalog", "run_lease_seconds"],
    ]

    /// Settings that hold credentials: the profile keys of dbt's adapters (`password`, `token`,
    /// dbt-athena's `aws_secret_access_key` and `aws_session_token`) and, at any depth (DuckDB
    /// `settings:` such as `s3_secret_access_key` or `http_proxy_password`), any key naming a
    /// password, secret, token or private key. Their values are scrubbed from output and hidden from `target`.
    public static func isSecretKey(_ key: String) -> Bool {
        let k = key.lowercased()
        if ["password", "passwd", "pass", "token", "aws_secret_access_key", "aws_session_token"].contains(k) { return true }
        return ["password", "secret", "token", "private_key", "passphrase"].contains { k.contains($0) }
    }

    /// Every credential the target holds, with the path of its key (e.g. `settings.s3_secret_access_key`).
    public var secretValues: [(key: String, value: String)] {
        var out: [(key: String, value: String)] = []
        func walk(_ v: JSONValue, _ path: String, secret: Bool) {
            switch v {
            case .object(let o):
                for k in o.keys.sorted() { walk(o[k] ?? .null, path + "." + k, secret: secret || Target.isSecretKey(k)) }
            case .array(let a):
                for (i, e) in a.enumerated() { walk(e, path + "[\(i)]", secret: secret) }
            case .string(let s) where secret: out.append((path, s))
            case .int(let i) where secret: out.append((path, String(i)))
            case .double(let d) where secret: out.append((path, String(d)))
            default: break
            }
        }
        for k in settings.keys.sorted() { walk(settings[k] ?? .null, k, secret: Target.isSecretKey(k)) }
        return out
    }

    /// Keys a target type cannot work without.
    static let requiredKeys: [Kind: [String]] = [
        .duckdb: [],
        .athena: ["region", "s3_staging_dir", "schema"],
    ]
}
