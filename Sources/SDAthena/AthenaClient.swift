import Foundation
import SDAWS
import SDBasics
import SDEngine

/// Runs SQL on Athena: StartQueryExecution with a ClientRequestToken (the same on every HTTP
/// retry, so a lost response cannot start a query twice), the work group and result location;
/// polling through `QueryPoller`, batched with BatchGetQueryExecution when several queries run;
/// GetQueryResults paging; StopQueryExecution for everything running on interrupt.
public actor AthenaClient {
    let aws: AWSClient
    let settings: AthenaSettings
    let now: @Sendable () -> Date
    let sleep: @Sendable (Double) async throws -> Void
    let makeToken: @Sendable () -> String
    var poller: QueryPoller
    var waiters: [String: CheckedContinuation<AthenaQueryExecution, any Error>] = [:]
    var polling = false
    /// Set by `stopAll`: no new query starts, and one whose start was in flight is stopped at once.
    var interrupted = false
    /// Counts of API calls by operation, for the call-budget tests and the benchmark.
    public private(set) var calls: [String: Int] = [:]

    public init(
        aws: AWSClient, settings: AthenaSettings, now: @escaping @Sendable () -> Date,
        sleep: @escaping @Sendable (Double) async throws -> Void,
        makeToken: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }
    ) {
        self.aws = aws
        self.settings = settings
        self.now = now
        self.sleep = sleep
        self.makeToken = makeToken
        // poll_interval (dbt-athena's fixed 1 s) bounds the interval from above, scaled ×5 for
        // long queries; short ones are noticed within ~5% of their run time.
        poller = QueryPoller(initial: min(settings.pollInterval, 0.05), maximum: max(settings.pollInterval, 0.05) * 5)
    }

    func call(_ operation: String, _ body: JSONValue) async throws -> JSONValue {
        calls[operation, default: 0] += 1
        return try await aws.send(service: .athena, target: "AmazonAthena.\(operation)", json: body)
    }

    /// Starts a query and waits for it to end; a FAILED or CANCELLED query throws `AthenaQueryError`.
    public func execute(_ sql: String, database: String? = nil) async throws -> AthenaQueryExecution {
        if interrupted { throw EngineError(.interrupted, "interrupted before the query started", statement: sql) }
        var body: [String: JSONValue] = [
            "QueryString": .string(sql), "ClientRequestToken": .string(makeToken()), "WorkGroup": .string(settings.workGroup),
            "ResultConfiguration": ["OutputLocation": .string(settings.stagingDir)],
        ]
        var context: [String: JSONValue] = ["Catalog": .string(settings.catalog)]
        if let database { context["Database"] = .string(database) }
        body["QueryExecutionContext"] = .object(context)
        let started = try await call("StartQueryExecution", .object(body))
        guard let id = started["QueryExecutionId"]?.stringValue else {
            throw EngineError(.internalError, "StartQueryExecution returned no QueryExecutionId")
        }
        if interrupted { _ = try? await call("StopQueryExecution", ["QueryExecutionId": .string(id)]) }
        let execution = try await withCheckedThrowingContinuation { (c: CheckedContinuation<AthenaQueryExecution, any Error>) in
            waiters[id] = c
            poller.add(id, now: now().timeIntervalSince1970)
            if !polling {
                polling = true
                Task { await self.pollLoop() }
            }
        }
        if let error = execution.error { throw error }
        return execution
    }

    /// The ids of queries started and not yet finished.
    public var running: [String] { waiters.keys.sorted() }

    func pollLoop() async {
        while true {
            switch poller.next(now: now().timeIntervalSince1970) {
            case .idle:
                polling = false
                return
            case .wait(let seconds):
                try? await sleep(seconds)
            case .poll(let ids):
                do {
                    var found: [JSONValue] = []
                    if ids.count == 1 {
                        let r = try await call("GetQueryExecution", ["QueryExecutionId": .string(ids[0])])
                        found = [r["QueryExecution"] ?? .null]
                    } else {
                        let r = try await call("BatchGetQueryExecution", ["QueryExecutionIds": .array(ids.map { .string($0) })])
                        found = r["QueryExecutions"]?.arrayValue ?? []
                    }
                    let t = now().timeIntervalSince1970
                    var seen = Set<String>()
                    for q in found {
                        let e = AthenaQueryExecution(json: q)
                        seen.insert(e.id)
                        if e.isTerminal {
                            poller.remove(e.id)
                            waiters.removeValue(forKey: e.id)?.resume(returning: e)
                        } else {
                            poller.stillRunning(e.id, now: t)
                        }
                    }
                    for id in ids where !seen.contains(id) { poller.stillRunning(id, now: t) }
                } catch {
                    // The AWS layer already retried; the queries still run. Each is given up on
                    // (and stopped, so it cannot finish unseen) only after failing polls in a row.
                    let t = now().timeIntervalSince1970
                    for id in ids where poller.pollFailed(id, now: t) {
                        waiters.removeValue(forKey: id)?.resume(throwing: error)
                        _ = try? await call("StopQueryExecution", ["QueryExecutionId": .string(id)])
                    }
                }
            }
        }
    }

    /// All rows of a finished query, page by page (GetQueryResults, at most 1000 rows a page); the
    /// header row of a DML result is skipped.
    public func results(_ execution: AthenaQueryExecution, limit: Int? = nil) async throws -> QueryResult {
        var columns: [String] = []
        var rows: [[JSONValue]] = []
        var token: String?
        var first = true
        repeat {
            var body: [String: JSONValue] = ["QueryExecutionId": .string(execution.id), "MaxResults": 1000]
            if let token { body["NextToken"] = .string(token) }
            let page = try await call("GetQueryResults", .object(body))
            if first {
                columns = (page["ResultSet"]?["ResultSetMetadata"]?["ColumnInfo"]?.arrayValue ?? []).compactMap { $0["Name"]?.stringValue }
            }
            var pageRows = page["ResultSet"]?["Rows"]?.arrayValue ?? []
            if first, execution.statementType == "DML", !pageRows.isEmpty { pageRows.removeFirst() }
            for r in pageRows {
                rows.append((r["Data"]?.arrayValue ?? []).map { $0["VarCharValue"].map { $0 } ?? .null })
                if let limit, rows.count >= limit { return QueryResult(columns: columns, rows: rows) }
            }
            first = false
            token = page["NextToken"]?.stringValue
        } while token != nil
        return QueryResult(columns: columns, rows: rows)
    }

    /// StopQueryExecution for every running query (Ctrl-C); their waiters then see CANCELLED.
    public func stopAll() async {
        interrupted = true
        for id in waiters.keys.sorted() {
            _ = try? await call("StopQueryExecution", ["QueryExecutionId": .string(id)])
        }
    }
}
