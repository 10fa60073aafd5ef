import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDProject

/// The recording fake that `SDEngine/Engine.swift` promises: an `Engine` that runs nothing, records
/// every call and every statement it would have sent (through the caller's `StatementLog`, as the
/// real engines do, and in its own list), and answers from a script. Scheduler, runner and verdict
/// tests use it to see exactly what reached the target, in which order, without a database.
///
/// Anything the script does not answer is refused: a `query` with no scripted result throws instead
/// of returning an empty result, so a test cannot pass on an answer nobody chose. A node listed in
/// `Script.blocking` waits in `build` until `interrupt()` arrives, as a statement runs in the duckdb CLI
/// until swiftdbt interrupts it, so runner tests can stop a run while a node is in flight.
public final class RecordingEngine: Engine, @unchecked Sendable {
    /// One call on the engine, in the order they arrived.
    public enum Call: Sendable, Hashable {
        case existingRelations(schemas: [String])
        case build(uniqueId: String)
        case loadSeed(uniqueId: String, rows: Int)
        case runTest(uniqueId: String)
        case query(sql: String)
        case catalogRows(schemas: [String])
        case interrupt
        case close
    }

    /// The answers. Errors and test failures are looked up by the node's unique id.
    public struct Script: Sendable {
        /// What `existingRelations` reports (only the relations in the schemas asked for).
        public var relations: [Relation: RelationKind]
        /// Thrown by `existingRelations` instead of answering (an unreadable catalog).
        public var relationsError: EngineError?
        /// Thrown by `build`, `loadSeed` or `runTest` for that node, after its statement is recorded. An error
        /// with no `statement` gets the recorded one, so a scripted `position` points into what was sent, as
        /// the real engines' errors do; a scripted statement is kept (a wrapper around the compiled code).
        public var errors: [String: EngineError]
        /// Nodes whose `build` waits for `interrupt()` and then fails as interrupted.
        public var blocking: Set<String>
        /// The failing-row count `runTest` returns for that test (0 when absent).
        public var testFailures: [String: Int]
        /// The failing rows `runTest` returns for that test, cut to the caller's sample limit.
        public var testSamples: [String: QueryResult]
        /// `query`'s result for that exact SQL text.
        public var queryResults: [String: QueryResult]
        /// `catalogRows`' answer; nil means "use information_schema", as DuckDB does.
        public var catalog: QueryResult?

        public init(
            relations: [Relation: RelationKind] = [:], relationsError: EngineError? = nil, errors: [String: EngineError] = [:],
            blocking: Set<String> = [], testFailures: [String: Int] = [:], testSamples: [String: QueryResult] = [:],
            queryResults: [String: QueryResult] = [:], catalog: QueryResult? = nil
        ) {
            self.relations = relations
            self.relationsError = relationsError
            self.errors = errors
            self.blocking = blocking
            self.testFailures = testFailures
            self.testSamples = testSamples
            self.queryResults = queryResults
            self.catalog = catalog
        }
    }

    private let lock = NSLock()
    private var script: Script
    private var recordedCalls: [Call] = []
    private var recordedStatements: [String] = []
    private var interrupted = false
    private var waitingForInterrupt: [CheckedContinuation<Void, Never>] = []

    public init(script: Script = Script()) {
        self.script = script
    }

    /// Every call so far, in order.
    public var calls: [Call] { lock.withLock { recordedCalls } }
    /// Every statement so far, in order, across all logs.
    public var statements: [String] { lock.withLock { recordedStatements } }
    /// True once `interrupt()` was called.
    public var wasInterrupted: Bool { lock.withLock { interrupted } }

    /// Changes the script between calls (a relation appears after a build, a test starts failing).
    public func update(_ change: (inout Script) -> Void) { lock.withLock { change(&script) } }

    private func note(_ call: Call, statement: String? = nil, log: StatementLog? = nil) -> Script {
        if let statement { log?.record(statement) }
        return lock.withLock {
            recordedCalls.append(call)
            if let statement { recordedStatements.append(statement) }
            return script
        }
    }

