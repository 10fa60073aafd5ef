import Foundation
import SDAWS
import SDBasics
import SDEngine
import SDProject

/// The `athena` target type: Athena SQL over the Glue catalog and S3 (docs/athena.md), with
/// dbt-athena's profile keys and model configs.
public struct AthenaAdapter: Adapter {
    public init() {}

    public var typeName: String { "athena" }
    public var displayName: String { "Athena" }

    /// dbt-athena's profile keys that swiftdbt reads (AthenaSettings says what each does).
    public var settingKeys: [TargetSetting] {
        [
            TargetSetting("region", required: true, alias: "region_name"), TargetSetting("region_name"), TargetSetting("work_group"),
            TargetSetting("s3_staging_dir", required: true), TargetSetting("schema", required: true), TargetSetting("s3_data_dir"),
            TargetSetting("s3_data_naming"), TargetSetting("database"), TargetSetting("catalog"), TargetSetting("threads", .integer),
            TargetSetting("aws_profile_name"), TargetSetting("aws_access_key_id"), TargetSetting("aws_secret_access_key"),
            TargetSetting("aws_session_token"), TargetSetting("endpoint_url"), TargetSetting("athena_endpoint_url"),
            TargetSetting("glue_endpoint_url"), TargetSetting("s3_endpoint_url"), TargetSetting("sts_endpoint_url"),
            TargetSetting("poll_interval", .number), TargetSetting("num_retries", .integer), TargetSetting("schema_concatenation", .boolean),
            TargetSetting("run_lease_seconds", .integer),
        ]
    }

    /// dbt-athena's model configs (docs.getdbt.com/reference/resource-configs/athena-configs), passed through to
    /// the Athena target; AthenaTableConfig reads the ones swiftdbt implements.
    public var configKeys: [TargetSetting] {
        [
            "table_type", "format", "write_compression", "field_delimiter", "partitioned_by", "bucketed_by", "bucket_count",
            "external_location", "s3_data_dir", "s3_data_naming", "seed_by_insert", "partitions_limit", "force_batch", "native_drop",
            "ha", "skip_partitioning", "unique_tmp_table_suffix", "temp_schema", "classification", "location",
        ].map { TargetSetting($0) }
            + ["table_properties", "lf_tags_config", "lf_grants", "seed_s3_upload_args"].map { TargetSetting($0, .mapping) }
    }

    public var unsupportedSettings: [String: String] {
        [
            "s3_tmp_table_dir": "temporary tables are written under s3_data_dir, next to the table they replace",
            "num_boto3_retries": "use num_retries, the attempts per AWS call",
            "num_iceberg_retries": "use num_retries, the attempts per AWS call",
            "spark_work_group": "swiftdbt runs SQL models only; Python models and Spark work groups are not supported",
            "seed_s3_upload_args": "seeds are uploaded with S3's defaults",
            "debug_query_state": "each query's id is in target/run_results.json (adapter_response.query_id)",
            "lake_root": "lake_root is a project variable: set it under 'vars:' in project.yml or with --vars",
        ]
    }

    public var requiredHint: String? { "an athena target needs region_name (or region), s3_staging_dir and schema" }

    /// dbt-athena's defaults: schema `default`, catalog `awsdatacatalog` (`database`, or `catalog`).
    public func defaultLocation(_ settings: [String: JSONValue]) -> (schema: String, database: String) {
        (settings["schema"]?.stringValue ?? "default", settings["database"]?.stringValue ?? settings["catalog"]?.stringValue ?? "awsdatacatalog")
    }

    public func checkSettings(_ settings: [String: JSONValue], ranges: [String: SourceRange]) -> [Diagnostic] {
        // A key id without its secret (or the reverse) cannot sign anything; say so rather than fall back to the chain.
        let pair = ["aws_access_key_id", "aws_secret_access_key"]
        let given = pair.filter { settings[$0] != nil }
        guard given.count == 1, let one = given.first else { return [] }
        return [
            .error(
                "athena target setting '\(one)' is given without '\(pair.first { $0 != one } ?? "")'", at: ranges[one],
                hint: "set both, or neither to use the AWS credentials chain (docs/aws.md)")
        ]
    }

    /// Formats Athena's CTAS writes ("CTAS table properties", docs.aws.amazon.com/athena/latest/ug/create-table-as.html);
    /// Iceberg tables take only the first three.
    static let formats = ["parquet", "orc", "avro", "json", "textfile"]
    static let icebergFormats = ["parquet", "orc", "avro"]

