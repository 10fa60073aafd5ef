import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One long-lived `duckdb` CLI process on one database, driven over pipes.
///
/// Each request writes one statement, then `.print <marker>` with a fresh random marker, and reads
/// stdout up to the marker line. The CLI writes a statement's error to stderr before it reaches the
/// marker, so once the marker is read the stderr pipe already holds all of that statement's error
/// text; it is drained then and belongs to that statement only. See docs/duckdb-driver.md.
///
/// Requests are serialized (one statement at a time on the process, guarded by a lock); DuckDB
/// itself runs each statement on all cores (its `threads` setting). The blocking methods suit a
/// dedicated thread; the `async` overloads run them on the connection's own queue and interrupt the
/// statement when the task is cancelled.
public final class DuckDBProcess: @unchecked Sendable {
    public let executable: DuckDBExecutable
    /// The database file, or `:memory:`.
    public let database: String

    private let child: DuckDBChild
    let queue: DispatchQueue

    /// Held for a whole request, so requests never interleave.
    private let callLock = NSLock()
    /// Guards the fields below, which `interrupt()` touches from another thread.
    private let stateLock = NSLock()
    private var inFlight = false
    private var interruptRequested = false
    /// Set once the process is gone (closed or died); later calls fail with it.
    private var terminalError: DuckDBError?

    /// Starts `duckdb` on `database` (a file path or `:memory:`) with `environment` as its whole
    /// environment. The database's parent directory must exist.
    public init(executable: DuckDBExecutable, database: String, environment: [String: String]) throws(DuckDBError) {
        self.executable = executable
        self.database = database
        Self.ignoreSIGPIPE()
        // -interactive: with stdin a pipe the CLI otherwise exits on SIGINT; in interactive mode
        // SIGINT cancels the running statement and the CLI reads on (measured, duckdb-cli 1.5.6).
        // -no-init: a user's ~/.duckdbrc must not change the output mode under us.
        // Interactive mode keeps a history file, by default ~/.duckdb_history: every statement (seed
        // data included) would be appended to it, and loading a large one took seconds at each
        // start (measured: 6.7 s for 1.6 MB). An empty DUCKDB_HISTORY turns the history off (checked:
        // nothing is read or written). Not /dev/null: the CLI chmods its history file to 0600, which
        // on /dev/null breaks every other program on the machine.
        var childEnvironment = environment
        childEnvironment["DUCKDB_HISTORY"] = ""
        child = try DuckDBChild.spawn(
            path: executable.path, arguments: ["-json", "-interactive", "-no-init", database], environment: childEnvironment)
        queue = DispatchQueue(label: "swiftdbt.duckdb")
        // The banner and colour reset that interactive mode prints come before the first marker and
        // are dropped with it; so is stderr up to it. The progress bar is switched off so that it
        // can never write between results.
        callLock.lock()
        defer { callLock.unlock() }
        let marker = Self.newMarker()
        do {
            _ = try roundTrip(Array("SET enable_progress_bar = false;\n.print \(marker)\n".utf8), marker: marker, anywhereInLine: true)
        } catch .processExited(_, let stderr) {
            // The CLI exits at once when it cannot open the database, saying why on stderr.
            child.finish(grace: 0)
            throw .openFailed(database: database, message: stderr.trimmingTrailingNewlines())
        } catch {
            child.finish(grace: 0)
            throw error
        }
    }

    deinit {
        child.finish(grace: 0)
    }

    // MARK: Statements

    /// Runs one statement or a script and returns the last statement's rows (empty for DDL and DML).
    ///
    /// A script is split into statements the way the CLI splits its input (see `DuckDBScript`) and
    /// they run one at a time; the first failure stops it and is thrown with that statement and its
    /// index, the statements before it having taken effect (wrap the script in BEGIN/COMMIT for
    /// all or nothing).
    public func execute(_ sql: String) throws(DuckDBError) -> DuckDBResult {
        try executeScript(sql).last ?? DuckDBResult()
    }

