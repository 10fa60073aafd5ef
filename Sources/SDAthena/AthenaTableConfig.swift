import Foundation
import SDBasics
import SDProject

/// A model's Athena table settings, dbt-athena's config keys and defaults.
public struct AthenaTableConfig: Sendable, Equatable {
    /// `hive` (default) or `iceberg`.
    public var tableType: String
    /// `parquet` (default), `orc`, `avro`, `json`, `textfile`.
    public var format: String
    /// Default `snappy` (Athena's own CTAS default is GZIP).
    public var writeCompression: String?
    public var partitionedBy: [String]
    public var bucketedBy: [String]
    public var bucketCount: Int?
    /// A root folder the model's data goes under instead of `s3_data_dir`.
    public var externalLocation: String?
    public var fieldDelimiter: String?
    /// Extra Iceberg table properties, rendered as `key='value'`.
    public var tableProperties: [String: String]

    public init(_ config: NodeConfig) {
        tableType = (config.string("table_type") ?? "hive").lowercased()
        format = (config.string("format") ?? "parquet").lowercased()
        let compression = config.string("write_compression")
        writeCompression = compression ?? (["parquet", "orc"].contains(format) ? "snappy" : nil)
        partitionedBy = AthenaTableConfig.list(config["partitioned_by"])
        bucketedBy = AthenaTableConfig.list(config["bucketed_by"])
        bucketCount = { if case .int(let i) = config["bucket_count"] ?? .null { i } else { config.string("bucket_count").flatMap { Int($0) } } }()
        externalLocation = config.string("external_location").map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        fieldDelimiter = config.string("field_delimiter")
        var props: [String: String] = [:]
        if case .object(let o) = config["table_properties"] ?? .null {
            for (k, v) in o {
                switch v {
                case .string(let s): props[k] = s
                case .int(let i): props[k] = String(i)
                case .bool(let b): props[k] = b ? "true" : "false"
                default: break
                }
            }
        }
        tableProperties = props
    }

    public var isIceberg: Bool { tableType == "iceberg" }

    static func list(_ v: JSONValue?) -> [String] {
        switch v {
        case .string(let s): s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        case .array(let a): a.compactMap(\.stringValue)
        default: []
        }
    }
}
