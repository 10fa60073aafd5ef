import Foundation

/// Work started on another thread now and collected later: `value()` waits for it and returns
/// what it made or rethrows what it threw. For independent steps that overlap on two cores (the
/// compile's index and saved graph beside its compiled files and manifest, CompileCommand.swift; a
/// run's engine opening while the last compile is read, Execution+LastCompile.swift).
public final class Background<Value>: @unchecked Sendable {
    private let done = DispatchGroup()
    /// Written once by the work before `done.leave()`, read only after `done.wait()`.
    private var made: Result<Value, any Error>?

    public init(_ work: @escaping @Sendable () throws -> Value) {
        done.enter()
        DispatchQueue.global().async {
            self.made = Result { try work() }
            self.done.leave()
        }
    }

    /// Waits for the work; the group's wait orders its write before this read.
    public func value() throws -> Value {
        done.wait()
        guard let made else { preconditionFailure("Background work left no result") }
        return try made.get()
    }
}
