import Foundation
import SDBasics

/// The fake's world: Glue databases and tables (with versions and partitions), S3 objects, Athena
/// query executions, injected faults and a journal of every call. Thread-safe; tests read it
/// directly to check what survived a failure.
public final class FakeAWSState: @unchecked Sendable {
    let lock = NSLock()
    let now: @Sendable () -> Date
    /// Seconds each query stays QUEUED/RUNNING before it completes.
    var latency: Double
    var databases: Set<String> = ["default"]
    var tables: [String: FakeGlueTable] = [:]
    var objects: [String: [String: Data]] = [:]
    var queries: [String: FakeQuery] = [:]
    var tokens: [String: String] = [:]
    var faults: [FakeFault] = []
    var scripts: [(String, FakeRows)] = []
    var entries: [String] = []
    var sqlLog: [String] = []
    var counter = 0
    var peak = 0
    /// Checks and computes every statement when set (FakeSQLSidecar); without it the fake runs its
    /// small built-in evaluator and accepts any SQL it can shape.
    let sqlEngine: FakeSQLSidecar?
    /// This fake's mirror in the sidecar, and the fingerprints of the tables and views sent to it.
    let sqlSession = UUID().uuidString
    var sentTables: [String: Int] = [:]
    var sentViews: [String: String] = [:]
    /// Workgroups by name: their result location and whether it overrides the client's
    /// (WorkGroupConfiguration `EnforceWorkGroupConfiguration`, Athena API reference).
    var workGroups: [String: (outputLocation: String?, enforce: Bool)] = ["primary": (nil, false)]
    /// Calls each access key may still make before its connections are cut (see `sever`).
    var allowance: [String: Int] = [:]
    /// Cut an access key right after its first request whose body contains the text.
    var cutAfter: [String: String] = [:]
    var droppedKeys = Set<String>()
    var callsByKey: [String: Int] = [:]

    public init(queryLatency: Double = 0, now: @escaping @Sendable () -> Date, sql: FakeSQLSidecar? = nil) {
        latency = queryLatency
        self.now = now
        sqlEngine = sql
    }

    deinit {
        // Local copies of Parquet objects the SQL sidecar read (FakeAWSState+SQL), and its mirror.
        try? FileManager.default.removeItem(at: parquetCopies)
        _ = sqlEngine?.ask(["session": .string(sqlSession), "close": true])
    }

    /// Adds a workgroup; with `enforce`, its `outputLocation` replaces the one a query asks for.
    public func addWorkGroup(_ name: String, outputLocation: String? = nil, enforce: Bool = false) {
        lock.withLock { workGroups[name] = (outputLocation, enforce) }
    }

    // MARK: - Test API

    /// Every API call so far, one line each: `athena StartQueryExecution`, `glue UpdateTable db.t`, `s3 DeleteObjects b 3`.
    public var journal: [String] { lock.withLock { entries } }
    /// The SQL of every StartQueryExecution, in order (retries with a known token are not repeated).
    public var statements: [String] { lock.withLock { sqlLog } }
    public func clearJournal() {
        lock.withLock {
            entries = []; sqlLog = []
        }
    }

    public var queryLatency: Double {
        get { lock.withLock { latency } }
        set { lock.withLock { latency = newValue } }
    }

    public func inject(_ fault: FakeFault) { lock.withLock { faults.append(fault) } }

    /// Queries whose SQL contains `text` return `rows` (and CTAS writes them).
    public func script(queryContaining text: String, rows: FakeRows) { lock.withLock { scripts.append((text, rows)) } }

    public func createDatabase(_ name: String) { _ = lock.withLock { databases.insert(name.lowercased()) } }

    public func putObject(bucket: String, key: String, data: Data) { lock.withLock { objects[bucket, default: [:]][key] = data } }

    /// Every object key under `prefix` in `bucket`, sorted.
    public func keys(bucket: String, prefix: String = "") -> [String] {
        lock.withLock { (objects[bucket] ?? [:]).keys.filter { $0.hasPrefix(prefix) }.sorted() }
    }

    /// All objects as `s3://bucket/key` → body, for before/after comparisons.
    public var allObjects: [String: Data] {
        lock.withLock {
            var out: [String: Data] = [:]
            for (b, keys) in objects { for (k, v) in keys { out["s3://\(b)/\(k)"] = v } }
            return out
        }
    }

    /// The Glue table as GetTable would return it, or nil.
    public func table(_ database: String, _ name: String) -> JSONValue? {
        lock.withLock { tables[FakeGlueTable.key(database, name)]?.json }
    }

    /// The values of each partition of a table, sorted.
    public func partitions(_ database: String, _ name: String) -> [[String]] {
        lock.withLock { (tables[FakeGlueTable.key(database, name)]?.partitions.keys).map { $0.sorted { $0.lexicographicallyPrecedes($1) } } ?? [] }
    }

    /// The table's rows as the fake's SELECT sees them.
    public func rows(_ database: String, _ name: String) -> FakeRows? {
        lock.withLock { readTable(FakeQualifiedName(database: database.lowercased(), name: name.lowercased()), defaultDatabase: database) }
    }

