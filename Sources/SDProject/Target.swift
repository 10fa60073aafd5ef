import SDBasics

/// One output of a profile: where models are built (a DuckDB file or an Athena work group).
public struct Target: Sendable {
    public var name: String
    /// The adapter the profile's `type:` named; it owns the target's keys, defaults and model checks.
    public var adapter: any TargetAdapter
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

    public init(
        name: String, adapter: any TargetAdapter, schema: String, database: String, threads: Int,
        settings: [String: JSONValue] = [:], ranges: [String: SourceRange] = [:], range: SourceRange? = nil
    ) {
        self.name = name
        self.adapter = adapter
        self.schema = schema
        self.database = database
        self.threads = threads
        self.settings = settings
        self.ranges = ranges
        self.range = range
    }

    /// The profile's `type:`, e.g. `duckdb`.
    public var type: String { adapter.typeName }

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
}
