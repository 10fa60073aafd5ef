import Foundation
import SDBasics

/// Glue's catalog API as swiftdbt uses it (AWS Glue API reference: GetTable, UpdateTable with
/// VersionId, partitions in batches of 100 to create and 25 to delete).
extension FakeAWSState {
    func glue(_ operation: String, _ body: JSONValue) -> FakeReply {
        let db = (body["DatabaseName"]?.stringValue ?? "").lowercased()
        let tableName = (body["Name"]?.stringValue ?? body["TableName"]?.stringValue ?? body["TableInput"]?["Name"]?.stringValue ?? "")
            .lowercased()
        let key = FakeGlueTable.key(db, tableName)
        switch operation {
        case "GetDatabase":
            let name = (body["Name"]?.stringValue ?? "").lowercased()
            guard databases.contains(name) else { return .error("EntityNotFoundException", "Database \(name) not found.") }
            return .json(["Database": ["Name": .string(name), "CatalogId": "123456789012"]])
        case "GetDatabases":
            return .json(["DatabaseList": .array(databases.sorted().map { ["Name": .string($0)] })])
        case "CreateDatabase":
            let name = (body["DatabaseInput"]?["Name"]?.stringValue ?? "").lowercased()
            guard !databases.contains(name) else { return .error("AlreadyExistsException", "Database already exists.") }
            databases.insert(name)
            return .json([:])
        case "GetTable":
            guard databases.contains(db) else { return .error("EntityNotFoundException", "Database \(db) not found.") }
            guard let t = tables[key] else { return .error("EntityNotFoundException", "Table \(tableName) not found.") }
            return .json(["Table": t.json])
        case "GetTables":
            guard databases.contains(db) else { return .error("EntityNotFoundException", "Database \(db) not found.") }
            return getTables(db, body)
        case "CreateTable":
            guard databases.contains(db) else { return .error("EntityNotFoundException", "Database \(db) not found.") }
            guard tables[key] == nil else { return .error("AlreadyExistsException", "Table already exists.") }
            var input = body["TableInput"]?.objectValue ?? [:]
            input["Name"] = .string(tableName)
            tables[key] = FakeGlueTable(database: db, input: input, version: 1, created: now().timeIntervalSince1970)
            return .json([:])
        case "UpdateTable":
            guard var t = tables[key] else { return .error("EntityNotFoundException", "Table \(tableName) not found.") }
            if let expected = body["VersionId"]?.stringValue, expected != String(t.version) {
                return .error(
                    "ConcurrentModificationException",
                    "Update table failed due to concurrent modifications: version \(expected) is not the current version \(t.version)")
            }
            var input = body["TableInput"]?.objectValue ?? [:]
            input["Name"] = .string(tableName)
            t.replace(with: input, skipArchive: body["SkipArchive"] == .bool(true))
            tables[key] = t
            return .json([:])
        case "GetTableVersions":
            guard let t = tables[key] else { return .error("EntityNotFoundException", "Table \(tableName) not found.") }
            var all: [JSONValue] = t.archived.sorted { $0.key < $1.key }.map { v, input in
                var o = input
                o["VersionId"] = .string(String(v))
                return ["VersionId": .string(String(v)), "Table": .object(o)]
            }
            all.append(["VersionId": .string(String(t.version)), "Table": t.json])
            let start = body["NextToken"]?.stringValue.flatMap { Int($0) } ?? 0
            let end = min(all.count, start + 100)
            var out: [String: JSONValue] = ["TableVersions": .array(start < end ? Array(all[start..<end]) : [])]
            if end < all.count { out["NextToken"] = .string(String(end)) }
            return .json(.object(out))
        case "BatchDeleteTableVersion":
            guard var t = tables[key] else { return .error("EntityNotFoundException", "Table \(tableName) not found.") }
            let ids = (body["VersionIds"]?.arrayValue ?? []).compactMap(\.stringValue)
            guard ids.count <= 100 else { return .error("InvalidInputException", "at most 100 version ids per call") }
            var errors: [JSONValue] = []
            for id in ids {
                guard let v = Int(id), v != t.version, t.archived.removeValue(forKey: v) != nil else {
                    errors.append([
                        "TableName": .string(tableName), "VersionId": .string(id),
                        "ErrorDetail": ["ErrorCode": "EntityNotFoundException", "ErrorMessage": "cannot delete this version"],
                    ])
                    continue
                }
            }
            tables[key] = t
            return .json(["Errors": .array(errors)])
        case "DeleteTable":
            guard tables[key] != nil else { return .error("EntityNotFoundException", "Table \(tableName) not found.") }
            tables[key] = nil
            return .json([:])
        case "GetPartitions":
            guard let t = tables[key] else { return .error("EntityNotFoundException", "Table \(tableName) not found.") }
            let all = t.partitions.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map(\.value)
            let max = min(1000, body["MaxResults"]?.intValue ?? 1000)
            let start = body["NextToken"]?.stringValue.flatMap { Int($0) } ?? 0
            let end = min(all.count, start + max)
            var out: [String: JSONValue] = ["Partitions": .array(start < end ? Array(all[start..<end]) : [])]
            if end < all.count { out["NextToken"] = .string(String(end)) }
            return .json(.object(out))
        case "BatchCreatePartition", "BatchUpdatePartition", "BatchDeletePartition":
            guard var t = tables[key] else { return .error("EntityNotFoundException", "Table \(tableName) not found.") }
            var errors: [JSONValue] = []
            func failure(_ values: [String], _ code: String, _ message: String) {
                errors.append([
                    "PartitionValues": .array(values.map { .string($0) }),
                    "ErrorDetail": ["ErrorCode": .string(code), "ErrorMessage": .string(message)],
                ])
            }
            if operation == "BatchCreatePartition" {
                let list = body["PartitionInputList"]?.arrayValue ?? []
                guard list.count <= 100 else { return .error("InvalidInputException", "at most 100 partitions per call") }
                for p in list {
                    let values = (p["Values"]?.arrayValue ?? []).compactMap(\.stringValue)
                    if t.partitions[values] != nil { failure(values, "AlreadyExistsException", "Partition already exists."); continue }
                    var o = p.objectValue ?? [:]
                    o["DatabaseName"] = .string(db)
                    o["TableName"] = .string(tableName)
                    t.partitions[values] = .object(o)
                }
            } else if operation == "BatchUpdatePartition" {
                let list = body["Entries"]?.arrayValue ?? []
                guard list.count <= 100 else { return .error("InvalidInputException", "at most 100 entries per call") }
                for e in list {
                    let values = (e["PartitionValueList"]?.arrayValue ?? []).compactMap(\.stringValue)
                    guard t.partitions[values] != nil else { failure(values, "EntityNotFoundException", "Partition not found."); continue }
                    var o = e["PartitionInput"]?.objectValue ?? [:]
                    o["DatabaseName"] = .string(db)
                    o["TableName"] = .string(tableName)
                    t.partitions[values] = .object(o)
                }
            } else {
                let list = body["PartitionsToDelete"]?.arrayValue ?? []
                guard list.count <= 25 else { return .error("InvalidInputException", "at most 25 partitions per call") }
                for p in list {
                    let values = (p["Values"]?.arrayValue ?? []).compactMap(\.stringValue)
                    if t.partitions.removeValue(forKey: values) == nil { failure(values, "EntityNotFoundException", "Partition not found.") }
                }
            }
            tables[key] = t
            return .json(errors.isEmpty && operation == "BatchUpdatePartition" ? [:] : ["Errors": .array(errors)])
        default:
            return .error("UnknownOperationException", "the fake does not implement \(operation)")
        }
    }
}

