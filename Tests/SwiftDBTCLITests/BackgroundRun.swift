import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A `swiftdbt` started in the background, so a test can signal or kill it mid-run and look at the
/// processes it left (through /proc). Blocking: call it inside `CLI.offPool`.
final class BackgroundRun: @unchecked Sendable {
    let process = Process()
    private let lock = NSLock()
    private var stdoutText = ""
    private var stderrText = ""
    private let readers = DispatchGroup()

    init(_ args: [String], root: String, env: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = args
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFTDBT_DUCKDB"] = CLI.duckdb
        environment["NO_COLOR"] = "1"
        for (k, v) in env { environment[k] = v }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Readers on their own threads: a descendant that inherited a pipe (an orphaned CLI) must not
        // make the test hang; `finish` stops waiting for them after a short while.
        for (handle, isOut) in [(out.fileHandleForReading, true), (err.fileHandleForReading, false)] {
            readers.enter()
            Thread.detachNewThread { [self] in
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    let text = String(decoding: chunk, as: UTF8.self)
                    lock.withLock { if isOut { stdoutText += text } else { stderrText += text } }
                }
                readers.leave()
            }
        }
    }

    var pid: Int32 { process.processIdentifier }

    var seen: String { lock.withLock { stdoutText } }

    /// Waits until stdout shows `text` (true), or the process ended or 60 s passed (false).
    func waitFor(_ text: String) -> Bool {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if seen.contains(text) { return true }
            if exitStatus() != nil { return seen.contains(text) }
            usleep(20_000)
        }
        return false
    }

    private var reaped: Int32?

    /// The exit status once the process has ended (128 + n when killed by signal n).
    ///
    /// Reaped with waitpid here rather than through Foundation: on Linux, Foundation's `Process`
    /// notices the exit only when every copy of a descriptor it gave the child is closed, so a
    /// grandchild that inherited one (an orphaned CLI) would make `waitUntilExit` hang the test.
    private func exitStatus() -> Int32? {
        if let reaped { return reaped }
        var status: Int32 = 0
        let r = waitpid(pid, &status, WNOHANG)
        if r == pid {
            let signal = status & 0x7F
            reaped = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        } else if r < 0, !process.isRunning {
            // Foundation reaped it first.
            reaped = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        }
        return reaped
    }

    /// Waits for the exit (killing the process after `seconds`); the status (128 + n when killed by
    /// signal n), stdout and stderr.
    func finish(seconds: Double = 60) -> (status: Int32, stdout: String, stderr: String) {
        let deadline = Date().addingTimeInterval(seconds)
        while exitStatus() == nil, Date() < deadline { usleep(20_000) }
        if exitStatus() == nil {
            kill(pid, SIGKILL)
            while exitStatus() == nil { usleep(20_000) }
        }
        _ = readers.wait(timeout: .now() + 2)
        return lock.withLock { (reaped ?? -1, stdoutText, stderrText) }
    }
}

/// The live processes whose command line mentions `text` (e.g. a run's database path), from /proc.
enum ProcessTable {
    static func pids(mentioning text: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: data, as: UTF8.self).contains(text) && !isZombie(pid)
        }
    }

    static func isZombie(_ pid: Int32) -> Bool {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return true }
        let stat = String(decoding: data, as: UTF8.self)
        guard let close = stat.range(of: ")", options: .backwards) else { return true }
        return stat[close.upperBound...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }

    /// Polls until no process mentions `text` or `seconds` pass; what is left.
    static func waitUntilGone(_ text: String, seconds: Double) -> [Int32] {
        let deadline = Date().addingTimeInterval(seconds)
        var left = pids(mentioning: text)
        while !left.isEmpty, Date() < deadline {
            usleep(50_000)
            left = pids(mentioning: text)
        }
        return left
    }

    /// Ends what a failed test left behind, so one failure does not lock the next test's files.
    static func killAll(mentioning text: String) {
        for pid in pids(mentioning: text) { kill(pid, SIGKILL) }
    }
}
