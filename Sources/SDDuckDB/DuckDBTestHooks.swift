import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Test-only switches, read from the environment the engine is given; all are off unless set. They
/// let the crash and fault tests reach exact points of a real run (docs/duckdb-driver.md, "Test hooks"):
///
/// - `SWIFTDBT_TEST_TRACE=<file>`: append `<n>\t<first line of statement n>` for every statement the
///   engine sends, numbered from 1 in sending order.
/// - `SWIFTDBT_TEST_KILL_AT=<n>[:<ms>]`: SIGKILL swiftdbt itself at statement n: before sending it when
///   `ms` is 0 or absent, else `ms` milliseconds after it was sent (usually while DuckDB runs it).
/// - `SWIFTDBT_TEST_FAIL=<text>`: every statement containing `text` is replaced by one that DuckDB
///   itself refuses (`select error(…)`), so the real error path runs.
final class DuckDBTestHooks: @unchecked Sendable {
    private let tracePath: String?
    private let killAt: Int?
    private let killDelayMs: Int
    private let failing: String?
    private let lock = NSLock()
    private var count = 0

    init(environment: [String: String]) {
        tracePath = environment["SWIFTDBT_TEST_TRACE"].flatMap { $0.isEmpty ? nil : $0 }
        let kill = (environment["SWIFTDBT_TEST_KILL_AT"] ?? "").split(separator: ":").map(String.init)
        killAt = kill.first.flatMap { Int($0) }
        killDelayMs = kill.count > 1 ? Int(kill[1]) ?? 0 : 0
        failing = environment["SWIFTDBT_TEST_FAIL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    var isActive: Bool { tracePath != nil || killAt != nil || failing != nil }

    /// Called before each statement is sent; returns the statement to send.
    func beforeStatement(_ sql: String) -> String {
        guard isActive else { return sql }
        let n: Int = lock.withLock {
            count += 1
            return count
        }
        if let tracePath {
            let first = sql.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
            Self.append("\(n)\t\(first)\n", to: tracePath)
        }
        if let killAt, n == killAt {
            if killDelayMs <= 0 {
                kill(getpid(), SIGKILL)
            }
            let delay = killDelayMs
            Thread.detachNewThread {
                usleep(useconds_t(delay) * 1000)
                kill(getpid(), SIGKILL)
            }
        }
        if let failing, sql.contains(failing) {
            return "select error('swiftdbt test fault: refused a statement containing ' || \(DuckDBEngine.literal(.string(failing))))"
        }
        return sql
    }

    private static func append(_ line: String, to path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let bytes = Array(line.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}
