import Foundation
import SDAWS
import SDBasics

/// The Glue Data Catalog calls swiftdbt makes (AWS Glue API reference), with Glue's batch limits.
public struct GlueCatalog: Sendable {
    let aws: AWSClient
    /// Glue's `TableInput` accepts only these keys; GetTable's read-only fields (VersionId,
    /// CreateTime, DatabaseName, CatalogId, …) must be dropped before UpdateTable/CreateTable.
    static let tableInputKeys: Set<String> = [
        "Name", "Description", "Owner", "LastAccessTime", "LastAnalyzedTime", "Retention", "StorageDescriptor", "PartitionKeys",
        "ViewOriginalText", "ViewExpandedText", "TableType", "Parameters", "TargetTable", "ViewDefinition",
    ]

    public init(aws: AWSClient) { self.aws = aws }

    func call(_ operation: String, _ body: JSONValue) async throws -> JSONValue {
        try await aws.send(service: .glue, target: "AWSGlue.\(operation)", json: body)
    }

    static func isNotFound(_ error: any Error) -> Bool {
        (error as? AWSServiceError)?.code == "EntityNotFoundException"
    }

    /// The table, or nil when Glue says it does not exist.
    public func table(_ database: String, _ name: String) async throws -> JSONValue? {
        do {
            return try await call("GetTable", ["DatabaseName": .string(database), "Name": .string(name)])["Table"]
        } catch let error where GlueCatalog.isNotFound(error) {
            return nil
        }
    }

    public func databaseExists(_ name: String) async throws -> Bool {
        do {
            _ = try await call("GetDatabase", ["Name": .string(name)])
            return true
        } catch let error where GlueCatalog.isNotFound(error) {
            return false
        }
    }

    public func createDatabase(_ name: String) async throws {
        do {
            _ = try await call("CreateDatabase", ["DatabaseInput": ["Name": .string(name)]])
        } catch let e as AWSServiceError where e.code == "AlreadyExistsException" {}
    }

    /// Every table of a database (GetTables, paginated).
    public func tables(_ database: String) async throws -> [JSONValue] {
        var out: [JSONValue] = []
        var token: String?
        repeat {
            var body: [String: JSONValue] = ["DatabaseName": .string(database)]
            if let token { body["NextToken"] = .string(token) }
            let page: JSONValue
            do { page = try await call("GetTables", .object(body)) } catch let error where GlueCatalog.isNotFound(error) { return [] }
            out += page["TableList"]?.arrayValue ?? []
            token = page["NextToken"]?.stringValue
        } while token != nil
        return out
    }

    /// `TableInput` built from a GetTable result: only the input keys, name replaced.
    static func tableInput(from table: JSONValue, name: String) -> JSONValue {
        guard case .object(let o) = table else { return .object(["Name": .string(name)]) }
        var input = o.filter { tableInputKeys.contains($0.key) }
        input["Name"] = .string(name)
        return .object(input)
    }

    public func createTable(_ database: String, input: JSONValue) async throws {
        _ = try await call("CreateTable", ["DatabaseName": .string(database), "TableInput": input])
    }

    /// UpdateTable guarded by `versionID` (a concurrent change fails with
    /// ConcurrentModificationException instead of being overwritten). `SkipArchive` keeps Glue from
    /// piling up table versions, which count against an account limit (dbt-athena#267).
    public func updateTable(_ database: String, input: JSONValue, versionID: String?) async throws {
        var body: [String: JSONValue] = ["DatabaseName": .string(database), "TableInput": input, "SkipArchive": true]
        if let versionID { body["VersionId"] = .string(versionID) }
        _ = try await call("UpdateTable", .object(body))
    }

    /// DeleteTable; a table that is already gone is fine.
    public func deleteTable(_ database: String, _ name: String) async throws {
        do {
            _ = try await call("DeleteTable", ["DatabaseName": .string(database), "Name": .string(name)])
        } catch let error where GlueCatalog.isNotFound(error) {}
    }

