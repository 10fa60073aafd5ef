import Foundation
import SDBasics

/// Athena's query API (API reference: StartQueryExecution, GetQueryExecution,
/// BatchGetQueryExecution, GetQueryResults, StopQueryExecution, GetWorkGroup).
extension FakeAWSState {
    static let maxQueryBytes = 262_144

    func athena(_ operation: String, _ body: JSONValue) -> FakeReply {
        switch operation {
        case "StartQueryExecution": return startQuery(body)
        case "GetQueryExecution":
            guard let id = body["QueryExecutionId"]?.stringValue, queries[id] != nil else {
                return .error("InvalidRequestException", "QueryExecution \(body["QueryExecutionId"]?.stringValue ?? "") was not found")
            }
            return .json(["QueryExecution": execution(id)])
        case "BatchGetQueryExecution":
            let ids = (body["QueryExecutionIds"]?.arrayValue ?? []).compactMap(\.stringValue)
            guard (1...50).contains(ids.count) else {
                return .error("InvalidRequestException", "QueryExecutionIds must hold 1 to 50 ids")
            }
            let found = ids.filter { queries[$0] != nil }
            let missing = ids.filter { queries[$0] == nil }
            return .json([
                "QueryExecutions": .array(found.map(execution)),
                "UnprocessedQueryExecutionIds": .array(
                    missing.map {
                        ["QueryExecutionId": .string($0), "ErrorCode": "INVALID_INPUT", "ErrorMessage": "not found"]
                    }),
            ])
        case "GetQueryResults": return results(body)
        case "StopQueryExecution":
            guard let id = body["QueryExecutionId"]?.stringValue, var q = queries[id] else {
                return .error("InvalidRequestException", "QueryExecution was not found")
            }
            if !q.isTerminal {
                q.state = "CANCELLED"
                q.reason = "Query cancelled by user"
                q.completed = now()
                queries[id] = q
            }
            return .json([:])
        case "GetWorkGroup":
            let name = body["WorkGroup"]?.stringValue ?? ""
            guard let wg = workGroups[name] else { return .error("InvalidRequestException", "WorkGroup \(name) is not found.") }
            var configuration: [String: JSONValue] = ["EnforceWorkGroupConfiguration": .bool(wg.enforce)]
            if let out = wg.outputLocation { configuration["ResultConfiguration"] = ["OutputLocation": .string(out)] }
            return .json(["WorkGroup": ["Name": .string(name), "State": "ENABLED", "Configuration": .object(configuration)]])
        default:
            return .error("UnknownOperationException", "the fake does not implement \(operation)")
        }
    }