    /// Runs a script like `execute` and returns one result per statement, in order.
    public func executeScript(_ sql: String) throws(DuckDBError) -> [DuckDBResult] {
        let script = DuckDBScript(sql)
        if let reason = script.incompleteReason { throw .incompleteStatement(reason: reason, statement: sql) }
        if let line = script.dotCommand { throw .dotCommand(line: line) }
        var out: [DuckDBResult] = []
        out.reserveCapacity(script.statements.count)
        for (i, statement) in script.statements.enumerated() {
            do {
                out.append(try run(statement))
            } catch .statementFailed(let message, let failed, _) {
                throw .statementFailed(message: message, statement: failed, index: i)
            }
        }
        return out
    }

    /// Runs statements (each may be a script) in order and stops at the first that fails; the
    /// error's `index` is the failing element (the elements after it are not sent).
    public func executeEach(_ statements: [String]) throws(DuckDBError) -> [DuckDBResult] {
        var out: [DuckDBResult] = []
        out.reserveCapacity(statements.count)
        for (i, statement) in statements.enumerated() {
            do {
                out.append(try execute(statement))
            } catch .statementFailed(let message, let failed, _) {
                throw .statementFailed(message: message, statement: failed, index: i)
            }
        }
        return out
    }

    /// The names and DuckDB types of a query's columns, without running it (`DESCRIBE <query>`).
    public func describe(_ query: String) throws(DuckDBError) -> [DuckDBColumn] {
        let script = DuckDBScript(query)
        guard script.statements.count == 1, let statement = script.statements.first else {
            throw .statementFailed(message: "describe takes exactly one query", statement: query, index: nil)
        }
        let result = try execute("DESCRIBE " + statement)
        guard let columns = result.describedColumns else { throw .malformedOutput(reason: "DESCRIBE returned columns \(result.columns)") }
        return columns
    }

    // MARK: Interrupt and shutdown

    /// Cancels the statement running now, if any: its caller gets `.interrupted` and the process
    /// stays usable. Does nothing between statements, so a late Ctrl-C cannot hit the next one.
    public func interrupt() {
        stateLock.lock()
        defer { stateLock.unlock() }
        guard inFlight, !interruptRequested else { return }
        interruptRequested = true
        // One SIGINT per request: the CLI exits after repeated SIGINTs while it waits for input.
        child.send(SIGINT)
    }

    /// Ends the process gracefully (`.quit`, which checkpoints a file database), or terminates it
    /// when it has not exited after `timeout` seconds. Later calls fail with `.closed`.
    public func close(timeout: Double = 10) {
        callLock.lock()
        defer { callLock.unlock() }
        if terminalError == nil {
            let quit = Array(".quit\n".utf8)
            _ = quit.withUnsafeBytes { write(child.stdinFD, $0.baseAddress, $0.count) }
        }
        terminalError = .closed
        child.finish(grace: timeout)
    }

    /// The CLI's process id.
    public var processIdentifier: Int32 { child.pid }

    // MARK: Requests

    /// Sends one complete statement (no trailing `;` needed) and reads its result or error.
    private func run(_ statement: String) throws(DuckDBError) -> DuckDBResult {
        callLock.lock()
        defer { callLock.unlock() }
        if let terminalError { throw terminalError }
        // A statement ending in a line comment needs a newline before its `;`; otherwise the `;`
        // stays on the statement's line so DuckDB's error excerpts quote the line as written.
        let terminator = DuckDBScript(statement).endsInLineComment ? "\n;" : ";"
        let request = Array("\(statement)\(terminator)\n.print ".utf8)
        let marker = Self.newMarker()
        stateLock.lock()
        inFlight = true
        interruptRequested = false
        stateLock.unlock()
        let output: (out: [UInt8], err: [UInt8])
        do {
            output = try roundTrip(request + Array("\(marker)\n".utf8), marker: marker, anywhereInLine: false)
        } catch {
            stateLock.lock()
            inFlight = false
            stateLock.unlock()
            throw error
        }
        stateLock.lock()
        inFlight = false
        let wasInterrupted = interruptRequested
        interruptRequested = false
        stateLock.unlock()
        if wasInterrupted { throw .interrupted(statement: statement) }
        if !output.err.isEmpty {
            let message = String(decoding: output.err, as: UTF8.self).trimmingTrailingNewlines()
            throw .statementFailed(message: message, statement: statement, index: nil)
        }
        let results = try DuckDBResult.results(in: output.out)
        guard results.count <= 1 else {
            throw .malformedOutput(reason: "one statement printed \(results.count) result sets")
        }
        return results.first ?? DuckDBResult()
    }

