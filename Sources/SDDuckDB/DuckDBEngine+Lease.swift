import Foundation
import SDEngine

extension DuckDBEngine {
    /// Runs `body` with the CLI process to itself: one block on the process's serial queue, so no
    /// other node's statement can run between this node's statements, and no Swift concurrency thread
    /// waits on the CLI. Cancelling the calling task interrupts the running statement.
    ///
    /// After any failure, whatever threw, the lease rolls back the node's transaction and proves the
    /// session clean (`begin` succeeds only outside a transaction) before the next lease may start. If
    /// it cannot be proven clean, the engine refuses every later lease instead of running other nodes
    /// inside a broken transaction.
    func leased<T: Sendable>(log: StatementLog?, _ body: @escaping @Sendable (DuckDBLease) throws -> T) async throws -> T {
        let process = self.process
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
                process.queue.async {
                    continuation.resume(with: Result { try self.holdLease(log: log, body) })
                }
            }
        } onCancel: {
            process.interrupt()
        }
    }

    private func holdLease<T>(log: StatementLog?, _ body: (DuckDBLease) throws -> T) throws -> T {
        let (stop, broken) = lock.withLock { (stopping, unusable) }
        if let broken { throw EngineError(.connection, broken) }
        if stop { throw EngineError(.interrupted, "interrupted") }
        do {
            return try body(DuckDBLease(process: process, hooks: hooks))
        } catch {
            restoreCleanState(after: error, log: log)
            throw error
        }
    }

    /// `rollback` (harmless when no transaction is open: DuckDB then refuses it, and that refusal is
    /// expected), then `begin transaction` + `rollback` as proof that no transaction is left.
    private func restoreCleanState(after failure: Error, log: StatementLog?) {
        if let e = failure as? EngineError, e.kind == .connection { return }  // the process is gone; nothing to clean
        log?.record("rollback")
        _ = try? process.execute("rollback")
        do {
            _ = try process.execute("begin transaction")
            _ = try process.execute("rollback")
        } catch {
            let reason = """
                the DuckDB session could not be returned to a clean state after a failed node (\(error)); \
                no further node runs on it, so none can run inside the failed node's transaction
                """
            lock.withLock { unusable = reason }
        }
    }
}