    /// The version ids GetTableVersions would list for a table (archived ones and the current one).
    public func versions(_ database: String, _ name: String) -> [String] {
        lock.withLock {
            guard let t = tables[FakeGlueTable.key(database, name)] else { return [] }
            return (t.archived.keys.sorted() + [t.version]).map(String.init)
        }
    }

    /// Another writer changes the table (its VersionId moves on), as a concurrent run would.
    public func simulateConcurrentUpdate(_ database: String, _ name: String) {
        lock.withLock { tables[FakeGlueTable.key(database, name)]?.version += 1 }
    }

    /// After `afterCalls` more requests signed with `accessKey`, every later one is dropped before
    /// it is handled, for good: the fake's state is then exactly what a client killed at that
    /// point (SIGKILL: no cleanup, no retry) leaves, since a dead process sends nothing more and a
    /// dropped request changes nothing. Other keys are unaffected, so a fresh run can follow.
    public func sever(accessKey: String, afterCalls: Int) { lock.withLock { allowance[accessKey] = afterCalls } }

    /// Like `sever(accessKey:afterCalls:)`, but the last request let through is the first one whose
    /// body (for a query, its SQL) contains `text`: a kill right after a chosen step.
    public func sever(accessKey: String, afterRequestContaining text: String) { lock.withLock { cutAfter[accessKey] = text } }

    /// True once a request of a severed key has been dropped (the client went on past the cut).
    public func isSevered(accessKey: String) -> Bool { lock.withLock { droppedKeys.contains(accessKey) } }

    /// How many requests were signed with `accessKey` so far (dropped ones included).
    public func calls(accessKey: String) -> Int { lock.withLock { callsByKey[accessKey] ?? 0 } }

    /// A Glue table as a CreateTable with these fields would leave it (for tests that need many).
    public func putTable(database: String, name: String, location: String? = nil, parameters: [String: String] = [:]) {
        lock.withLock {
            var input: [String: JSONValue] = [
                "Name": .string(name.lowercased()), "TableType": "EXTERNAL_TABLE",
                "Parameters": .object(parameters.mapValues { .string($0) }),
            ]
            if let location { input["StorageDescriptor"] = ["Location": .string(location), "Columns": .array([])] }
            databases.insert(database.lowercased())
            tables[FakeGlueTable.key(database, name)] = FakeGlueTable(
                database: database.lowercased(), input: input, version: 1,
                created: now().timeIntervalSince1970)
        }
    }

    /// Every Glue table of a database, by name, as GetTable would return it.
    public func tables(in database: String) -> [String: JSONValue] {
        lock.withLock {
            var out: [String: JSONValue] = [:]
            for t in tables.values where t.database == database.lowercased() { out[t.name] = t.json }
            return out
        }
    }

    /// Removes every injected fault not used up yet.
    public func clearFaults() { lock.withLock { faults = [] } }

    /// Where each partition of a table points (its StorageDescriptor.Location).
    public func partitionLocations(_ database: String, _ name: String) -> [String] {
        lock.withLock {
            (tables[FakeGlueTable.key(database, name)]?.partitions.values.compactMap { $0["StorageDescriptor"]?["Location"]?.stringValue } ?? [])
                .sorted()
        }
    }

    /// Counts a request of `accessKey`; false when the key was severed and the request must be dropped.
    func admit(accessKey: String, text: String) -> Bool {
        callsByKey[accessKey, default: 0] += 1
        if let trigger = cutAfter[accessKey], allowance[accessKey] == nil, text.contains(trigger) {
            allowance[accessKey] = 0
            return true
        }
        guard let left = allowance[accessKey] else { return true }
        if left <= 0 {
            droppedKeys.insert(accessKey)
            return false
        }
        allowance[accessKey] = left - 1
        return true
    }

    /// The most queries that were queued or running at the same moment.
    public var peakConcurrentQueries: Int { lock.withLock { peak } }

    /// Ids of executions that are still QUEUED or RUNNING.
    public var runningQueries: [String] {
        lock.withLock { queries.values.filter { !$0.isTerminal }.map(\.id).sorted() }
    }

    /// The newest execution as GetQueryExecution shows it.
    public var lastExecution: JSONValue? {
        lock.withLock { queries.values.max { $0.submitted < $1.submitted || ($0.submitted == $1.submitted && $0.id < $1.id) }.map { execution($0.id) } }
    }

    /// States of all executions by id.
    public var queryStates: [String: String] { lock.withLock { queries.mapValues(\.state) } }

    // MARK: - Internals shared by the handlers

    func record(_ line: String) { entries.append(line) }

    func nextID() -> String {
        counter += 1
        let n = String(counter, radix: 16)
        return "00000000-0000-4000-8000-" + String(repeating: "0", count: max(0, 12 - n.count)) + n
    }

