import Foundation
import SDBasics
import SDCompiler
import SDEngine

extension AthenaEngine {
    /// A source with `external:` becomes an external table over its S3 location; partition columns
    /// get partition projection (partition-projection.html) over the Kafka Connect S3 sink layout
    /// `<location>/<col>=<value>/`, so no partitions are ever added or repaired. A changed definition
    /// is built under a temporary name and swapped in; source data is never deleted.
    func buildExternalSource(_ node: CompiledNode, _ relation: Relation, log: StatementLog, stats: inout QueryStats) async throws {
        let existing = try await currentTable(relation)
        let target = existing == nil ? relation : temporary(relation)
        let sql = try AthenaEngine.externalTable(node, target)
        do {
            try await run(sql, node: node, log: log, stats: &stats)
        } catch {
            if existing != nil { await discard(temp: target, location: nil) }
            throw error
        }
        if existing != nil { try await swap(target, into: relation, existing: existing, root: nil, log: log, stats: &stats) }
    }

    static func externalTable(_ node: CompiledNode, _ relation: Relation) throws -> String {
        let external = node.external ?? [:]
        guard var location = external["location"]?.stringValue, location.hasPrefix("s3://") else {
            throw EngineError(
                .database,
                """
                source \(node.sourceName ?? "").\(node.name): external location '\(external["location"]?.stringValue ?? "")' is not an s3:// URL; \
                on Athena set it to the S3 folder, or leave it out when a streaming/ sink feeds the source (its bucket is used)
                """)
        }
        while location.hasSuffix("/") { location.removeLast() }
        var partitions: [(String, String)] = []
        for p in external["partitions"]?.arrayValue ?? [] {
            guard let name = p["name"]?.stringValue else { continue }
            partitions.append((name.lowercased(), hiveType(p["data_type"]?.stringValue ?? p["type"]?.stringValue ?? "string")))
        }
        let partitionNames = Set(partitions.map(\.0))
        let columns = node.columns.filter { !partitionNames.contains($0.name.lowercased()) }
            .map { "  `\($0.name.lowercased())` \(hiveType($0.dataType ?? "string"))" }
        guard !columns.isEmpty else {
            throw EngineError(.database, "source \(node.sourceName ?? "").\(node.name) declares no columns; Athena needs them for an external table")
        }
        var sql = "create external table \(AthenaSQL.hive(relation.schema, relation.identifier)) (\n\(columns.joined(separator: ",\n"))\n)\n"
        if !partitions.isEmpty {
            sql += "partitioned by (\(partitions.map { "`\($0.0)` \($0.1)" }.joined(separator: ", ")))\n"
        }
        let format = (external["file_format"]?.stringValue ?? external["format"]?.stringValue ?? "parquet").lowercased()
        switch format {
        case "json", "jsonl", "ndjson": sql += "row format serde 'org.openx.data.jsonserde.JsonSerDe'\n"
        case "csv", "textfile": sql += "row format delimited fields terminated by ','\nstored as textfile\n"
        default: sql += "stored as \(format)\n"
        }
        sql += "location \(AthenaSQL.literal(location + "/"))\n"
        var props: [String: String] = ["classification": format == "textfile" ? "csv" : format]
        if !partitions.isEmpty {
            props["projection.enabled"] = "true"
            for (name, type) in partitions {
                if type == "date" || name == "dt" {
                    // Kafka Connect's 'dt'=YYYY-MM-dd is Joda year-of-era; Java's DateTimeFormatter needs yyyy.
                    props["projection.\(name).type"] = "date"
                    props["projection.\(name).format"] = "yyyy-MM-dd"
                    props["projection.\(name).range"] = external["projection_range"]?.stringValue ?? "2020-01-01,NOW"
                    props["projection.\(name).interval"] = "1"
                    props["projection.\(name).interval.unit"] = "DAYS"
                } else {
                    props["projection.\(name).type"] = "injected"
                }
            }
            props["storage.location.template"] = location + "/" + partitions.map { "\($0.0)=${\($0.0)}" }.joined(separator: "/") + "/"
        }
        if case .object(let extra) = external["table_properties"] ?? .null {
            for (k, v) in extra { if let s = v.stringValue { props[k] = s } }
        }
        sql +=
            "tblproperties (\n"
            + props.sorted { $0.key < $1.key }.map { "  \(AthenaSQL.literal($0.key)) = \(AthenaSQL.literal($0.value))" }
            .joined(separator: ",\n") + "\n)"
        return sql
    }

    /// Hive DDL type names (string, not varchar): AthenaType.hive.
    static func hiveType(_ t: String) -> String { AthenaType.hive(t) }
}
