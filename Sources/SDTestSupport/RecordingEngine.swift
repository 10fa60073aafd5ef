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
/// of returning an empty result, so a test cannot pass on an answer nobody chose.
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
        /// Thrown by `build`, `loadSeed` or `runTest` for that node, after its statement is recorded.
        public var errors: [String: EngineError]
        /// The failing-row count `runTest` returns for that test (0 when absent).
        public var testFailures: [String: Int]
        /// `query`'s result for that exact SQL text.
        public var queryResults: [String: QueryResult]
        /// `catalogRows`' answer; nil means "use information_schema", as DuckDB does.
        public var catalog: QueryResult?

        public init(
            relations: [Relation: RelationKind] = [:], errors: [String: EngineError] = [:], testFailures: [String: Int] = [:],
            queryResults: [String: QueryResult] = [:], catalog: QueryResult? = nil
        ) {
            self.relations = relations
            self.errors = errors
            self.testFailures = testFailures
            self.queryResults = queryResults
            self.catalog = catalog
        }
    }

    private let lock = NSLock()
    private var script: Script
    private var recordedCalls: [Call] = []
    private var recordedStatements: [String] = []

    public init(script: Script = Script()) {
        self.script = script
    }

    /// Every call so far, in order.
    public var calls: [Call] { lock.withLock { recordedCalls } }
    /// Every statement so far, in order, across all logs.
    public var statements: [String] { lock.withLock { recordedStatements } }

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

    public func existingRelations(schemas: [String]) async throws -> [Relation: RelationKind] {
        let wanted = Set(schemas)
        return note(.existingRelations(schemas: schemas)).relations.filter { wanted.contains($0.key.schema) }
    }

    /// Records the node's compiled SQL as the one statement of the build.
    public func build(_ node: CompiledNode, options: BuildOptions, log: StatementLog) async throws -> AdapterResponse {
        let script = note(.build(uniqueId: node.uniqueId), statement: node.compiledCode, log: log)
        if let error = script.errors[node.uniqueId] { throw error }
        return AdapterResponse()
    }

    /// Records one line naming the seed's relation and row count (the real engines send bulk data).
    public func loadSeed(_ node: CompiledNode, table: SeedTable, options: BuildOptions, log: StatementLog) async throws -> AdapterResponse {
        let target = node.relation.map { "\($0)" } ?? node.name
        let statement = "-- load seed \(target): \(table.rows.count) rows"
        let script = note(.loadSeed(uniqueId: node.uniqueId, rows: table.rows.count), statement: statement, log: log)
        if let error = script.errors[node.uniqueId] { throw error }
        return AdapterResponse(message: "INSERT \(table.rows.count)", rowsAffected: table.rows.count)
    }

    public func runTest(_ node: CompiledNode, sql: String, sampleLimit: Int, log: StatementLog) async throws -> TestOutcome {
        let script = note(.runTest(uniqueId: node.uniqueId), statement: sql, log: log)
        if let error = script.errors[node.uniqueId] { throw error }
        return TestOutcome(failures: script.testFailures[node.uniqueId] ?? 0, sample: nil, response: AdapterResponse())
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

    public func interrupt() async { _ = note(.interrupt) }

    public func close() async { _ = note(.close) }
}
