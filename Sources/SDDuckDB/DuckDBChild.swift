import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The CLI's process and the parent's ends of its three pipes, started with posix_spawn.
///
/// Foundation's `Process` passes on the spawning thread's signal mask, and Swift's worker threads
/// block SIGINT, so a CLI started that way kept SIGINT pending and `interrupt()` only took effect
/// seconds later (measured). posix_spawn lets the child start with an empty mask and default
/// dispositions, and in its own process group, so a Ctrl-C in the terminal reaches swiftdbt only
/// and swiftdbt decides whether to interrupt the statement.
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

        #if canImport(Darwin)
            var actions: posix_spawn_file_actions_t? = nil
            var attr: posix_spawnattr_t? = nil
        #else
            var actions = posix_spawn_file_actions_t()
            var attr = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attr)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attr)
        }
        posix_spawn_file_actions_adddup2(&actions, childIn, 0)
        posix_spawn_file_actions_adddup2(&actions, childOut, 1)
        posix_spawn_file_actions_adddup2(&actions, childErr, 2)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGPIPE, SIGTERM, SIGQUIT] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setpgroup(&attr, 0)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.keys.sorted().map { strdup("\($0)=\(environment[$0] ?? "")") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attr, argv, envp)
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
