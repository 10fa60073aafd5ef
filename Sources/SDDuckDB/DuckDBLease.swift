import Foundation
import SDEngine

/// The CLI process lent to one node for everything that node does, from its first catalog lookup to
/// its last statement, or its rollback.
///
/// `DuckDBProcess` serializes single requests, but a node's work is a sequence of requests (`begin`,
/// a temporary table, `describe`s, the merge, `commit`). If another node's requests could land in
/// between, they would run inside this node's open (or failed, hence aborted) transaction and fail
/// with it. A lease runs the node's whole sequence as one block on the process's serial queue, so
/// no other node's statement can come between them; the block is synchronous, so it never holds the
/// process across an `await`.
struct DuckDBLease {
    let process: DuckDBProcess
    let hooks: DuckDBTestHooks

    /// Runs one statement (or script) and maps the driver's errors to the engine's.
    func run(_ sql: String) throws -> DuckDBResult {
        let sent = hooks.beforeStatement(sql)
        do {
            return try process.execute(sent)
        } catch {
            throw DuckDBEngine.engineError(error)
        }
    }

    /// Records and runs `steps` in order, stopping at the first failure. It does not roll back: the
    /// lease does that for every failure, whatever threw (see `DuckDBEngine.leased`).
    func transaction(_ steps: [String], log: StatementLog) throws {
        for step in steps {
            log.record(step)
            _ = try run(step)
        }
    }

    /// Names and DuckDB types of a relation's columns, without reading its rows.
    func columns(_ relationSQL: String) throws -> [DuckDBColumn] {
        let result = try run("describe select * from \(relationSQL)")
        guard let columns = result.describedColumns else {
            throw EngineError(.internalError, "describe of \(relationSQL) returned columns \(result.columns)")
        }
        return columns
    }
}
