import SDBasics
import SDCompiler
import SDProject

/// What a database said about one executed step, as dbt's `adapter_response`.
public struct AdapterResponse: Sendable, Hashable {
    /// The short status shown in brackets on the console line (`OK`, `OK 1234`, `INSERT 12`).
    public var message: String
    public var code: String
    public var rowsAffected: Int?
    /// Athena: the query execution ids and bytes scanned.
    public var queryIds: [String]
    public var bytesScanned: Int?

    public init(message: String = "OK", code: String = "OK", rowsAffected: Int? = nil, queryIds: [String] = [], bytesScanned: Int? = nil) {
        self.message = message
        self.code = code
        self.rowsAffected = rowsAffected
        self.queryIds = queryIds
        self.bytesScanned = bytesScanned
    }

    public var json: JSONValue {
        var o: [String: JSONValue] = ["_message": .string(message), "code": .string(code)]
        if let rowsAffected { o["rows_affected"] = .int(rowsAffected) }
        if !queryIds.isEmpty { o["query_id"] = .string(queryIds.joined(separator: ",")) }
        if let bytesScanned { o["data_scanned_in_bytes"] = .int(bytesScanned) }
        return .object(o)
    }
}

/// A failure reported by the database or the engine's process (not a user mistake in the project).
public struct EngineError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable { case database, interrupted, connection, internalError }
    public var kind: Kind
    /// The database's own text, shown to the user unchanged.
    public var message: String
    /// The statement that failed, if known.
    public var statement: String?
    /// Where in `statement` the database says the error is, read from its message by the engine.
    public var position: StatementPosition?

    public init(_ kind: Kind, _ message: String, statement: String? = nil, position: StatementPosition? = nil) {
        self.kind = kind
        self.message = message
        self.statement = statement
        self.position = position
    }
    public var description: String { message }
}

/// Rows returned by a query, with column names in order. Values are JSON-typed (null, numbers, strings).
public struct QueryResult: Sendable {
    public var columns: [String]
    public var rows: [[JSONValue]]
    public init(columns: [String], rows: [[JSONValue]]) {
        self.columns = columns
        self.rows = rows
    }
}

/// What kind of object a relation currently is in the database.
public enum RelationKind: String, Sendable {
    case table, view, external
}

/// Everything a materialization needs besides the node.
public struct BuildOptions: Sendable {
    public var fullRefresh: Bool
    public init(fullRefresh: Bool = false) { self.fullRefresh = fullRefresh }
}

/// The result of running one test query: the number of failing rows and a few of them.
public struct TestOutcome: Sendable {
    public var failures: Int
    public var sample: QueryResult?
    public var response: AdapterResponse
    public init(failures: Int, sample: QueryResult?, response: AdapterResponse) {
        self.failures = failures
        self.sample = sample
        self.response = response
    }
}

/// A target database. DuckDB and Athena implement it; a recording fake tests the scheduler.
///
/// Every method records the exact statements it sends through `StatementLog`, so `target/run/`
/// can show them.
public protocol Engine: Sendable {
    /// The relations that exist now in the schemas the project uses, for `is_incremental()` and swaps.
    func existingRelations(schemas: [String]) async throws -> [Relation: RelationKind]
    /// Which of `relations` exist now, asking the catalog about these alone, so a run of a few selected
    /// nodes costs what they need, not a listing of every schema they write to (`CatalogListing`). Fails
    /// closed like the listing: a lookup that fails throws, it never answers "absent".
    func existingRelations(among relations: Set<Relation>) async throws -> [Relation: RelationKind]
    /// Builds a model (view, table, incremental) or a source with an external location.
    func build(_ node: CompiledNode, options: BuildOptions, log: StatementLog) async throws -> AdapterResponse
    /// Loads a seed's rows into its relation, replacing the old contents atomically.
    func loadSeed(_ node: CompiledNode, table: SeedTable, options: BuildOptions, log: StatementLog) async throws -> AdapterResponse
    /// Runs a test's query (which returns failing rows) and counts them.
    func runTest(_ node: CompiledNode, sql: String, sampleLimit: Int, log: StatementLog) async throws -> TestOutcome
    /// Runs an ad-hoc query for `show`.
    func query(_ sql: String, limit: Int?) async throws -> QueryResult
    /// The columns `sql` would return, with the target's type names, without running it (model
    /// contracts, ContractCheck.swift).
    func columnTypes(of sql: String) async throws -> [QueryColumn]
    /// The target's own description of the tables and columns in `schemas`, as rows with the columns
    /// table_catalog, table_schema, table_name, table_type, column_name, ordinal_position, data_type;
    /// nil when the engine has no catalog API and `information_schema` should be queried instead.
    func catalogRows(schemas: [String]) async throws -> QueryResult?
    /// The columns of `relation`, in order, with type names a CAST of the target's SQL accepts; empty
    /// when the relation does not exist. Unit tests type their given rows with them (UnitTestRun.swift).
    func columns(of relation: Relation) async throws -> [(name: String, type: String)]
    /// Cancels whatever runs now (Ctrl-C).
    func interrupt() async
    /// Ends the session.
    func close() async
}

extension Engine {
    /// Engines whose `information_schema` is the catalog (DuckDB) need no API of their own.
    public func catalogRows(schemas: [String]) async throws -> QueryResult? { nil }

    /// Engines without a cheaper lookup list the relations' schemas and keep what was asked for.
    public func existingRelations(among relations: Set<Relation>) async throws -> [Relation: RelationKind] {
        try await existingRelations(schemas: Set(relations.map(\.schema)).sorted()).filter { relations.contains($0.key) }
    }
}
