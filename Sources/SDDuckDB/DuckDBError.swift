/// A failure of the duckdb CLI or of a statement it ran.
public enum DuckDBError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No executable was found; `searched` lists every place that was looked at, in order.
    case executableNotFound(searched: [String])
    /// The executable exists but could not be started.
    case launchFailed(path: String, reason: String)
    /// The CLI started but could not open the database (a missing directory, a lock held by
    /// another process); `message` is DuckDB's text.
    case openFailed(database: String, message: String)
    /// DuckDB rejected a statement; `message` is DuckDB's text exactly as printed (hints included),
    /// `statement` the failing statement. `index` is its position among the statements of the
    /// script given to `execute`, or the failing element of an `executeEach` batch.
    case statementFailed(message: String, statement: String, index: Int?)
    /// The statement was cancelled by `interrupt()`; the process stays usable.
    case interrupted(statement: String)
    /// The SQL would leave the CLI waiting for more input (an unterminated quote, `$$` or `/*`),
    /// so it was not sent.
    case incompleteStatement(reason: String, statement: String)
    /// The SQL holds a CLI dot command, which would break the request framing.
    case dotCommand(line: String)
    /// The process ended while a statement ran or before one was sent.
    case processExited(status: Int32?, stderr: String)
    /// `close()` was called before.
    case closed
    /// Output that does not follow the CLI's JSON format (a bug here or an unexpected CLI version).
    case malformedOutput(reason: String)

    public var description: String {
        switch self {
        case .executableNotFound(let searched):
            return "the duckdb CLI was not found; looked in:\n"
                + searched.map { "  - \($0)\n" }.joined()
                + "install it with `pip install duckdb-cli` (then put it on PATH or set SWIFTDBT_DUCKDB),"
                + " or run `make bootstrap` in the swiftdbt checkout"
        case .launchFailed(let path, let reason):
            return "cannot start the duckdb CLI at \(path): \(reason)"
        case .openFailed(let database, let message):
            return "cannot open the duckdb database \(database): \(message)"
        case .statementFailed(let message, _, let index):
            if let index { return "statement \(index + 1) failed: \(message)" }
            return message
        case .interrupted:
            return "interrupted"
        case .incompleteStatement(let reason, _):
            return "incomplete SQL, not sent to duckdb: \(reason)"
        case .dotCommand(let line):
            return "duckdb dot commands cannot be sent through the driver: \(line)"
        case .processExited(let status, let stderr):
            var text = "the duckdb process exited"
            if let status { text += " with status \(status)" }
            let tail = stderr.trimmingTrailingNewlines()
            if !tail.isEmpty { text += ": \(tail)" }
            return text
        case .closed:
            return "the duckdb connection is closed"
        case .malformedOutput(let reason):
            return "unexpected output from the duckdb CLI: \(reason)"
        }
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = Substring(self)
        while let last = s.last, last == "\n" || last == "\r" { s = s.dropLast() }
        return String(s)
    }
}
