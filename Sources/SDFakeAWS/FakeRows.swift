import Foundation
import SDBasics

/// Rows as the fake keeps them in S3 objects: column names and text values (nil is NULL).
public struct FakeRows: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[String?]]
    /// Each column's Hive type as Glue stores it (`string`, `bigint`, `decimal(18,6)`), when the
    /// rows came from the SQL sidecar; nil for rows a test scripted or the fake's own evaluator made.
    public var types: [String]?

    public init(columns: [String], rows: [[String?]], types: [String]? = nil) {
        self.columns = columns
        self.rows = rows
        self.types = types
    }

    /// The object body the fake writes for a query's output (JSON, not Parquet: nothing reads it but the fake).
    var data: Data {
        var object: [String: JSONValue] = [
            "columns": .array(columns.map(JSONValue.string)),
            "rows": .array(rows.map { .array($0.map { $0.map(JSONValue.string) ?? .null }) }),
        ]
        if let types { object["types"] = .array(types.map(JSONValue.string)) }
        return Data(JSONValue.object(object).serialized(indent: 0).utf8)
    }

    /// Reads an object the fake wrote; nil for any other object (e.g. a real Parquet file a test put).
    init?(data: Data) {
        guard data.first == UInt8(ascii: "{"), let o = try? JSONValue.parse(data), let c = o["columns"]?.arrayValue,
            let r = o["rows"]?.arrayValue
        else { return nil }
        columns = c.compactMap(\.stringValue)
        rows = r.map { ($0.arrayValue ?? []).map(\.stringValue) }
        types = o["types"]?.arrayValue?.compactMap(\.stringValue)
    }

    /// Only the named columns, in that order; a column the rows lack is NULL.
    func projected(_ names: [String]) -> FakeRows {
        let index = names.map { n in columns.firstIndex { $0.lowercased() == n.lowercased() } }
        let projectedTypes = types.map { t in index.map { $0.map { t[$0] } ?? "string" } }
        return FakeRows(columns: names, rows: rows.map { row in index.map { $0.flatMap { row[$0] } } }, types: projectedTypes)
    }
}
