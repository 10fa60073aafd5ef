import Foundation

/// Explains DuckDB's `Could not set lock on file "…": Conflicting lock is held in <program> (PID n)`:
/// which process holds the file, whether it is (or belongs to) a swiftdbt run that is still alive, and
/// what to do. Pure: the process table is read through `read` (a /proc path → its contents), so tests
/// can describe any situation.
public enum DuckDBLockHolder {
    /// The holder's pid in DuckDB's lock message, if the message is one.
    public static func pid(in message: String) -> Int32? {
        guard message.contains("Conflicting lock"), let range = message.range(of: "(PID ", options: .backwards) else { return nil }
        let digits = message[range.upperBound...].prefix { $0.isNumber }
        return Int32(digits)
    }

    /// A process as /proc shows it.
    struct ProcessInfo {
        var pid: Int32
        var parent: Int32?
        var commandLine: [String]
        var program: String { (commandLine.first.map { ($0 as NSString).lastPathComponent }) ?? "?" }
        var isSwiftDBT: Bool { program == "swiftdbt" }
        var shown: String { commandLine.joined(separator: " ") }
    }

    static func process(_ pid: Int32, read: (String) -> String?) -> ProcessInfo? {
        guard let cmdline = read("/proc/\(pid)/cmdline"), !cmdline.isEmpty else { return nil }
        let args = cmdline.split(separator: "\0", omittingEmptySubsequences: true).map(String.init)
        // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses, so
        // the fields are counted after the last ')'.
        var parent: Int32?
        if let stat = read("/proc/\(pid)/stat"), let close = stat.range(of: ")", options: .backwards) {
            let fields = stat[close.upperBound...].split(separator: " ")
            if fields.count > 1 { parent = Int32(fields[1]) }
        }
        return ProcessInfo(pid: pid, parent: parent, commandLine: args)
    }

    /// What to tell the user about the holder of a lock, or nil when `message` is not a lock conflict.
    public static func explain(_ message: String, read: (String) -> String? = DuckDBLockHolder.readFile) -> String? {
        guard let pid = pid(in: message) else { return nil }
        guard let holder = process(pid, read: read) else {
            if read("/proc/self/stat") == nil {
                return "the lock is held by PID \(pid); see what it is with `ps -o pid,ppid,command -p \(pid)`"
            }
            return "PID \(pid) no longer runs, so the lock is free now: run again"
        }
        if holder.isSwiftDBT {
            return """
                the lock is held by another swiftdbt run that is still alive: PID \(pid) (\(holder.shown)); wait for it to finish, \
                or stop it with `kill -INT \(pid)` (it cancels its statement, writes run_results.json and releases the lock)
                """
        }
        let parent = holder.parent.flatMap { $0 > 1 ? process($0, read: read) : nil }
        if let parent, parent.isSwiftDBT {
            return """
                the lock is held by PID \(pid) (\(holder.shown)), the duckdb process of a swiftdbt run that is still alive: \
                PID \(parent.pid) (\(parent.shown)); wait for that run to finish, or stop it with `kill -INT \(parent.pid)`
                """
        }
        let owner = parent.map { "its parent is PID \($0.pid) (\($0.shown)), not a swiftdbt run" } ?? "it has no live parent (an orphan)"
        return """
            the lock is held by PID \(pid) (\(holder.shown)); \(owner). If it is a leftover, end it with `kill \(pid)`; \
            if another program is using the database, close the database there first
            """
    }

    /// Reads a /proc file (they report size 0, so they are read to the end rather than by length).
    public static func readFile(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.readToEnd() else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