    func startQuery(_ body: JSONValue) -> FakeReply {
        guard let sql = body["QueryString"]?.stringValue else { return .error("InvalidRequestException", "QueryString is required") }
        // "If you are not using the AWS SDK or the AWS CLI, you must provide this token or the action will fail."
        guard let token = body["ClientRequestToken"]?.stringValue, (32...128).contains(token.count) else {
            return .error("InvalidRequestException", "ClientRequestToken must be 32 to 128 characters")
        }
        if let id = tokens[token] {
            guard queries[id]?.sql == sql else {
                return .error("InvalidRequestException", "the ClientRequestToken was already used with different parameters")
            }
            return .json(["QueryExecutionId": .string(id)])
        }
        guard sql.utf8.count <= FakeAWSState.maxQueryBytes else {
            return .error("InvalidRequestException", "Query string length must be at most 262144 bytes")
        }
        // An unknown workgroup is refused before anything runs (StartQueryExecution, WorkGroup).
        let workGroup = body["WorkGroup"]?.stringValue ?? "primary"
        guard let wg = workGroups[workGroup] else { return .error("InvalidRequestException", "WorkGroup \(workGroup) is not found.") }
        // With EnforceWorkGroupConfiguration the workgroup's result location wins over the client's.
        let asked = body["ResultConfiguration"]?["OutputLocation"]?.stringValue
        let output = wg.enforce ? (wg.outputLocation ?? asked) : (asked ?? wg.outputLocation)
        // One statement per query: Athena answers InvalidRequestException "Only one sql statement is
        // allowed" (seen verbatim in DyfanJones/noctua#190).
        if sqlEngine != nil, FakeAWSState.statementCount(sql) > 1 {
            return .error("InvalidRequestException", "Only one sql statement is allowed. Got: \(sql)")
        }
        guard let output, output.hasPrefix("s3://") else {
            return .error(
                "InvalidRequestException",
                "No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.")
        }
        let id = nextID()
        tokens[token] = id
        sqlLog.append(sql)
        let t = now()
        var q = FakeQuery(
            id: id, sql: sql, database: body["QueryExecutionContext"]?["Database"]?.stringValue ?? "default",
            workGroup: workGroup,
            outputLocation: (output.hasSuffix("/") ? output : output + "/") + id + ".csv",
            submitted: t, readyAt: t.addingTimeInterval(latency))
        if case .failQuery(let c, let ty, let m, let r) = takeFault("Query", text: sql) { q.injected = (c, ty, m, r) }
        queries[id] = q
        // Queries in flight now: submitted and not yet due to finish (or stopped).
        peak = max(peak, queries.values.filter { !$0.isTerminal && $0.readyAt > t }.count + (latency > 0 ? 0 : 1))
        if latency <= 0 { advance(id) }
        return .json(["QueryExecutionId": .string(id)])
    }

    /// Moves every query on by the clock. Athena runs a query whether or not anyone polls it, so a
    /// query whose client died still ends and writes its output (a CTAS its table) on time.
    func advanceAll() {
        for id in queries.keys.sorted() where queries[id]?.isTerminal == false { advance(id) }
    }

    /// Moves a query on by the clock: QUEUED, then RUNNING, then executed.
    func advance(_ id: String) {
        guard var q = queries[id], !q.isTerminal else { return }
        let t = now()
        if t >= q.readyAt {
            run(&q)
            q.completed = t
        } else if t.timeIntervalSince(q.submitted) >= (q.readyAt.timeIntervalSince(q.submitted)) / 4 {
            q.state = "RUNNING"
        }
        queries[id] = q
    }

    func execution(_ id: String) -> JSONValue {
        advance(id)
        guard let q = queries[id] else { return .null }
        var status: [String: JSONValue] = ["State": .string(q.state), "SubmissionDateTime": .double(q.submitted.timeIntervalSince1970)]
        if let c = q.completed { status["CompletionDateTime"] = .double(c.timeIntervalSince1970) }
        if let r = q.reason { status["StateChangeReason"] = .string(r) }
        if let e = q.error {
            status["AthenaError"] = [
                "ErrorCategory": .int(e.category), "ErrorType": .int(e.type), "Retryable": .bool(e.retryable),
                "ErrorMessage": .string(e.message),
            ]
        }
        let elapsed = Int(((q.completed ?? now()).timeIntervalSince(q.submitted)) * 1000)
        return [
            "QueryExecutionId": .string(q.id), "Query": .string(q.sql), "StatementType": .string(q.statementType),
            "WorkGroup": .string(q.workGroup),
            "ResultConfiguration": ["OutputLocation": .string(q.outputLocation)],
            "QueryExecutionContext": ["Database": .string(q.database), "Catalog": "awsdatacatalog"],
            "Status": .object(status),
            "Statistics": [
                "DataScannedInBytes": .int(q.bytesScanned), "EngineExecutionTimeInMillis": .int(elapsed),
                "TotalExecutionTimeInMillis": .int(elapsed),
            ],
        ]
    }