    /// Writes `request` and reads until the marker line, with one poll loop over all three pipes so
    /// that a large request cannot deadlock against a large result. Returns stdout before the
    /// marker and everything stderr held when the marker arrived.
    private func roundTrip(_ request: [UInt8], marker: String, anywhereInLine: Bool) throws(DuckDBError) -> (out: [UInt8], err: [UInt8]) {
        let needle = Array(((anywhereInLine ? "" : "\n") + marker + "\n").utf8)
        // A leading newline lets the first line match the same needle as every later one.
        var out: [UInt8] = anywhereInLine ? [] : [0x0A]
        var err: [UInt8] = []
        var written = 0
        var stdoutOpen = true
        var stderrOpen = true
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var searchFrom = 0
        while stdoutOpen {
            var fds = [
                pollfd(fd: child.stdoutFD, events: Int16(POLLIN), revents: 0),
                pollfd(fd: stderrOpen ? child.stderrFD : -1, events: Int16(POLLIN), revents: 0),
                pollfd(fd: written < request.count ? child.stdinFD : -1, events: Int16(POLLOUT), revents: 0),
            ]
            let r = poll(&fds, nfds_t(fds.count), -1)
            if r < 0 {
                if errno == EINTR { continue }
                break
            }
            if fds[2].revents != 0 {
                let n = request.withUnsafeBytes { buffer -> Int in
                    guard let base = buffer.baseAddress else { return 0 }
                    return write(child.stdinFD, base + written, buffer.count - written)
                }
                if n > 0 {
                    written += n
                } else if n < 0, errno != EAGAIN, errno != EINTR {
                    written = request.count  // EPIPE: the process is gone, and stdout's EOF will say so
                }
            }
            if fds[1].revents != 0 { stderrOpen = Self.drain(child.stderrFD, into: &err, chunk: &chunk) }
            if fds[0].revents != 0 {
                let before = out.count
                stdoutOpen = Self.drain(child.stdoutFD, into: &out, chunk: &chunk)
                if out.count > before, let at = Self.find(needle, in: out, from: searchFrom) {
                    _ = Self.drain(child.stderrFD, into: &err, chunk: &chunk)
                    let start = anywhereInLine ? 0 : 1
                    return (Array(out[start..<max(start, at)]), err)
                }
                searchFrom = max(0, out.count - needle.count)
            }
        }
        // stdout ended before the marker: the process died.
        _ = Self.drain(child.stderrFD, into: &err, chunk: &chunk)
        let failure = DuckDBError.processExited(status: child.waitForExit(seconds: 2), stderr: String(decoding: err, as: UTF8.self))
        terminalError = failure
        throw failure
    }

    /// Reads what is available now; false at end of file.
    private static func drain(_ fd: Int32, into buffer: inout [UInt8], chunk: inout [UInt8]) -> Bool {
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
                continue
            }
            if n == 0 { return false }
            if errno == EINTR { continue }
            return errno == EAGAIN || errno == EWOULDBLOCK
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, haystack.count - from >= needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                var p = from
                let last = h.count - n.count
                while p <= last {
                    if h[p] == first {
                        var k = 1
                        while k < n.count, h[p + k] == n[k] { k += 1 }
                        if k == n.count { return p }
                    }
                    p += 1
                }
                return nil
            }
        }
    }

    private static func newMarker() -> String {
        var g = SystemRandomNumberGenerator()
        return "swiftdbt-end-" + String(g.next() as UInt64, radix: 16) + "-" + String(g.next() as UInt64, radix: 16)
    }

    /// A write to the stdin of a process that has died raises SIGPIPE, whose default action ends
    /// the whole program; ignoring it turns that into EPIPE, which the read side then reports.
    private static func ignoreSIGPIPE() { _ = sigpipeIgnored }
    private static let sigpipeIgnored: Bool = {
        signal(SIGPIPE, SIG_IGN)
        return true
    }()
}
