import Foundation
import SDBasics

/// The fake Athena's statements checked and computed by the SQL sidecar (`FakeSQLSidecar`):
/// the Swift side keeps Glue, S3 and the API shapes, the sidecar answers whether Athena would
/// accept the SQL and, if so, the rows of its query part.
extension FakeAWSState {
    /// Rows of the statement's query part, or Athena's refusal. Nil when no sidecar is attached.
    func sidecarRows(_ q: FakeQuery) -> Result<FakeRows?, QueryFailure> {
        guard let sidecar = sqlEngine else { return .success(nil) }
        var request: [String: JSONValue] = ["sql": .string(q.sql), "database": .string(q.database.lowercased()), "session": .string(sqlSession)]
        var catalog: [String] = []
        var changed: [String: JSONValue] = [:]
        var views: [String: String] = [:]
        var current: [String: Int] = [:]
        for (key, t) in tables {
            catalog.append(key)
            if t.isView {
                // Every view's text goes each time (it is small); the sidecar recreates only changed ones.
                if let text = FakeAWSState.viewText(t) { views[key] = text }
                continue
            }
            let print = fingerprint(t)
            current[key] = print
            if sentTables[key] != print { changed[key] = sidecarTable(t) }
        }
        let dropped = Set(sentTables.keys).union(sentViews.keys).subtracting(Set(tables.keys))
            .union(Set(sentTables.keys).filter { tables[$0]?.isView == true })
        request["catalog"] = .array(catalog.map(JSONValue.string))
        request["tables"] = .object(changed)
        request["views"] = .object(views.mapValues(JSONValue.string))
        request["dropped"] = .array(dropped.sorted().map(JSONValue.string))
        let answer = sidecar.ask(.object(request))
        for key in dropped { sentTables[key] = nil; sentViews[key] = nil }
        for (key, _) in changed { sentTables[key] = current[key] }
        for (key, text) in views { sentViews[key] = text }
        guard answer["ok"]?.boolValue == true else {
            return .failure(
                QueryFailure(
                    type: answer["type"]?.intValue ?? 1000, message: answer["message"]?.stringValue ?? "unknown error",
                    category: answer["category"]?.intValue ?? 2))
        }
        guard let columns = answer["columns"]?.arrayValue?.map({ $0.arrayValue ?? [] }) else { return .success(nil) }
        let rows = (answer["rows"]?.arrayValue ?? []).map { ($0.arrayValue ?? []).map(\.stringValue) }
        return .success(
            FakeRows(
                columns: columns.compactMap { $0.first?.stringValue }, rows: rows,
                types: columns.map { $0.last?.stringValue ?? "string" }))
    }

    /// Where Parquet objects are copied for DuckDB to read: inside the sidecar's own folder, which
    /// goes when the sidecar exits, and removed earlier when the state goes away.
    var parquetCopies: URL {
        URL(fileURLWithPath: sqlEngine?.scratch ?? FileManager.default.temporaryDirectory.path).appendingPathComponent("s3-\(sqlSession)")
    }

    /// The SELECT a Glue view stores, from the `/* Presto View: … */` text the fake writes.
    static func viewText(_ t: FakeGlueTable) -> String? {
        guard var s = t.input["ViewOriginalText"]?.stringValue else { return nil }
        if s.hasPrefix("/* Presto View: ") { s = String(s.dropFirst("/* Presto View: ".count)) }
        if s.hasSuffix(" */") { s = String(s.dropLast(3)) }
        return s
    }

    /// Changes when the table's definition or any object under its locations changes.
    func fingerprint(_ t: FakeGlueTable) -> Int {
        var h = Hasher()
        h.combine(t.glueColumns.map { $0.0 + " " + $0.1 })
        for (b, k) in tableObjects(t) {
            h.combine(b)
            h.combine(k)
            h.combine(objects[b]?[k]?.count ?? 0)
        }
        return h.finalize()
    }

    func tableObjects(_ t: FakeGlueTable) -> [(String, String)] {
        var locations = [t.location].compactMap { $0 }
        locations += t.partitions.values.compactMap { $0["StorageDescriptor"]?["Location"]?.stringValue }
        var seen = Set<String>()
        return locations.flatMap { objectKeys(under: $0) }.filter { seen.insert($0.0 + "/" + $0.1).inserted }
    }

    /// A table as the sidecar loads it: Glue columns with their Hive types, the rows of the objects
    /// the fake wrote, and local copies of any Parquet objects (a lake a test put, read by DuckDB
    /// with the `key=value` folders as partition columns).
    func sidecarTable(_ t: FakeGlueTable) -> JSONValue {
        let columns = t.glueColumns
        var rows: [JSONValue] = []
        var parquet: [String] = []
        let dir = parquetCopies
        for (b, k) in tableObjects(t) {
            guard let data = objects[b]?[k] else { continue }
            if let r = FakeRows(data: data) {
                rows += r.projected(columns.map(\.0)).rows.map { .array($0.map { $0.map(JSONValue.string) ?? .null }) }
            } else if data.starts(with: Array("PAR1".utf8)) {
                let file = dir.appendingPathComponent(b).appendingPathComponent(k)
                try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                if (try? data.write(to: file)) != nil { parquet.append(file.path) }
            }
        }
        return [
            "columns": .array(columns.map { [.string($0.0), .string($0.1)] }), "rows": .array(rows),
            "parquet": .array(parquet.map(JSONValue.string)),
        ]
    }
}

extension FakeGlueTable {
    /// Data columns then partition keys, each with its Glue type.
    var glueColumns: [(String, String)] {
        let list = ((input["StorageDescriptor"]?["Columns"]?.arrayValue ?? []) + (input["PartitionKeys"]?.arrayValue ?? []))
        return list.compactMap { c in c["Name"]?.stringValue.map { ($0, c["Type"]?.stringValue ?? "string") } }
    }
}
