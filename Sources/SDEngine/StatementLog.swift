import Foundation

/// Collects the statements a node executed, in order, for `target/run/<path>` and run_results.
public final class StatementLog: @unchecked Sendable {
    private let lock = NSLock()
    private var statements: [String] = []

    public init() {}

    public func record(_ sql: String) {
        lock.lock()
        statements.append(sql)
        lock.unlock()
    }

    public var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return statements
    }

    /// The statements as one file: each ends with `;` and a blank line separates them.
    public var script: String {
        all.map { s in
            let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
            return t.hasSuffix(";") ? t : t + ";"
        }.joined(separator: "\n\n") + "\n"
    }
}
