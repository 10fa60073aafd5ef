import SDProject

/// What an Athena target in profiles.yml says, with dbt-athena's defaults.
public struct AthenaSettings: Sendable, Equatable {
    public var region: String?
    public var workGroup: String
    /// Where Athena writes query results (`s3_staging_dir`), with a trailing `/`.
    public var stagingDir: String
    /// The root under which tables are written (`s3_data_dir`, else `<s3_staging_dir>tables/`), with a trailing `/`.
    public var dataDir: String
    /// `s3_data_naming`: unique, table, table_unique, schema_table, schema_table_unique (default).
    public var dataNaming: String
    /// The data catalog (`database`), default `awsdatacatalog`.
    public var catalog: String
    public var schema: String
    public var profileName: String?
    /// Endpoint overrides by signing name (`endpoint_url` applies to all three services).
    public var endpoints: [String: String]
    /// Seconds between the first polls of a running query (`poll_interval`, default 1).
    public var pollInterval: Double
    /// Attempts per AWS call (`num_retries`, default 5).
    public var retries: Int
    /// Seconds a run's lease lasts unless renewed (`run_lease_seconds`, default 900); renewed every
    /// third of that while the run lives. Make it longer than the workgroup's query timeout, so a
    /// killed run's queries still running in Athena end before its leftovers are collected.
    public var leaseSeconds: Double

    public init(target: Target) {
        region = target.string("region") ?? target.string("region_name")
        workGroup = target.string("work_group") ?? "primary"
        stagingDir = AthenaSettings.folder(target.string("s3_staging_dir") ?? "")
        dataDir = AthenaSettings.folder(target.string("s3_data_dir") ?? (stagingDir + "tables/"))
        dataNaming = target.string("s3_data_naming") ?? "schema_table_unique"
        catalog = target.database.isEmpty ? "awsdatacatalog" : target.database
        schema = target.schema
        profileName = target.string("aws_profile_name")
        var endpoints: [String: String] = [:]
        if let all = target.string("endpoint_url") { for s in ["athena", "glue", "s3", "sts"] { endpoints[s] = all } }
        for s in ["athena", "glue", "s3", "sts"] { if let e = target.string("\(s)_endpoint_url") { endpoints[s] = e } }
        self.endpoints = endpoints
        pollInterval = Double(target.string("poll_interval") ?? "") ?? 1
        retries = target.int("num_retries") ?? 5
        leaseSeconds = Double(target.int("run_lease_seconds") ?? 900)
    }

    static func folder(_ s: String) -> String { s.isEmpty || s.hasSuffix("/") ? s : s + "/" }
}