    func results(_ body: JSONValue) -> FakeReply {
        guard let id = body["QueryExecutionId"]?.stringValue, queries[id] != nil else {
            return .error("InvalidRequestException", "QueryExecution was not found")
        }
        advance(id)
        guard let q = queries[id] else { return .error("InvalidRequestException", "QueryExecution was not found") }
        guard q.state == "SUCCEEDED" else {
            return .error("InvalidRequestException", "Query has not yet finished. Current state: \(q.state)")
        }
        let max = min(1000, body["MaxResults"]?.intValue ?? 1000)
        let start = body["NextToken"]?.stringValue.flatMap { Int($0) } ?? 0
        // SELECT results carry a header row first (GetQueryResults: "the first row … is the column header").
        let header = q.statementType == "DML" && !q.result.columns.isEmpty
        var all: [[String?]] = header ? [q.result.columns] : []
        all += q.result.rows
        let end = min(all.count, start + max)
        let page = start < end ? Array(all[start..<end]) : []
        var out: [String: JSONValue] = [
            "ResultSet": [
                "Rows": .array(page.map { row in ["Data": .array(row.map { v in v.map { ["VarCharValue": .string($0)] } ?? [:] })] }),
                // ColumnInfo types are Trino's names (varchar, integer), not Glue's Hive ones.
                "ResultSetMetadata": [
                    "ColumnInfo": .array(
                        q.result.columns.enumerated().map { i, name in
                            let hive = q.result.types?[i] ?? "string"
                            let trino = ["string": "varchar", "int": "integer", "float": "real"][hive] ?? hive
                            return ["Name": .string(name), "Type": .string(trino)]
                        })
                ],
            ],
            "UpdateCount": 0,
        ]
        if end < all.count { out["NextToken"] = .string(String(end)) }
        return .json(.object(out))
    }

    /// Carries out a query's statement against the catalog and S3; failures become FAILED with a user error.
    func run(_ q: inout FakeQuery) {
        let statement = FakeSQLStatement.parse(q.sql)
        if case .select = statement {
            q.statementType = "DML"
        } else if case .insert = statement {
            q.statementType = "DML"
        } else {
            q.statementType = "DDL"
        }
        if let e = q.injected {
            q.state = "FAILED"
            q.error = e
            q.reason = e.message
            // A failed CTAS can leave files behind at its location (ctas-considerations-limitations).
            if case .createTableAs(_, let props, _) = statement, let loc = (props["external_location"] ?? props["location"])?.first {
                write(FakeRows(columns: ["partial"], rows: [["1"]]), at: loc, name: "\(q.id)_partial")
            }
            return
        }
        switch execute(statement, query: &q) {
        case .success:
            q.state = "SUCCEEDED"
        case .failure(let f):
            q.state = "FAILED"
            q.error = (f.category, f.type, f.message, false)
            q.reason = f.message
        }
    }

    struct QueryFailure: Error {
        var type: Int
        var message: String
        /// AthenaError ErrorCategory: 1 SYSTEM, 2 USER (error-reference.html).
        var category = 2
    }

    /// Statements in a query string: `;` outside literals and comments, not counting a trailing one.
    static func statementCount(_ sql: String) -> Int {
        let tokens = FakeSQLToken.tokenize(sql)
        var count = 0
        var open = false
        for t in tokens {
            if t.isSymbol(";") { if open { count += 1 }; open = false } else { open = true }
        }
        return count + (open ? 1 : 0)
    }