    /// The first fault for `operation` matching `text`, used up by one.
    func takeFault(_ operation: String, text: String) -> FakeFault.Action? {
        guard
            let i = faults.firstIndex(where: { f in
                f.operation == operation && f.times > 0 && (f.containing.map { text.contains($0) } ?? true)
            })
        else { return nil }
        faults[i].times -= 1
        var action = faults[i].action
        if case .failQuery(let c, let t, let m, let r) = action, m.contains("{position}"), let token = faults[i].containing {
            action = .failQuery(
                category: c, type: t, message: m.replacingOccurrences(of: "{position}", with: FakeFault.position(of: token, in: text)),
                retryable: r)
        }
        if faults[i].times == 0 { faults.remove(at: i) }
        return action
    }

    static func split(_ s3: String) -> (bucket: String, key: String)? {
        guard s3.hasPrefix("s3://") else { return nil }
        let rest = s3.dropFirst(5)
        guard let slash = rest.firstIndex(of: "/") else { return (String(rest), "") }
        return (String(rest[..<slash]), String(rest[rest.index(after: slash)...]))
    }

    /// Objects under a location, treated as a folder (a trailing `/` is implied).
    func objectKeys(under location: String) -> [(String, String)] {
        guard let (bucket, key) = FakeAWSState.split(location) else { return [] }
        let prefix = key.isEmpty || key.hasSuffix("/") ? key : key + "/"
        return (objects[bucket] ?? [:]).keys.filter { $0.hasPrefix(prefix) }.sorted().map { (bucket, $0) }
    }

    func write(_ rows: FakeRows, at location: String, name: String) {
        guard let (bucket, key) = FakeAWSState.split(location) else { return }
        let prefix = key.isEmpty || key.hasSuffix("/") ? key : key + "/"
        objects[bucket, default: [:]][prefix + name] = rows.data
    }

    func readTable(_ n: FakeQualifiedName, defaultDatabase: String) -> FakeRows? {
        guard let t = tables[FakeGlueTable.key(n.database ?? defaultDatabase, n.name)] else { return nil }
        let columns = t.columnNames
        var locations = [t.location].compactMap { $0 }
        locations += t.partitions.values.compactMap { $0["StorageDescriptor"]?["Location"]?.stringValue }
        var out = FakeRows(columns: columns, rows: [])
        var seen = Set<String>()
        for loc in locations {
            for (b, k) in objectKeys(under: loc) where seen.insert(b + "/" + k).inserted {
                if let data = objects[b]?[k], let rows = FakeRows(data: data) {
                    out.rows += rows.projected(columns).rows
                }
            }
        }
        return out
    }
}

/// A Glue table: its `TableInput` fields, version and partitions.
struct FakeGlueTable: Sendable {
    var database: String
    var input: [String: JSONValue]
    var version: Int
    var created: Double
    var partitions: [[String]: JSONValue] = [:]
    /// An Iceberg table's plain partition columns (CTAS `partitioning=ARRAY[…]`): Athena keeps
    /// them in the Iceberg metadata, not in Glue's PartitionKeys, so the fake keeps them here.
    var icebergPartitioning: [String] = []
    /// Earlier versions Glue archived, by version number.
    var archived: [Int: [String: JSONValue]] = [:]

    /// Replaces the definition, archiving the old one unless `skipArchive` (UpdateTable `SkipArchive`).
    mutating func replace(with input: [String: JSONValue], skipArchive: Bool) {
        if !skipArchive { archived[version] = self.input }
        self.input = input
        version += 1
    }

    static func key(_ database: String, _ name: String) -> String { database.lowercased() + "." + name.lowercased() }

    var name: String { input["Name"]?.stringValue ?? "" }
    var location: String? { input["StorageDescriptor"]?["Location"]?.stringValue }
    var partitionKeys: [String] { (input["PartitionKeys"]?.arrayValue ?? []).compactMap { $0["Name"]?.stringValue } }
    var columnNames: [String] {
        (input["StorageDescriptor"]?["Columns"]?.arrayValue ?? []).compactMap { $0["Name"]?.stringValue } + partitionKeys
    }
    var isView: Bool { input["TableType"]?.stringValue == "VIRTUAL_VIEW" }
    var isIceberg: Bool { input["Parameters"]?["table_type"]?.stringValue?.uppercased() == "ICEBERG" }

    var json: JSONValue {
        var o = input
        o["DatabaseName"] = .string(database)
        o["VersionId"] = .string(String(version))
        o["CatalogId"] = "123456789012"
        o["CreateTime"] = .double(created)
        return .object(o)
    }
}

/// One Athena query execution.
struct FakeQuery: Sendable {
    var id: String
    var sql: String
    var database: String
    var workGroup: String
    var outputLocation: String
    var submitted: Date
    var readyAt: Date
    var state = "QUEUED"
    var reason: String?
    var error: (category: Int, type: Int, message: String, retryable: Bool)?
    var injected: (category: Int, type: Int, message: String, retryable: Bool)?
    var result = FakeRows(columns: [], rows: [])
    var statementType = "DML"
    var bytesScanned = 0
    var completed: Date?

    var isTerminal: Bool { state == "SUCCEEDED" || state == "FAILED" || state == "CANCELLED" }
}
