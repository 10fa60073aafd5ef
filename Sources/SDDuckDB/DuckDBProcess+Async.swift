/// `async` forms of the calls: they run on the connection's own queue, so no Swift concurrency
/// thread blocks on the CLI, and cancelling the task interrupts the running statement.
extension DuckDBProcess {
    /// Runs one statement or script; see the blocking `execute(_:)`.
    public func execute(_ sql: String) async throws(DuckDBError) -> DuckDBResult {
        try await onQueue { (p: DuckDBProcess) throws(DuckDBError) -> DuckDBResult in try p.execute(sql) }
    }

    /// Runs statements one at a time and stops at the first failure; see the blocking form.
    public func executeEach(_ statements: [String]) async throws(DuckDBError) -> [DuckDBResult] {
        try await onQueue { (p: DuckDBProcess) throws(DuckDBError) -> [DuckDBResult] in try p.executeEach(statements) }
    }

    private func onQueue<T: Sendable>(_ body: @escaping @Sendable (DuckDBProcess) throws(DuckDBError) -> T) async throws(DuckDBError) -> T {
        let result: Result<T, DuckDBError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                queue.async {
                    do throws(DuckDBError) {
                        continuation.resume(returning: .success(try body(self)))
                    } catch {
                        continuation.resume(returning: .failure(error))
                    }
                }
            }
        } onCancel: {
            interrupt()
        }
        return try result.get()
    }
}