    func execute(_ s: FakeSQLStatement, query q: inout FakeQuery) -> Result<Void, QueryFailure> {
        let db = q.database
        let evaluator = FakeQueryEvaluator(table: { [unowned self] n in self.readTable(n, defaultDatabase: db) })
        // With the sidecar, Athena's refusals come first and its rows replace the small evaluator's.
        var computed: FakeRows?
        switch sidecarRows(q) {
        case .failure(let f): return .failure(f)
        case .success(let rows): computed = rows
        }
        func scripted(_ sql: String) -> FakeRows? { scripts.first { sql.contains($0.0) }?.1 ?? computed }
        func dbOf(_ n: FakeQualifiedName) -> String { n.database ?? db }
        func missingSchema(_ n: FakeQualifiedName) -> QueryFailure? {
            databases.contains(dbOf(n)) ? nil : QueryFailure(type: 1301, message: "SCHEMA_NOT_FOUND: line 1:1: Schema '\(dbOf(n))' does not exist")
        }
        switch s {
        case .createSchema(let name):
            databases.insert(name.lowercased())
        case .createView(let n, let select):
            if let f = missingSchema(n) { return .failure(f) }
            let key = FakeGlueTable.key(dbOf(n), n.name)
            if let t = tables[key], !t.isView {
                return .failure(QueryFailure(type: 1201, message: "line 1:1: Existing table '\(n.name)' is not a view"))
            }
            let viewRows = scripted(select)
            let cols = (viewRows?.columns ?? FakeQueryEvaluator.outputColumns(FakeSQLToken.tokenize(select)) ?? [])
            let viewTypes = viewRows?.types ?? cols.map { _ in "string" }
            let input: [String: JSONValue] = [
                "Name": .string(n.name), "TableType": "VIRTUAL_VIEW", "Parameters": ["presto_view": "true", "comment": "Presto View"],
                "ViewOriginalText": .string("/* Presto View: \(select) */"), "ViewExpandedText": "/* Presto View */",
                "StorageDescriptor": ["Columns": .array(zip(cols, viewTypes).map { ["Name": .string($0), "Type": .string($1)] })],
            ]
            if var t = tables[key] {
                // Each CREATE OR REPLACE VIEW leaves a Glue table version behind (dbt-athena#267).
                t.replace(with: input, skipArchive: false)
                tables[key] = t
            } else {
                tables[key] = FakeGlueTable(database: dbOf(n), input: input, version: 1, created: now().timeIntervalSince1970)
            }
        case .createTableAs(let n, let props, let select):
            if let f = missingSchema(n) { return .failure(f) }
            let key = FakeGlueTable.key(dbOf(n), n.name)
            if tables[key] != nil {
                return .failure(QueryFailure(type: 1201, message: "line 1:1: Table 'awsdatacatalog.\(dbOf(n)).\(n.name)' already exists"))
            }
            let staging = q.outputLocation.split(separator: "/").dropLast().joined(separator: "/")
            let location = (props["external_location"] ?? props["location"])?.first ?? "\(staging)/tables/\(q.id)"
            guard FakeAWSState.split(location).map({ !$0.bucket.isEmpty }) == true, location.hasPrefix("s3://") else {
                return .failure(QueryFailure(type: 1200, message: "INVALID_TABLE_PROPERTY: external location must be an s3:// URL: \(location)"))
            }
            if !objectKeys(under: location).isEmpty {
                return .failure(
                    QueryFailure(type: 1205, message: "HIVE_PATH_ALREADY_EXISTS: Target directory for table '\(dbOf(n)).\(n.name)' already exists: \(location)")
                )
            }
            let rows = scripted(select) ?? evaluator.evaluate(select)
            let partitionKeys = (props["partitioned_by"] ?? []).map { $0.lowercased() }
            let buckets = props["bucket_count"]?.first.flatMap { Int($0) } ?? 1
            let iceberg = props["table_type"]?.first?.lowercased() == "iceberg"
            // Identity partition columns of an Iceberg CTAS (`partitioning=ARRAY[…]`); transforms
            // such as `day(ts)` are not modelled by the fake.
            let icebergPartitioning = iceberg ? (props["partitioning"] ?? []).filter { !$0.contains("(") }.map { $0.lowercased() } : []
            // An Iceberg CTAS opens one writer per partition as a Hive one does and is refused
            // over 100 with ICEBERG_TOO_MANY_OPEN_PARTITIONS (considerations-ctas.html).
            if let f = iceberg
                ? FakeAWSState.tooManyWriters(rows, keys: icebergPartitioning, buckets: 1, iceberg: true)
                : FakeAWSState.tooManyWriters(rows, keys: partitionKeys, buckets: buckets)
            {
                return .failure(f)
            }
            // Glue keeps each column's Hive type (string, int, bigint, decimal(18,6), timestamp…).
            let typeOf = Dictionary(
                zip(rows.columns.map { $0.lowercased() }, rows.types ?? rows.columns.map { _ in "string" }),
                uniquingKeysWith: { a, _ in a })
            let dataColumns = rows.columns.filter { !partitionKeys.contains($0.lowercased()) }
            let format = props["format"]?.first?.lowercased() ?? "parquet"
            var parameters: [String: JSONValue] = ["classification": .string(format)]
            if iceberg {
                parameters["table_type"] = "ICEBERG"
                // Glue points an Iceberg table at its current metadata file (querying-iceberg-creating-tables.html).
                parameters["metadata_location"] = .string(FakeAWSState.metadataFile(location, version: 0, query: q.id))
            }
            if let c = props["write_compression"]?.first { parameters["write.compression"] = .string(c) }
            var input: [String: JSONValue] = [
                "Name": .string(n.name), "TableType": "EXTERNAL_TABLE", "Parameters": .object(parameters),
                "StorageDescriptor": [
                    "Columns": .array(dataColumns.map { ["Name": .string($0.lowercased()), "Type": .string(typeOf[$0.lowercased()] ?? "string")] }),
                    "Location": .string(location),
                    "InputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                    "OutputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
                    "SerdeInfo": ["SerializationLibrary": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"],
                ],
                "PartitionKeys": .array(partitionKeys.map { ["Name": .string($0), "Type": .string(typeOf[$0] ?? "string")] }),
            ]
            if let b = props["bucketed_by"] {
                input["StorageDescriptor"] = .object(
                    (input["StorageDescriptor"]?.objectValue ?? [:]).merging(
                        ["BucketColumns": .array(b.map { .string($0) }), "NumberOfBuckets": .int(props["bucket_count"]?.first.flatMap { Int($0) } ?? 1)],
                        uniquingKeysWith: { $1 }))
            }
            var table = FakeGlueTable(database: dbOf(n), input: input, version: 1, created: now().timeIntervalSince1970)
            if iceberg { table.icebergPartitioning = icebergPartitioning }
            q.bytesScanned = writeRows(rows, into: &table, queryID: q.id)
            tables[key] = table
        case .createExternalTable(let n, let ine, let columns, let partitions, let location, let properties):
            if let f = missingSchema(n) { return .failure(f) }
            let key = FakeGlueTable.key(dbOf(n), n.name)
            if tables[key] != nil {
                if ine { return .success(()) }
                return .failure(QueryFailure(type: 1201, message: "FAILED: AlreadyExistsException: Table \(n.name) already exists"))
            }
            var parameters: [String: JSONValue] = ["EXTERNAL": "TRUE"]
            for (k, v) in properties { parameters[k] = .string(v) }
            let input: [String: JSONValue] = [
                "Name": .string(n.name), "TableType": "EXTERNAL_TABLE", "Parameters": .object(parameters),
                "StorageDescriptor": [
                    "Columns": .array(columns.map { ["Name": .string($0.name), "Type": .string($0.type)] }),
                    "Location": location.map { .string($0) } ?? .null,
                ],
                "PartitionKeys": .array(partitions.map { ["Name": .string($0.name), "Type": .string($0.type)] }),
            ]
            tables[key] = FakeGlueTable(database: dbOf(n), input: input, version: 1, created: now().timeIntervalSince1970)
        case .insert(let n, let columns, let select):
            let key = FakeGlueTable.key(dbOf(n), n.name)
            guard var table = tables[key], !table.isView else {
                return .failure(QueryFailure(type: 1301, message: "TABLE_NOT_FOUND: line 1:1: Table 'awsdatacatalog.\(dbOf(n)).\(n.name)' does not exist"))
            }
            var rows = scripted(select) ?? evaluator.evaluate(select)
            if let columns, columns.count == rows.columns.count { rows.columns = columns }
            let writers = table.isIceberg ? table.icebergPartitioning : table.partitionKeys
            if let f = FakeAWSState.tooManyWriters(rows, keys: writers, buckets: 1, iceberg: table.isIceberg) { return .failure(f) }
            q.bytesScanned = writeRows(rows.projected(table.columnNames), into: &table, queryID: q.id)
            tables[key] = table
            commitIceberg(key, query: q.id)
        case .rename(let from, let to):
            let key = FakeGlueTable.key(dbOf(from), from.name)
            guard var t = tables[key] else {
                return .failure(QueryFailure(type: 1301, message: "TABLE_NOT_FOUND: Table '\(from.name)' does not exist"))
            }
            guard t.isIceberg else {
                return .failure(QueryFailure(type: 1201, message: "ALTER TABLE RENAME TO is not supported for Hive tables"))
            }
            let newKey = FakeGlueTable.key(dbOf(to), to.name)
            guard tables[newKey] == nil else {
                return .failure(QueryFailure(type: 1201, message: "Table '\(to.name)' already exists"))
            }
            tables[key] = nil
            t.input["Name"] = .string(to.name)
            t.database = dbOf(to)
            tables[newKey] = t
        case .addColumns(let n, let columns):
            let key = FakeGlueTable.key(dbOf(n), n.name)
            guard var t = tables[key], !t.isView else {
                return .failure(QueryFailure(type: 1301, message: "Table \(n.name) not found"))
            }
            let have = Set(t.glueColumns.map { $0.0.lowercased() })
            if let dup = columns.first(where: { have.contains($0.name) }) {
                return .failure(QueryFailure(type: 1201, message: "Column '\(dup.name)' already exists"))
            }
            // Existing data files lack the column: readers see null there (files are read by name).
            var input = t.input
            var sd = input["StorageDescriptor"]?.objectValue ?? [:]
            sd["Columns"] = .array((sd["Columns"]?.arrayValue ?? []) + columns.map { ["Name": .string($0.name), "Type": .string($0.type)] })
            input["StorageDescriptor"] = .object(sd)
            t.replace(with: input, skipArchive: false)
            tables[key] = t
            if t.isIceberg { commitIceberg(key, query: q.id) }
        case .drop(let n, let ifExists):
            let key = FakeGlueTable.key(dbOf(n), n.name)
            guard let t = tables[key] else {
                return ifExists ? .success(()) : .failure(QueryFailure(type: 1301, message: "Table \(n.name) not found"))
            }
            // Dropping an Iceberg table deletes its data too; a Hive table's files stay.
            if t.isIceberg, let loc = t.location { for (b, k) in objectKeys(under: loc) { objects[b]?[k] = nil } }
            tables[key] = nil
        case .merge(let n, let source, let keys):
            let key = FakeGlueTable.key(dbOf(n), n.name)
            guard let t = tables[key], t.isIceberg else {
                return .failure(QueryFailure(type: 1201, message: "MERGE INTO is supported only for Iceberg tables"))
            }
            // Matched rows take the source's values, unmatched ones are added (the MERGE swiftdbt
            // sends updates every non-key column); the table's data is rewritten as one new file.
            let columns = t.columnNames
            let incoming = (scripted(source) ?? evaluator.evaluate(source)).projected(columns)
            if let f = FakeAWSState.tooManyWriters(incoming, keys: t.icebergPartitioning, buckets: 1, iceberg: true) { return .failure(f) }
            var merged = readTable(n, defaultDatabase: db) ?? FakeRows(columns: columns, rows: [])
            let index = keys.map { k in columns.firstIndex { $0.lowercased() == k } }
            var position: [[String?]: Int] = [:]
            for (i, row) in merged.rows.enumerated() { position[index.map { $0.flatMap { row[$0] } }] = i }
            for row in incoming.rows {
                let k = index.map { $0.flatMap { row[$0] } }
                if let i = position[k] { merged.rows[i] = row } else { position[k] = merged.rows.count; merged.rows.append(row) }
            }
            if let loc = t.location {
                for (b, k) in objectKeys(under: loc) { objects[b]?[k] = nil }
                write(merged, at: loc, name: "\(q.id)_00000")
            }
            q.bytesScanned = incoming.data.count
            commitIceberg(key, query: q.id)
        case .select(let sql):
            q.result = scripted(sql) ?? evaluator.evaluate(sql)
            q.bytesScanned = q.result.data.count
        case .other:
            break
        }
        return .success(())
    }

    /// `<location>/metadata/<version>-<query id>.metadata.json`, the shape of an Iceberg metadata file name.
    static func metadataFile(_ location: String, version: Int, query: String) -> String {
        (location.hasSuffix("/") ? location : location + "/") + "metadata/" + String(format: "%05d", version) + "-\(query).metadata.json"
    }

    /// Every Iceberg commit (INSERT, MERGE) writes a new metadata file and moves Glue's pointer to it.
    func commitIceberg(_ key: String, query: String) {
        guard var t = tables[key], t.isIceberg, let loc = t.location else { return }
        var params = t.input["Parameters"]?.objectValue ?? [:]
        let old = params["metadata_location"]?.stringValue ?? ""
        let version = (Int(old.split(separator: "/").last?.prefix(5) ?? "") ?? 0) + 1
        params["previous_metadata_location"] = .string(old)
        params["metadata_location"] = .string(FakeAWSState.metadataFile(loc, version: version, query: query))
        t.input["Parameters"] = .object(params)
        tables[key] = t
    }

    /// Athena writes at most 100 partition × bucket combinations per CTAS or INSERT
    /// (considerations-ctas.html); more fail with HIVE_TOO_MANY_OPEN_PARTITIONS.
    static func tooManyWriters(_ rows: FakeRows, keys: [String], buckets: Int, iceberg: Bool = false) -> QueryFailure? {
        guard !keys.isEmpty else { return nil }
        let index = keys.map { k in rows.columns.firstIndex { $0.lowercased() == k } }
        let distinct = Set(rows.rows.map { row in index.map { $0.flatMap { row[$0] } } }).count
        guard distinct * max(1, buckets) > 100 else { return nil }
        return QueryFailure(
            type: 1300,
            message: (iceberg ? "ICEBERG" : "HIVE")
                + "_TOO_MANY_OPEN_PARTITIONS: Exceeded limit of 100 open writers for partitions/buckets")
    }

    /// Writes rows under the table's location (one object per partition, partitions registered);
    /// returns the bytes written.
    func writeRows(_ rows: FakeRows, into table: inout FakeGlueTable, queryID: String) -> Int {
        guard let location = table.location else { return 0 }
        let keys = table.partitionKeys
        if keys.isEmpty {
            let data = rows.data
            write(rows, at: location, name: "\(queryID)_00000")
            return data.count
        }
        let index = keys.map { k in rows.columns.firstIndex { $0.lowercased() == k } }
        var groups: [[String]: [[String?]]] = [:]
        for row in rows.rows {
            groups[index.map { $0.flatMap { row[$0] } ?? "__HIVE_DEFAULT_PARTITION__" }, default: []].append(row)
        }
        var total = 0
        for (values, members) in groups.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            let folder = zip(keys, values).map { "\($0)=\($1)" }.joined(separator: "/")
            let partLocation =
                table.partitions[values]?["StorageDescriptor"]?["Location"]?.stringValue
                ?? (location.hasSuffix("/") ? location : location + "/") + folder
            let part = FakeRows(columns: rows.columns, rows: members)
            write(part, at: partLocation, name: "\(queryID)_00000")
            total += part.data.count
            if table.partitions[values] == nil {
                table.partitions[values] = ["Values": .array(values.map { .string($0) }), "StorageDescriptor": ["Location": .string(partLocation)]]
            }
        }
        return total
    }
}