    /// Strategies (AthenaEngine+Incremental.swift): append on both table types, insert_overwrite on
    /// Hive, merge on Iceberg with a unique_key; `table_type` and `format` must be ones Athena writes.
    /// Athena's table permissions are Lake Formation or IAM grants, which swiftdbt does not manage:
    /// an error at the config, so nobody believes the grant was applied.
    public func grantsFinding(at range: SourceRange?, path: String) -> Diagnostic? {
        .error(
            "grants are not supported on Athena", at: range, path: range == nil ? path : nil,
            hint: "Athena table permissions are Lake Formation or IAM grants, which are out of scope for swiftdbt; "
                + "manage them outside swiftdbt and remove 'grants'")
    }

    public func validate(_ node: NodeCheck) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let config = node.config
        let tableType = (config.string("table_type") ?? "hive").lowercased()
        if !["hive", "iceberg"].contains(tableType) {
            out.append(
                node.error("table_type", "unknown table_type '\(tableType)' for model '\(node.name)'", hint: "Athena writes hive or iceberg tables")
                    .suggesting(tableType, from: ["hive", "iceberg"]))
        }
        if [.table, .incremental].contains(node.materialization), let format = config.string("format")?.lowercased() {
            let allowed = tableType == "iceberg" ? AthenaAdapter.icebergFormats : AthenaAdapter.formats
            if !allowed.contains(format) {
                out.append(
                    node.error(
                        "format", "Athena cannot write \(tableType) tables in format '\(format)' (model '\(node.name)')",
                        hint: "\(tableType) tables take: \(allowed.joined(separator: ", "))"
                    ).suggesting(format, from: allowed))
            }
        }
        let strategies = node.checkStrategy(target: typeName, supported: [.append, .insertOverwrite, .merge], needingKey: [.merge])
        out += strategies
        guard strategies.isEmpty, node.materialization == .incremental, let strategy = config.incrementalStrategy else { return out }
        if strategy == .merge, tableType != "iceberg" {
            out.append(
                node.error(
                    "incremental_strategy", "incremental_strategy 'merge' of model '\(node.name)' needs an Iceberg table",
                    hint: "set table_type='iceberg', or use append or insert_overwrite on a Hive table"))
        }
        if strategy == .insertOverwrite, tableType == "iceberg" {
            out.append(
                node.error(
                    "incremental_strategy", "incremental_strategy 'insert_overwrite' of model '\(node.name)' is for Hive tables",
                    hint: "use merge or append on an Iceberg table"))
        }
        return out
    }

    /// Athena's DML names (AthenaType): `varchar`, `bigint`, … in lower case.
    public func sqlType(_ type: SeedLogicalType) -> String { AthenaType.dml(type) }

    /// Profile credentials (dbt-athena's `aws_access_key_id`, `aws_secret_access_key`,
    /// `aws_session_token`) come before the environment's, as they do in dbt-athena: they are
    /// handed to the credentials chain as its environment variables.
    static func environment(_ context: EngineContext) -> [String: String] {
        var env = context.environment
        let keys = [
            "aws_access_key_id": "AWS_ACCESS_KEY_ID", "aws_secret_access_key": "AWS_SECRET_ACCESS_KEY",
            "aws_session_token": "AWS_SESSION_TOKEN",
        ]
        guard context.target.string("aws_access_key_id") != nil else { return env }
        for (key, variable) in keys {
            env[variable] = context.target.string(key)
        }
        return env
    }

    func client(_ context: EngineContext, _ settings: AthenaSettings) throws -> AWSClient {
        try AWSClient(
            runtime: AWSRuntime.live(environment: AthenaAdapter.environment(context), scrubber: context.scrubber),
            options: AthenaEngine.clientOptions(settings))
    }

    public func makeEngine(_ context: EngineContext) throws -> any Engine {
        let settings = AthenaSettings(target: context.target)
        return AthenaEngine(
            settings: settings, aws: try client(context, settings), now: { Date() },
            sleep: { try await Task.sleep(nanoseconds: UInt64(max(0, $0) * 1_000_000_000)) },
            runID: context.invocationId)
    }

    /// Credentials, STS GetCallerIdentity and the work group, step by step (AWSClient+Check.swift).
    public func preflight(_ context: EngineContext) async -> [PreflightStep] {
        let settings = AthenaSettings(target: context.target)
        do {
            let aws = try client(context, settings)
            return await aws.connectivityReport(athenaWorkGroup: settings.workGroup)
        } catch {
            return [PreflightStep(name: "AWS client", succeeded: false, detail: "\(error)")]
        }
    }
}
