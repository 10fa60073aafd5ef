import CSDProcess
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The CLI's process and the parent's ends of its three pipes, started by `csd_spawn` (Sources/CSDProcess)
/// on the spawner thread (`DuckDBSpawner`).
///
/// Foundation's `Process` passes on the spawning thread's signal mask, and Swift's worker threads
/// block SIGINT, so a CLI started that way kept SIGINT pending and `interrupt()` only took effect
/// seconds later (measured). The child starts with an empty mask and default dispositions, and in
/// its own process group, so a Ctrl-C in the terminal reaches swiftdbt only and swiftdbt decides
/// whether to interrupt the statement. On Linux it also gets SIGKILL when swiftdbt dies, however
/// it dies (PR_SET_PDEATHSIG), so no CLI outlives the run and keeps the database locked.
final class DuckDBChild: @unchecked Sendable {
    let pid: pid_t
    let stdinFD: Int32
    let stdoutFD: Int32
    let stderrFD: Int32

    private let lock = NSLock()
    private var reaped: Int32?
    private var stdinOpen = true
    private var finished = false

    private init(pid: pid_t, stdinFD: Int32, stdoutFD: Int32, stderrFD: Int32) {
        self.pid = pid
        self.stdinFD = stdinFD
        self.stdoutFD = stdoutFD
        self.stderrFD = stderrFD
    }

    static func spawn(path: String, arguments: [String], environment: [String: String]) throws(DuckDBError) -> DuckDBChild {
        var fds: [[Int32]] = []
        for _ in 0..<3 {
            var pair: [Int32] = [-1, -1]
            guard pipe(&pair) == 0 else {
                let reason = String(cString: strerror(errno))
                for p in fds { p.forEach { _ = close($0) } }
                throw .launchFailed(path: path, reason: "pipe: \(reason)")
            }
            // Close-on-exec keeps these ends out of any other child this program starts.
            for fd in pair { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            fds.append(pair)
        }
        let (childIn, parentIn) = (fds[0][0], fds[0][1])
        let (parentOut, childOut) = (fds[1][0], fds[1][1])
        let (parentErr, childErr) = (fds[2][0], fds[2][1])

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.keys.sorted().map { strdup("\($0)=\(environment[$0] ?? "")") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        let (pid, spawnErrno) = DuckDBSpawner.shared.run { () -> (pid_t, Int32) in
            var error: Int32 = 0
            let pid = argv.withUnsafeBufferPointer { a in
                envp.withUnsafeBufferPointer { e in
                    csd_spawn(path, a.baseAddress, e.baseAddress, childIn, childOut, childErr, &error)
                }
            }
            return (pid, error)
        }
        let rc: Int32 = pid < 0 ? spawnErrno : 0
        for fd in [childIn, childOut, childErr] { _ = close(fd) }
        guard rc == 0 else {
            for fd in [parentIn, parentOut, parentErr] { _ = close(fd) }
            throw .launchFailed(path: path, reason: String(cString: strerror(rc)))
        }
        for fd in [parentIn, parentOut, parentErr] {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        return DuckDBChild(pid: pid, stdinFD: parentIn, stdoutFD: parentOut, stderrFD: parentErr)
    }

    /// The exit status once the process has ended (128 + n when killed by signal n), else nil.
    func exitStatus() -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let reaped { return reaped }
        var status: Int32 = 0
        let r = waitpid(pid, &status, WNOHANG)
        guard r == pid else { return nil }
        let signal = status & 0x7F
        reaped = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        return reaped
    }

    var isRunning: Bool { exitStatus() == nil }

    /// Waits up to `seconds` for the process to end; its status, or nil if it still runs.
    func waitForExit(seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let s = exitStatus() { return s }
            if Date() >= deadline { return nil }
            usleep(2_000)
        }
    }

    /// Sends a signal unless the process has been reaped (its pid could belong to another by then).
    func send(_ signal: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if reaped == nil { kill(pid, signal) }
    }

    func closeStdin() {
        lock.lock()
        defer { lock.unlock() }
        if stdinOpen {
            stdinOpen = false
            _ = close(stdinFD)
        }
    }

    /// Ends the process if needed, reaps it, and closes the pipes.
    func finish(grace: Double) {
        closeStdin()
        if waitForExit(seconds: grace) == nil {
            send(SIGTERM)
            if waitForExit(seconds: 2) == nil {
                send(SIGKILL)
                _ = waitForExit(seconds: 5)
            }
        }
        lock.lock()
        defer { lock.unlock() }
        if !finished {
            finished = true
            _ = close(stdoutFD)
            _ = close(stderrFD)
        }
    }
}
