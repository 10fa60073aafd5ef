import Foundation
import SDCompiler
import SDEngine

/// The statements swiftdbt sends to Athena, rendered byte-stably.
enum AthenaSQL {
    /// Hive DDL names (`CREATE EXTERNAL TABLE`): backticks, no catalog.
    static func hive(_ schema: String, _ table: String) -> String { "`\(schema)`.`\(table)`" }

    /// Athena's SQL spellings are its adapter's, so `AthenaAdapter` is the one place they are decided.
    static let adapter = AthenaAdapter()
    static func literal(_ s: String) -> String { adapter.literal(.string(s)) }
    static func quote(_ identifier: String) -> String { adapter.quote(identifier) }

    /// CTAS (considerations-ctas.html): partition columns must come last in the select.
    static func createTableAs(
        _ relation: Relation, _ select: String, config: AthenaTableConfig, location: String,
        partitioned: Bool = true
    ) -> String {
        var props: [String] = []
        if config.isIceberg {
            props.append("table_type='iceberg'")
            props.append("is_external=false")
            props.append("location=\(literal(location))")
            if partitioned, !config.partitionedBy.isEmpty {
                props.append("partitioning=ARRAY[\(config.partitionedBy.map(literal).joined(separator: ", "))]")
            }
        } else {
            props.append("table_type='hive'")
            props.append("is_external=true")
            props.append("external_location=\(literal(location))")
            if partitioned, !config.partitionedBy.isEmpty {
                props.append("partitioned_by=ARRAY[\(config.partitionedBy.map(literal).joined(separator: ", "))]")
            }
            if !config.bucketedBy.isEmpty, let n = config.bucketCount {
                props.append("bucketed_by=ARRAY[\(config.bucketedBy.map(literal).joined(separator: ", "))]")
                props.append("bucket_count=\(n)")
            }
            if let d = config.fieldDelimiter { props.append("field_delimiter=\(literal(d))") }
        }
        if let c = config.writeCompression { props.append("write_compression=\(literal(c))") }
        props.append("format=\(literal(config.format))")
        if config.isIceberg {
            for (k, v) in config.tableProperties.sorted(by: { $0.key < $1.key }) { props.append("\(k)=\(literal(v))") }
        }
        return "create table \(relation.quoted)\nwith (\n  \(props.joined(separator: ",\n  "))\n)\nas\n\(select.trimmedSQL)"
    }

    static func createView(_ relation: Relation, _ select: String) -> String {
        "create or replace view \(relation.quoted) as\n\(select.trimmedSQL)"
    }

    static func insert(_ target: Relation, columns: [String], from source: Relation) -> String {
        let cols = columns.map(AthenaSQL.quote).joined(separator: ", ")
        return "insert into \(target.quoted) (\(cols))\nselect \(cols) from \(source.quoted)"
    }

    /// MERGE for Iceberg tables on `keys`.
    static func merge(_ target: Relation, from source: Relation, keys: [String], columns: [String]) -> String {
        merge(target, source: source.quoted, keys: keys, columns: columns)
    }

    /// MERGE from `source`, a table name or a parenthesised subquery.
    static func merge(_ target: Relation, source: String, keys: [String], columns: [String]) -> String {
        let on = keys.map { "target.\(AthenaSQL.quote($0)) = src.\(AthenaSQL.quote($0))" }.joined(separator: " and ")
        let sets = columns.filter { c in !keys.contains { $0.lowercased() == c.lowercased() } }
            .map { "\(AthenaSQL.quote($0)) = src.\(AthenaSQL.quote($0))" }.joined(separator: ", ")
        let cols = columns.map(AthenaSQL.quote).joined(separator: ", ")
        let values = columns.map { "src.\(AthenaSQL.quote($0))" }.joined(separator: ", ")
        var s = "merge into \(target.quoted) as target using \(source) as src\non (\(on))\n"
        if !sets.isEmpty { s += "when matched then update set \(sets)\n" }
        return s + "when not matched then insert (\(cols)) values (\(values))"
    }

    static func createSchema(_ schema: String) -> String { "create schema if not exists `\(schema)`" }
}

extension String {
    /// Without surrounding whitespace or trailing semicolons, so it can be embedded in a statement.
    var trimmedSQL: String {
        var s = trimmingCharacters(in: .whitespacesAndNewlines)
        while s.hasSuffix(";") { s = String(s.dropLast()).trimmingCharacters(in: .whitespacesAndNewlines) }
        return s
    }
}
