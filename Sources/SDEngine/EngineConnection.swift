import Dispatch
import Foundation
import SDBasics
import SDCompiler

/// The live engine as the compiler's synchronous `QueryConnection`, for `run_query`, `statement` and
/// hooks while rendering.
///
/// Rendering is synchronous (the template language has no `await`), so each query is started as a
/// task and the rendering thread waits for it. That wait must never happen on a thread of Swift's
/// cooperative pool (on two cores the pool has two threads, and a blocked one can starve the very
/// task it waits for); `EngineConnection.offPool` runs a render on a thread of its own for that.
public final class EngineConnection: QueryConnection, @unchecked Sendable {
    let engine: any Engine
    /// Every statement templates ran, in order, for `target/run/` and `--debug`.
    public let log = StatementLog()

    public init(engine: any Engine) { self.engine = engine }

    public func runQuery(_ sql: String) throws -> LiveQueryResult {
        log.record(sql)
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        let engine = self.engine
        Task.detached {
            do {
                box.result = .success(try await engine.query(sql, limit: nil))
            } catch {
                box.result = .failure(error)
            }
            done.signal()
        }
        done.wait()
        switch box.result {
        case .success(let r): return LiveQueryResult(columns: r.columns, rows: r.rows, message: "OK")
        case .failure(let e as EngineError): throw QueryConnectionError(e.message)
        case .failure(let e): throw QueryConnectionError("\(e)")
        case nil: throw QueryConnectionError("the query ended without a result")
        }
    }

    /// Runs `body` on a new thread and resumes when it returns, so a render that blocks on queries
    /// never holds a cooperative-pool thread.
    public static func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    private final class ResultBox: @unchecked Sendable {
        var result: Result<QueryResult, any Error>?
    }
}
