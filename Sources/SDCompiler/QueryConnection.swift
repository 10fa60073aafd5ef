import SDBasics

/// What a template's `run_query`, `statement` and hooks need of the target while it renders: one
/// synchronous call that runs SQL and returns its rows.
///
/// Rendering is synchronous and runs below SDEngine, so the compiler cannot hold an `Engine`; the
/// executable wraps the live engine in one of these for the commands that connect (run, build, seed,
/// test, run-operation; compile and show open the target on the first query). A render without one
/// (the docs site, tests of the pipeline) makes `run_query` a positioned error instead of a silent
/// empty result.
public protocol QueryConnection: Sendable {
    /// Runs `sql` and returns every row; throws `QueryConnectionError` with the database's own text.
    func runQuery(_ sql: String) throws -> LiveQueryResult
}

/// The rows a statement returned, with column names in order (null, numbers, strings as JSON).
public struct LiveQueryResult: Sendable {
    public var columns: [String]
    public var rows: [[JSONValue]]
    /// The adapter's short status (`OK`, `SELECT 3`), as dbt's `load_result(...).response`.
    public var message: String

    public init(columns: [String], rows: [[JSONValue]], message: String = "OK") {
        self.columns = columns
        self.rows = rows
        self.message = message
    }
}

/// A statement that failed on the target during rendering; `message` is the database's text.
public struct QueryConnectionError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
