import Foundation

/// Work started on another thread now and collected later: `value()` waits for it and returns
/// what it made or rethrows what it threw. For independent steps that overlap on two cores (the
/// compile's index and saved graph beside its compiled files and manifest, CompileCommand.swift; a
/// run's engine opening while the last compile is read, Execution+LastCompile.swift).
public final class Background<Value>: @unchecked Sendable {
    private let done = DispatchGroup()
    /// Written once by the work before `done.leave()`, read only after `done.wait()`.
    private var made: Result<Value, any Error>?

    /// `ownThread`: on a thread of its own rather than the shared pool, for work that runs beside
    /// work that itself spreads over the pool (`DispatchQueue.concurrentPerform`): the pool has as
    /// many threads as cores, so work parked on one of them leaves the other work a core short, and
    /// a thread of the pool waiting in `value()` does not free its place either.
    public init(ownThread: Bool = false, _ work: @escaping @Sendable () throws -> Value) {
        done.enter()
        guard ownThread else {
            DispatchQueue.global().async {
                self.made = Result { try work() }
                self.done.leave()
            }
            return
        }
        let thread = Thread {
            self.made = Result { try work() }
            self.done.leave()
        }
        // Foundation's default on Linux is 512 KiB; a main thread has 8 MiB.
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Waits for the work; the group's wait orders its write before this read.
    public func value() throws -> Value {
        done.wait()
        guard let made else { preconditionFailure("Background work left no result") }
        return try made.get()
    }
}
