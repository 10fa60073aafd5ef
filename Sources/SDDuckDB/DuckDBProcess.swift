import Foundation
import SDBasics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One long-lived `duckdb` CLI process on one database, driven over pipes.
///
/// Each call writes the SQL, then `.print <marker>` with a fresh random marker, and reads stdout
/// up to the marker line. The CLI writes a statement's error to stderr before it reaches the
/// marker, so once the marker is read the stderr pipe already holds all of this call's error text;
/// it is drained then and belongs to this call only. See docs/duckdb-driver.md.
///
/// Calls are serialized (one statement at a time on the process, guarded by a lock); DuckDB itself
/// runs each statement on all cores. The blocking methods suit a dedicated thread; the `async`
/// overloads run them on the connection's own queue and interrupt on task cancellation.
public final class DuckDBProcess: @unchecked Sendable {
    public let executable: DuckDBExecutable
    /// The database file, or `:memory:`.
    public let database: String

    private let process: Process
    private let stdinPipe: Pipe
    private let stdoutPipe: Pipe
    private let stderrPipe: Pipe
    private let stdinFD: Int32
    private let stdoutFD: Int32
    private let stderrFD: Int32
    let queue: DispatchQueue

    /// Held for a whole request, so requests never interleave.
    private let callLock = NSLock()
    /// Guards the fields below, which `interrupt()` reads from another thread.
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
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable.path)
        // -interactive: with stdin a pipe the CLI otherwise exits on SIGINT; in interactive mode
        // SIGINT cancels the running statement and the CLI reads on (measured, duckdb-cli 1.5.6).
        // -no-init: a user's ~/.duckdbrc must not change output modes under us.
        p.arguments = ["-json", "-interactive", "-no-init", database]
        p.environment = environment
        let inPipe = Pipe()
        let outPipe = Pipe()
        let errPipe = Pipe()
        p.standardInput = inPipe
        p.standardOutput = outPipe
        p.standardError = errPipe
        do {
            try p.run()
        } catch {
            throw .launchFailed(path: executable.path, reason: "\(error)")
        }
        process = p
        stdinPipe = inPipe
        stdoutPipe = outPipe
        stderrPipe = errPipe
        stdinFD = inPipe.fileHandleForWriting.fileDescriptor
        stdoutFD = outPipe.fileHandleForReading.fileDescriptor
        stderrFD = errPipe.fileHandleForReading.fileDescriptor
        queue = DispatchQueue(label: "swiftdbt.duckdb")
        for fd in [stdinFD, stdoutFD, stderrFD] {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        // The banner and the reset escape the interactive CLI prints come before the first marker
        // and are dropped with it. The progress bar is switched off so it never writes mid-result.
        callLock.lock()
        defer { callLock.unlock() }
        let marker = Self.newMarker()
        do {
            _ = try roundTrip(Array("SET enable_progress_bar = false;\n.print \(marker)\n".utf8), marker: marker, anywhereInLine: true)
        } catch {
            stopProcess()
            throw error
        }
    }

    deinit {
        if terminalError == nil { stopProcess() }
    }

    // MARK: Statements

    /// Runs one statement or a script and returns the last result set (empty for DDL and DML).
    ///
    /// A script runs as the CLI runs it: a failing statement does not stop the ones after it, and
    /// the error then names all failures in DuckDB's words. Use `executeEach` to stop at the first.
    public func execute(_ sql: String) throws(DuckDBError) -> DuckDBResult {
        try executeScript(sql).last ?? DuckDBResult()
    }

    /// Runs a script and returns every result set it produced, in order.
    public func executeScript(_ sql: String) throws(DuckDBError) -> [DuckDBResult] {
        let script = DuckDBScript(sql)
        if let reason = script.incompleteReason { throw .incompleteStatement(reason: reason, statement: sql) }
        if let line = script.dotCommand { throw .dotCommand(line: line) }
        if script.statements.isEmpty { return [] }
        let (results, errorText) = try send(sql + (script.needsTerminator ? "\n;" : ""), statement: sql)
        if let errorText { throw .statementFailed(message: errorText, statement: sql, index: nil) }
        return results
    }

    /// Runs statements one request at a time and stops at the first that fails; the error's
    /// `index` says which (statements after it were not sent).
    public func executeEach(_ statements: [String]) throws(DuckDBError) -> [DuckDBResult] {
        var out: [DuckDBResult] = []
        out.reserveCapacity(statements.count)
        for (i, statement) in statements.enumerated() {
            do {
                out.append(try execute(statement))
            } catch .statementFailed(let message, let sql, _) {
                throw .statementFailed(message: message, statement: sql, index: i)
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
        guard let names = result.column("column_name"), let types = result.column("column_type") else {
            return []
        }
        return zip(names, types).map { DuckDBColumn(name: $0.description, type: $1.description) }
    }

    // MARK: Interrupt and shutdown

    /// Cancels the statement running now, if any: its caller gets `.interrupted` and the process
    /// stays usable. Does nothing between statements (so a late Ctrl-C cannot hit the next one).
    public func interrupt() {
        stateLock.lock()
        defer { stateLock.unlock() }
        guard inFlight, !interruptRequested, process.isRunning else { return }
        interruptRequested = true
        // One SIGINT per request: the CLI exits after repeated SIGINTs while idle.
        kill(process.processIdentifier, SIGINT)
    }

    /// Ends the process gracefully (`.quit`, which checkpoints the database), or terminates it when
    /// it does not exit within `timeout` seconds. Later calls fail with `.closed`.
    public func close(timeout: Double = 10) {
        callLock.lock()
        defer { callLock.unlock() }
        guard terminalError == nil else { return }
        terminalError = .closed
        _ = ".quit\n".withCString { write(stdinFD, $0, strlen($0)) }
        try? stdinPipe.fileHandleForWriting.close()
        if !waitForExit(seconds: timeout) { stopProcess() }
    }

    /// The process id, for tests that kill it.
    public var processIdentifier: Int32 { process.processIdentifier }

    // MARK: Requests

    private func send(_ text: String, statement: String) throws(DuckDBError) -> ([DuckDBResult], String?) {
        callLock.lock()
        defer { callLock.unlock() }
        if let terminalError { throw terminalError }
        let marker = Self.newMarker()
        stateLock.lock()
        inFlight = true
        interruptRequested = false
        stateLock.unlock()
        let output: (out: [UInt8], err: [UInt8])
        do {
            output = try roundTrip(Array("\(text)\n.print \(marker)\n".utf8), marker: marker, anywhereInLine: false)
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
        let errorText = output.err.isEmpty ? nil : String(decoding: output.err, as: UTF8.self).trimmingTrailingNewlines()
        let results = try DuckDBJSONReader.results(in: output.out)
        return (results, errorText)
    }

    /// Writes `request` and reads until the marker line, with one poll loop over all three pipes so
    /// that a large request cannot deadlock against a large result. Returns stdout before the
    /// marker and everything stderr held when the marker arrived.
    private func roundTrip(_ request: [UInt8], marker: String, anywhereInLine: Bool) throws(DuckDBError) -> (out: [UInt8], err: [UInt8]) {
        let needle = Array(((anywhereInLine ? "" : "\n") + marker + "\n").utf8)
        var out: [UInt8] = []
        var err: [UInt8] = []
        var written = 0
        var stdoutOpen = true
        var stderrOpen = true
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        // A leading newline lets the first line match the same needle as every later one.
        if !anywhereInLine { out.append(0x0A) }
        var searchFrom = 0
        while true {
            var fds = [
                pollfd(fd: stdoutOpen ? stdoutFD : -1, events: Int16(POLLIN), revents: 0),
                pollfd(fd: stderrOpen ? stderrFD : -1, events: Int16(POLLIN), revents: 0),
                pollfd(fd: written < request.count ? stdinFD : -1, events: Int16(POLLOUT), revents: 0),
            ]
            if !stdoutOpen { break }
            let r = poll(&fds, nfds_t(fds.count), -1)
            if r < 0 {
                if errno == EINTR { continue }
                break
            }
            if fds[2].revents != 0 {
                let n = request.withUnsafeBytes { write(stdinFD, $0.baseAddress! + written, request.count - written) }
                if n > 0 {
                    written += n
                } else if n < 0, errno != EAGAIN, errno != EINTR {
                    written = request.count  // EPIPE: the process is gone; stdout's EOF will say so
                }
            }
            if fds[1].revents != 0 { stderrOpen = drain(stderrFD, into: &err, chunk: &chunk) }
            if fds[0].revents != 0 {
                let before = out.count
                stdoutOpen = drain(stdoutFD, into: &out, chunk: &chunk)
                if out.count > before, let at = Self.find(needle, in: out, from: searchFrom) {
                    _ = drain(stderrFD, into: &err, chunk: &chunk)
                    let start = anywhereInLine ? 0 : 1
                    return (Array(out[start..<max(start, at)]), err)
                }
                searchFrom = max(0, out.count - needle.count)
            }
        }
        // stdout ended before the marker: the process died.
        _ = drain(stderrFD, into: &err, chunk: &chunk)
        let status: Int32? = waitForExit(seconds: 2) ? process.terminationStatus : nil
        let failure = DuckDBError.processExited(status: status, stderr: String(decoding: err, as: UTF8.self))
        terminalError = failure
        throw failure
    }

    /// Reads what is available now; false at end of file.
    private func drain(_ fd: Int32, into buffer: inout [UInt8], chunk: inout [UInt8]) -> Bool {
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

    private func waitForExit(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning {
            if Date() >= deadline { return false }
            usleep(5_000)
        }
        return true
    }

    private func stopProcess() {
        if process.isRunning {
            process.terminate()
            if !waitForExit(seconds: 2) {
                kill(process.processIdentifier, SIGKILL)
                _ = waitForExit(seconds: 2)
            }
        }
        try? stdinPipe.fileHandleForWriting.close()
    }

    private static func newMarker() -> String {
        var g = SystemRandomNumberGenerator()
        let hex = (0..<2).map { _ in String(g.next() as UInt64, radix: 16) }.joined(separator: "-")
        return "swiftdbt-end-\(hex)"
    }

    /// A write to the stdin of a process that has died raises SIGPIPE, whose default action ends
    /// the whole program; ignoring it turns that into EPIPE, which the read side reports.
    private static func ignoreSIGPIPE() {
        _ = sigpipeIgnored
    }
    private static let sigpipeIgnored: Bool = {
        signal(SIGPIPE, SIG_IGN)
        return true
    }()
}
