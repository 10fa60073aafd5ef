import Foundation

/// Holds values until the process exits, so they are never torn down: a compile's project of 10,000
/// nodes is hundreds of thousands of small objects, and releasing them one by one just before
/// exiting cost 2-3 % of a compile (bench/README.md) for memory the exit returns at once. Compilers
/// do the same (clang's -disable-free). Only for what a command holds at its very end.
public enum ExitKeeper {
    private static let kept = Mutex()

    /// Keeps `value` alive until exit.
    public static func keep(_ value: some Sendable) { kept.append(value) }

    private final class Mutex: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [any Sendable] = []
        func append(_ v: any Sendable) { lock.withLock { values.append(v) } }
    }
}