    /// The scripted error for a node, carrying the statement it failed in.
    private static func failure(_ script: Script, _ node: CompiledNode, statement: String) -> EngineError? {
        guard var error = script.errors[node.uniqueId] else { return nil }
        if error.statement == nil { error.statement = statement }
        return error
    }

    public func existingRelations(schemas: [String]) async throws -> [Relation: RelationKind] {
        let wanted = Set(schemas)
        let script = note(.existingRelations(schemas: schemas))
        if let error = script.relationsError { throw error }
        return script.relations.filter { wanted.contains($0.key.schema) }
    }

    /// Records the node's compiled SQL as the one statement of the build.
    public func build(_ node: CompiledNode, options: BuildOptions, log: StatementLog) async throws -> AdapterResponse {
        let script = note(.build(uniqueId: node.uniqueId), statement: node.compiledCode, log: log)
        if let error = Self.failure(script, node, statement: node.compiledCode) { throw error }
        if script.blocking.contains(node.uniqueId) {
            await untilInterrupted()
            // The error DuckDBEngine.swift throws for a statement it interrupted.
            throw EngineError(.interrupted, "interrupted", statement: node.compiledCode)
        }
        return AdapterResponse()
    }

    /// Records one line naming the seed's relation, its columns with their types, and its row count
    /// (the real engines create the table with those types, then send the rows in bulk).
    public func loadSeed(_ node: CompiledNode, table: SeedTable, options: BuildOptions, log: StatementLog) async throws -> AdapterResponse {
        let target = node.relation.map { "\($0)" } ?? node.name
        let columns = table.columns.isEmpty ? "" : " (" + table.columns.map { "\($0.name) \($0.type)" }.joined(separator: ", ") + ")"
        let statement = "-- load seed \(target)\(columns): \(table.rows.count) rows"
        let script = note(.loadSeed(uniqueId: node.uniqueId, rows: table.rows.count), statement: statement, log: log)
        if let error = Self.failure(script, node, statement: statement) { throw error }
        return AdapterResponse(message: "INSERT \(table.rows.count)", rowsAffected: table.rows.count)
    }

    public func runTest(_ node: CompiledNode, sql: String, sampleLimit: Int, log: StatementLog) async throws -> TestOutcome {
        let script = note(.runTest(uniqueId: node.uniqueId), statement: sql, log: log)
        if let error = Self.failure(script, node, statement: sql) { throw error }
        let sample = script.testSamples[node.uniqueId].map { QueryResult(columns: $0.columns, rows: Array($0.rows.prefix(sampleLimit))) }
        return TestOutcome(failures: script.testFailures[node.uniqueId] ?? 0, sample: sample, response: AdapterResponse())
    }

    public func query(_ sql: String, limit: Int?) async throws -> QueryResult {
        let script = note(.query(sql: sql), statement: sql)
        guard let result = script.queryResults[sql] else {
            throw EngineError(.internalError, "RecordingEngine has no scripted result for this query", statement: sql)
        }
        guard let limit else { return result }
        return QueryResult(columns: result.columns, rows: Array(result.rows.prefix(limit)))
    }

    public func catalogRows(schemas: [String]) async throws -> QueryResult? { note(.catalogRows(schemas: schemas)).catalog }

    /// Records the call and releases every blocked `build`.
    public func interrupt() async {
        _ = note(.interrupt)
        let waiting = lock.withLock {
            interrupted = true
            defer { waitingForInterrupt = [] }
            return waitingForInterrupt
        }
        for continuation in waiting { continuation.resume() }
    }

    private func untilInterrupted() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let already = lock.withLock {
                if !interrupted { waitingForInterrupt.append(continuation) }
                return interrupted
            }
            if already { continuation.resume() }
        }
    }

    public func close() async { _ = note(.close) }
}
