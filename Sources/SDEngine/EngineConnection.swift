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
    /// Every statement templates ran, in order (not yet written to `target/run/`).
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

/// A connection opened on the first query, for `compile`: dbt's compile connects to the warehouse, but
/// most projects never query while compiling, so swiftdbt opens the target only when a template asks.
/// A target that cannot be opened fails the query (the opener reports why) and is not tried again.
public final class LazyEngineConnection: QueryConnection, @unchecked Sendable {
    private let open: @Sendable () throws -> any Engine
    private let lock = NSLock()
    private var engine: (any Engine)?
    private var failed = false

    public init(open: @escaping @Sendable () throws -> any Engine) { self.open = open }

    /// Whether a template queried the target (its output then depends on the data: never cached).
    public var wasUsed: Bool { lock.withLock { engine != nil || failed } }

    public func runQuery(_ sql: String) throws -> LiveQueryResult {
        let live: any Engine = try lock.withLock {
            if let engine { return engine }
            guard !failed else { throw QueryConnectionError("the target could not be opened (see the error above)") }
            do {
                let opened = try open()
                engine = opened
                return opened
            } catch {
                failed = true
                throw QueryConnectionError("the target could not be opened (see the error above)")
            }
        }
        return try EngineConnection(engine: live).runQuery(sql)
    }

    /// Ends the session if one was opened.
    public func close() async {
        let live = lock.withLock { engine }
        if let live { await live.close() }
    }
}