extension FakeAWSState {
    /// GetTables (Glue API reference): `MaxResults` is 1–100 (InvalidInputException otherwise);
    /// `NextToken` is opaque and present only when more tables remain, and the caller passes it
    /// back unchanged. The fake's token is a cursor after the last name returned, so a table
    /// created or deleted between two pages cannot make a listing skip one that existed throughout;
    /// a token the fake never issued is refused with InvalidInputException.
    func getTables(_ db: String, _ body: JSONValue) -> FakeReply {
        let limit = body["MaxResults"]?.intValue ?? 100
        guard (1...100).contains(limit) else {
            return .error("InvalidInputException", "1 validation error detected: Value '\(limit)' at 'maxResults' failed to satisfy constraint")
        }
        var after: String?
        if let token = body["NextToken"]?.stringValue {
            guard token.hasPrefix(FakeAWSState.tablesTokenPrefix), let data = Data(base64Encoded: String(token.dropFirst(3))) else {
                return .error("InvalidInputException", "Invalid NextToken")
            }
            after = String(decoding: data, as: UTF8.self)
        }
        let all = tables.values.filter { t in t.database == db && after.map { t.name > $0 } ?? true }.sorted { $0.name < $1.name }
        let page = all.prefix(limit)
        var out: [String: JSONValue] = ["TableList": .array(page.map(\.json))]
        if all.count > limit, let last = page.last {
            out["NextToken"] = .string(FakeAWSState.tablesTokenPrefix + Data(last.name.utf8).base64EncodedString())
        }
        return .json(.object(out))
    }

    static let tablesTokenPrefix = "gt1"
}