    /// Deletes all but the newest `keep` archived versions of a table (GetTableVersions, then
    /// BatchDeleteTableVersion, 100 ids a call); returns how many went. Glue caps versions per
    /// table and per account, and every CREATE OR REPLACE VIEW adds one (dbt-athena#267).
    @discardableResult
    public func expireVersions(_ database: String, _ table: String, keep: Int) async throws -> Int {
        var ids: [Int] = []
        var token: String?
        repeat {
            var body: [String: JSONValue] = ["DatabaseName": .string(database), "TableName": .string(table)]
            if let token { body["NextToken"] = .string(token) }
            let page = try await call("GetTableVersions", .object(body))
            ids += (page["TableVersions"]?.arrayValue ?? []).compactMap { $0["VersionId"]?.stringValue.flatMap { Int($0) } }
            token = page["NextToken"]?.stringValue
        } while token != nil
        let old = Array(ids.sorted(by: >).dropFirst(max(1, keep)))
        for chunk in old.chunked(100) {
            let r = try await call(
                "BatchDeleteTableVersion",
                [
                    "DatabaseName": .string(database), "TableName": .string(table),
                    "VersionIds": .array(chunk.map { .string(String($0)) }),
                ])
            if let first = r["Errors"]?.arrayValue?.first {
                throw AWSServiceError(
                    service: "glue", operation: "BatchDeleteTableVersion", statusCode: 200,
                    code: first["ErrorDetail"]?["ErrorCode"]?.stringValue ?? "Error",
                    message: first["ErrorDetail"]?["ErrorMessage"]?.stringValue ?? "")
            }
        }
        return old.count
    }

    /// Every partition of a table (GetPartitions, 1000 a page, column schemas left out).
    public func partitions(_ database: String, _ table: String) async throws -> [JSONValue] {
        var out: [JSONValue] = []
        var token: String?
        repeat {
            var body: [String: JSONValue] = [
                "DatabaseName": .string(database), "TableName": .string(table), "MaxResults": 1000,
                "ExcludeColumnSchema": true,
            ]
            if let token { body["NextToken"] = .string(token) }
            let page = try await call("GetPartitions", .object(body))
            out += page["Partitions"]?.arrayValue ?? []
            token = page["NextToken"]?.stringValue
        } while token != nil
        return out
    }

    /// BatchCreatePartition in chunks of 100; per-partition `Errors` in the 200 response throw.
    public func createPartitions(_ database: String, _ table: String, _ inputs: [JSONValue]) async throws {
        for chunk in inputs.chunked(100) {
            let r = try await call(
                "BatchCreatePartition",
                [
                    "DatabaseName": .string(database), "TableName": .string(table),
                    "PartitionInputList": .array(chunk),
                ])
            try GlueCatalog.check(r, "BatchCreatePartition", table)
        }
    }

    /// BatchUpdatePartition in chunks of 100: each entry `(values, PartitionInput)`.
    public func updatePartitions(_ database: String, _ table: String, _ entries: [([String], JSONValue)]) async throws {
        for chunk in entries.chunked(100) {
            let r = try await call(
                "BatchUpdatePartition",
                [
                    "DatabaseName": .string(database), "TableName": .string(table),
                    "Entries": .array(chunk.map { ["PartitionValueList": .array($0.0.map { .string($0) }), "PartitionInput": $0.1] }),
                ])
            try GlueCatalog.check(r, "BatchUpdatePartition", table)
        }
    }

    /// BatchDeletePartition in chunks of 25.
    public func deletePartitions(_ database: String, _ table: String, _ values: [[String]]) async throws {
        for chunk in values.chunked(25) {
            let r = try await call(
                "BatchDeletePartition",
                [
                    "DatabaseName": .string(database), "TableName": .string(table),
                    "PartitionsToDelete": .array(chunk.map { ["Values": .array($0.map { .string($0) })] }),
                ])
            try GlueCatalog.check(r, "BatchDeletePartition", table)
        }
    }

    static func check(_ response: JSONValue, _ operation: String, _ table: String) throws {
        let errors = response["Errors"]?.arrayValue ?? []
        guard let first = errors.first else { return }
        let values = (first["PartitionValues"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", ")
        throw AWSServiceError(
            service: "glue", operation: operation, statusCode: 200,
            code: first["ErrorDetail"]?["ErrorCode"]?.stringValue ?? "PartitionError",
            message: "\(errors.count) partition(s) of \(table) failed, first (\(values)): "
                + (first["ErrorDetail"]?["ErrorMessage"]?.stringValue ?? ""))
    }
}

extension Array {
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min(count, $0 + size)]) }
    }
}
