import Foundation
import SDBasics
import SDCompiler
import SDGraph

/// Prints progress the way dbt-core 1.x does (dbt-core's core/dbt/events/types.py and task/printer.py): `HH:MM:SS  N of M START … [RUN]`,
/// result lines padded with dots to 80 columns, the summary and error blocks; or one JSON object per
/// event with `--log-format json`. Colour only when asked (the driver asks only on a TTY).
public final class ConsoleReporter: @unchecked Sendable {
    public enum Format: String, Sendable { case text, json }

    private let format: Format
    private let colour: Bool
    private let now: @Sendable () -> Date
    private let write: @Sendable (String) -> Void
    private let invocationId: String
    private let lock = NSLock()
    private let timeFormatter: DateFormatter
    private let isoFormatter: ISO8601DateFormatter
    /// When each running node started, for `node_info.node_started_at` (guarded by `lock`).
    private var startedAt: [String: Date] = [:]
    public static let printerWidth = 80
    /// The lowest level printed (`debug`, `info`, `warn`, `error`, `none`), from dbt's `--log-level`,
    /// `--debug` or `--quiet`; nil prints what it always did. Set before the first event.
    public var minimumLevel: String?

    /// dbt's level order; an unknown level counts as info.
    public static func rank(_ level: String) -> Int {
        ["debug": 0, "info": 1, "warn": 2, "error": 3, "none": 4][level] ?? 1
    }

    /// Whether an event at `level` is printed under `minimumLevel`.
    public func prints(_ level: String) -> Bool {
        guard let minimumLevel else { return true }
        return ConsoleReporter.rank(level) >= ConsoleReporter.rank(minimumLevel) && minimumLevel != "none"
    }

    public init(
        format: Format, colour: Bool, invocationId: String, now: @escaping @Sendable () -> Date,
        write: @escaping @Sendable (String) -> Void
    ) {
        self.format = format
        self.colour = colour
        self.now = now
        self.write = write
        self.invocationId = invocationId
        let f = DateFormatter()
        f.dateFormat = "HH:mm:ss"
        f.timeZone = TimeZone(identifier: "UTC")
        f.locale = Locale(identifier: "en_US_POSIX")
        self.timeFormatter = f
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        self.isoFormatter = iso
    }

    // MARK: - Lines

    /// Prints one info line (text) or event (json). `thread` is the name dbt gives the thread the
    /// event happened on (`MainThread`, or `Thread-<n> (worker)` for a node); `jsonOnly` events
    /// (NodeStart, NodeFinished, CommandCompleted) have no text line, as dbt logs them at debug.
    public func info(
        _ message: String, event: String = "Note", code: String = "Z000", level: String = "info",
        data: [String: JSONValue] = [:], thread: String = "MainThread", jsonOnly: Bool = false, always: Bool = false
    ) {
        // `always`: a command's result (compile's SQL), which dbt prints whatever the level.
        guard always || prints(level) else { return }
        lock.lock()
        defer { lock.unlock() }
        let t = now()
        switch format {
        case .text:
            // A debug-only event gets a text line when debug was asked for, as dbt prints them then.
            if !jsonOnly || minimumLevel == "debug" { write("\(timeFormatter.string(from: t))  \(message)\n") }
        case .json:
            write(
                ConsoleReporter.event(
                    name: event, code: code, message: stripColour(message), level: level, invocationId: invocationId,
                    thread: thread, ts: isoFormatter.string(from: t), data: data) + "\n")
        }
    }

    /// One JSON log line in dbt's shape (core_types.proto `CoreEventInfo` + the event's `data`).
    public static func event(
        name: String, code: String, message: String, level: String, invocationId: String,
        thread: String, ts: String, data: [String: JSONValue]
    ) -> String {
        let obj: JSONValue = [
            "info": .object([
                "name": .string(name), "code": .string(code), "msg": .string(message),
                "level": .string(level), "invocation_id": .string(invocationId),
                "pid": .int(Int(ProcessInfo.processInfo.processIdentifier)), "thread": .string(thread),
                "ts": .string(ts), "category": "", "extra": [:],
            ]),
            "data": .object(data),
        ]
        return obj.serialized(indent: 0)
    }

    /// dbt's first event: `Running with dbt=…` (MainReportVersion, A001; log_version 3).
    public func mainReportVersion(_ text: String, version: String) {
        info(text, event: "MainReportVersion", code: "A001", data: ["version": .string(version), "log_version": 3])
    }

    /// dbt's last event (CommandCompleted, Q039), JSON only.
    public func commandCompleted(_ command: String, success: Bool, elapsed: Double) {
        let at = isoFormatter.string(from: now())
        info(
            "Command `swiftdbt \(command)` \(success ? "succeeded" : "failed") at \(at) after \(String(format: "%0.2f", elapsed)) seconds",
            event: "CommandCompleted", code: "Q039", level: "debug",
            data: ["command": .string("swiftdbt \(command)"), "success": .bool(success), "completed_at": .string(at), "elapsed": .double(elapsed)],
            jsonOnly: true)
    }

    public func blank() { info("") }

    private func stripColour(_ s: String) -> String {
        guard s.contains("\u{1B}") else { return s }
        var out = ""
        var skipping = false
        for c in s {
            if c == "\u{1B}" { skipping = true; continue }
            if skipping { if c == "m" { skipping = false }; continue }
            out.append(c)
        }
        return out
    }

    func paint(_ s: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    func green(_ s: String) -> String { paint(s, "32") }
    func red(_ s: String) -> String { paint(s, "31") }
    func yellow(_ s: String) -> String { paint(s, "33") }

    /// dbt's `format_fancy_output_line`: `prefix` padded with dots to the printer width, then the status.
    public static func fancyLine(index: Int, total: Int, message: String, status: String, seconds: Double?) -> String {
        let prefix = "\(index) of \(total) \(message) "
        let padded = prefix.count < printerWidth ? prefix + String(repeating: ".", count: printerWidth - prefix.count) : prefix
        if let seconds {
            return "\(padded) [\(status) in \(String(format: "%0.2f", seconds))s]"
        }
        return "\(padded) [\(status)]"
    }

    // MARK: - Node events

    /// `sql table model main.x`, `seed file main.x`, `test not_null_x_id`.
    public static func describe(_ node: CompiledNode) -> String {
        let rel = node.relation?.description ?? node.name
        switch node.resourceType {
        case .seed: return "seed file \(rel)"
        case .test: return "test \(node.name)"
        case .unitTest: return "unit_test \(node.unitTest?.spec.model ?? "")::\(node.name)\(node.unitTest?.version.map { "_v\($0)" } ?? "")"
        case .source: return "external source \(rel)"
        case .snapshot: return "snapshot \(rel)"
        default: return "sql \(node.materialized) model \(rel)"
        }
    }

    /// NodeStart (Q024, JSON only) and LogStartLine (Q011) with dbt's `description/index/total`.
    public func nodeStarted(_ node: CompiledNode, index: Int, total: Int, thread: String = "Thread-1 (worker)") {
        let started = now()
        lock.lock()
        startedAt[node.uniqueId] = started
        lock.unlock()
        let description = "START \(ConsoleReporter.describe(node))"
        let line = ConsoleReporter.fancyLine(index: index, total: total, message: description, status: "RUN", seconds: nil)
        let ni = nodeInfo(node, status: "started", startedAt: started, finishedAt: nil)
        info("Began running node \(node.uniqueId)", event: "NodeStart", code: "Q024", level: "debug", data: ni, thread: thread, jsonOnly: true)
        info(
            line, event: "LogStartLine", code: "Q011",
            data: ni.merging(["description": .string(ConsoleReporter.describe(node)), "index": .int(index), "total": .int(total)]) { a, _ in a },
            thread: thread)
    }

    public func nodeFinished(_ node: CompiledNode, result: NodeResult, index: Int, total: Int) {
        // `--debug`: each statement the node sent, as dbt's SQLQuery event (E016) logs it at debug.
        if minimumLevel == "debug" {
            for sql in result.statements {
                info(
                    "On \(node.uniqueId): \(sql)", event: "SQLQuery", code: "E016", level: "debug",
                    data: ["conn_name": .string(node.uniqueId), "sql": .string(sql)], thread: result.threadId)
            }
        }
        let desc = ConsoleReporter.describe(node)
        let secs = result.executionTime
        let line: String
        // A unit test reports as a test does (PASS, FAIL n, ERROR), as dbt's unit test task does.
        let kind: ResourceType = node.resourceType == .unitTest ? .test : node.resourceType
        switch (kind, result.status) {
        case (.test, .pass):
            line = ConsoleReporter.fancyLine(index: index, total: total, message: "\(green("PASS")) \(node.name)", status: green("PASS"), seconds: secs)
        case (.test, .fail):
            let n = result.failures ?? 0
            line = ConsoleReporter.fancyLine(index: index, total: total, message: "\(red("FAIL \(n)")) \(node.name)", status: red("FAIL \(n)"), seconds: secs)
        case (.test, .warn):
            let n = result.failures ?? 0
            line = ConsoleReporter.fancyLine(
                index: index, total: total, message: "\(yellow("WARN \(n)")) \(node.name)", status: yellow("WARN \(n)"), seconds: secs)
        case (.test, .error):
            line = ConsoleReporter.fancyLine(index: index, total: total, message: "\(red("ERROR")) \(node.name)", status: red("ERROR"), seconds: secs)
        case (.seed, .success):
            line = ConsoleReporter.fancyLine(index: index, total: total, message: "\(green("OK")) loaded \(desc)", status: green(result.message), seconds: secs)
        case (.snapshot, .success), (.snapshot, .error):
            line = ConsoleReporter.snapshotLine(node, result: result, index: index, total: total, colour: { $1 ? self.green($0) : self.red($0) })
        case (_, .success):
            line = ConsoleReporter.fancyLine(
                index: index, total: total, message: "\(green("OK")) created \(desc)", status: green(result.message), seconds: secs)
        case (.seed, .error):
            line = ConsoleReporter.fancyLine(index: index, total: total, message: "\(red("ERROR")) loading \(desc)", status: red("ERROR"), seconds: secs)
        default:
            line = ConsoleReporter.fancyLine(index: index, total: total, message: "\(red("ERROR")) creating \(desc)", status: red("ERROR"), seconds: secs)
        }
        let thread = result.threadId
        let status = result.status == .noOp ? "no-op" : result.status.rawValue
        let ni = nodeInfo(node, status: status, startedAt: result.startedAt, finishedAt: result.completedAt)
        var data = ni
        data["index"] = .int(index)
        data["execution_time"] = .double(secs)
        let event: (name: String, code: String)
        switch kind {
        case .test:
            // LogTestResult's fields (core_types.proto): name, status, index, num_models, num_failures.
            event = ("LogTestResult", "Q007")
            data["name"] = .string(node.name)
            data["status"] = .string(status)
            data["num_models"] = .int(total)
            data["num_failures"] = .int(result.failures ?? 0)
        case .snapshot:
            event = ("LogSnapshotResult", "Q015")
            data.merge(ConsoleReporter.snapshotEventData(node, result: result, total: total)) { _, new in new }
        case .seed:
            // LogSeedResult: status, result_message, total, schema, relation.
            event = ("LogSeedResult", "Q016")
            data["status"] = .string(status)
            data["result_message"] = .string(result.message)
            data["total"] = .int(total)
            data["schema"] = .string(node.relation?.schema ?? "")
            data["relation"] = .string(node.relation?.identifier ?? node.name)
        default:
            // LogModelResult: description, status (the adapter's message, or ERROR), total.
            event = ("LogModelResult", "Q012")
            data["description"] = .string(desc)
            data["status"] = .string(result.status == .error ? "ERROR" : result.message)
            data["total"] = .int(total)
        }
        info(
            line, event: event.name, code: event.code,
            level: result.status == .error || result.status == .fail ? "error" : result.status == .warn ? "warn" : "info", data: data, thread: thread)
        info(
            "Finished running node \(node.uniqueId)", event: "NodeFinished", code: "Q025", level: "debug",
            data: ni.merging(["run_result": runResult(result, thread: thread)]) { a, _ in a }, thread: thread, jsonOnly: true)
    }

    /// NodeFinished's `run_result` (core_types.proto `RunResultMsg`).
    private func runResult(_ r: NodeResult, thread: String) -> JSONValue {
        let timing: [JSONValue] =
            r.status == .skipped
            ? []
            : [
                .object([
                    "name": "execute", "started_at": .string(isoFormatter.string(from: r.startedAt)),
                    "completed_at": .string(isoFormatter.string(from: r.completedAt)),
                ])
            ]
        return .object([
            "status": .string(r.status == .noOp ? "no-op" : r.status.rawValue), "message": .string(r.message),
            "timing_info": .array(timing), "thread": .string(thread), "execution_time": .double(r.executionTime),
            "adapter_response": r.response?.json ?? .object([:]), "num_failures": .int(r.failures ?? 0),
        ])
    }

    /// SkippingDetails (Q034) with dbt's `resource_type/schema/node_name/index/total`.
    public func nodeSkipped(_ node: CompiledNode, index: Int, total: Int) {
        let what = node.resourceType.isTest ? "test \(node.name)" : "relation \(node.relation?.description ?? node.name)"
        let line = ConsoleReporter.fancyLine(index: index, total: total, message: "\(yellow("SKIP")) \(what)", status: yellow("SKIP"), seconds: nil)
        var data = nodeInfo(node, status: "skipped", startedAt: nil, finishedAt: nil)
        data["resource_type"] = .string(node.resourceType.rawValue)
        data["schema"] = .string(node.relation?.schema ?? "")
        data["node_name"] = .string(node.name)
        data["index"] = .int(index)
        data["total"] = .int(total)
        info(line, event: "SkippingDetails", code: "Q034", data: data)
    }

    /// `node_info` as core_types.proto's `NodeInfo` has it; timestamps are empty until known, as in dbt.
    private func nodeInfo(_ node: CompiledNode, status: String, startedAt: Date?, finishedAt: Date?) -> [String: JSONValue] {
        lock.lock()
        let started = startedAt ?? self.startedAt[node.uniqueId]
        lock.unlock()
        return [
            "node_info": .object([
                "unique_id": .string(node.uniqueId), "resource_type": .string(node.resourceType.rawValue),
                "node_name": .string(node.name), "node_path": .string(node.path),
                "materialized": .string(node.materialized), "node_status": .string(status),
                "node_started_at": .string(started.map { isoFormatter.string(from: $0) } ?? ""),
                "node_finished_at": .string(finishedAt.map { isoFormatter.string(from: $0) } ?? ""),
                "meta": .object(node.meta),
                "node_relation": node.relation.map {
                    .object([
                        "database": .string($0.database), "schema": .string($0.schema),
                        "alias": .string($0.identifier), "relation_name": .string($0.quoted),
                    ])
                } ?? .null,
            ])
        ]
    }

    // MARK: - Summary

    /// `1 view model, 2 table models, 1 seed` — only non-zero counts, pluralised, in a fixed order.
    public static func countPhrase(_ counts: [(String, Int)]) -> String {
        counts.filter { $0.1 > 0 }.map { "\($0.1) \($0.1 == 1 ? $0.0 : plural($0.0))" }.joined(separator: ", ")
    }

    static func plural(_ word: String) -> String {
        if word.hasSuffix("sis") { return String(word.dropLast(2)) + "es" }  // analysis → analyses
        if word.hasSuffix("s") { return word }
        if word.hasSuffix("y") { return String(word.dropLast()) + "ies" }
        return word + "s"
    }

    /// `0 hours 0 minutes and 0.95 seconds (0.95s)`, as dbt's `humanize_execution_time`.
    public static func humanize(_ seconds: Double) -> String {
        let h = Int(seconds) / 3600
        let m = (Int(seconds) % 3600) / 60
        let s = seconds - Double(h * 3600 + m * 60)
        return "\(h) hours \(m) minutes and \(String(format: "%0.2f", s)) seconds (\(String(format: "%0.2f", seconds))s)"
    }

    /// Prints the end of a run: finished line, outcome, error blocks, and the `Done.` stats line.
    public func summary(nodes: [String: CompiledNode], results: [NodeResult], elapsed: Double, interrupted: Bool) {
        var kinds: [(String, Int)] = []
        func bump(_ k: String) {
            if let i = kinds.firstIndex(where: { $0.0 == k }) { kinds[i].1 += 1 } else { kinds.append((k, 1)) }
        }
        for r in results {
            guard let n = nodes[r.uniqueId] else { continue }
            switch n.resourceType {
            case .model: bump("\(n.materialized) model")
            case .seed: bump("seed")
            case .test: bump("data test")
            case .unitTest: bump("unit test")
            case .source: bump("external source")
            case .operation: bump("hook")
            default: bump(n.resourceType.rawValue)
            }
        }
        blank()
        // FinishedRunningStats (E047, dbt-adapters' adapter_types.proto): stat_line, execution, execution_time.
        info(
            "Finished running \(ConsoleReporter.countPhrase(kinds)) in \(ConsoleReporter.humanize(elapsed)).",
            event: "FinishedRunningStats", code: "E047",
            data: [
                "stat_line": .string(ConsoleReporter.countPhrase(kinds)), "execution": .string(ConsoleReporter.humanize(elapsed)),
                "execution_time": .double(elapsed),
            ])
        blank()
        let errors = results.filter { $0.status == .error || $0.status == .fail }
        let warnings = results.filter { $0.status == .warn }
        let summaryData: [String: JSONValue] = [
            "num_errors": .int(errors.count), "num_warnings": .int(warnings.count), "keyboard_interrupt": .bool(interrupted),
        ]
        if interrupted {
            info(red("Cancelled: the run was interrupted"), event: "CancelLine", code: "Z017", level: "error")
            blank()
        }
        if errors.isEmpty && warnings.isEmpty && !interrupted {
            info(green("Completed successfully"), event: "EndOfRunSummary", code: "Z030", data: summaryData)
        } else if !errors.isEmpty || !warnings.isEmpty {
            let e = errors.count
            let w = warnings.count
            let headline = "Completed with \(e) error\(e == 1 ? "" : "s"), 0 partial successes, and \(w) warning\(w == 1 ? "" : "s"):"
            info(
                e > 0 ? red(headline) : yellow(headline), event: "EndOfRunSummary", code: "Z030", level: e > 0 ? "error" : "warn",
                data: summaryData)
            for r in errors + warnings {
                guard let n = nodes[r.uniqueId] else { continue }
                blank()
                errorBlock(n, r)
            }
        }
        blank()
        let pass = results.filter { $0.status == .success || $0.status == .pass }.count
        let skip = results.filter { $0.status == .skipped }.count
        let noop = results.filter { $0.status == .noOp }.count
        let stats: JSONValue = [
            "pass": .int(pass), "warn": .int(warnings.count), "error": .int(errors.count), "skip": .int(skip), "no-op": .int(noop),
            "total": .int(results.count),
        ]
        info(
            "Done. PASS=\(pass) WARN=\(warnings.count) ERROR=\(errors.count) SKIP=\(skip) NO-OP=\(noop) TOTAL=\(results.count)",
            event: "StatsLine", code: "Z023", data: ["stats": stats])
    }

    private func errorBlock(_ n: CompiledNode, _ r: NodeResult) {
        let kind = n.resourceType.rawValue
        let label = r.status == .warn ? yellow("[WARNING]") : red("[ERROR]")
        let ni = nodeInfo(n, status: r.status.rawValue, startedAt: r.startedAt, finishedAt: r.completedAt)
        let errorData = ni.merging(["msg": .string(r.status == .error ? r.message : r.failureSummary)]) { a, _ in a }
        // RunResultFailure (Z022) / RunResultWarning (Z021): resource_type, node_name, path, node_info.
        info(
            "\(label): in \(kind) \(n.name) (\(n.originalFilePath))", event: r.status == .warn ? "RunResultWarning" : "RunResultFailure",
            code: r.status == .warn ? "Z021" : "Z022", level: r.status == .warn ? "warn" : "error",
            data: ni.merging(["resource_type": .string(kind), "node_name": .string(n.name), "path": .string(n.originalFilePath)]) { a, _ in a })
        switch r.status {
        case .fail, .warn:
            info("  " + r.failureSummary, event: "RunResultError", code: "Z024", level: "error", data: errorData)
            if let sample = r.sample, !sample.rows.isEmpty {
                for line in TableFormatter.render(sample, maxWidth: 100).split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
                    info("  " + line, event: "RunResultError", code: "Z024", level: "error", data: errorData)
                }
            }
        default:
            info("  Runtime Error in \(kind) \(n.name) (\(n.originalFilePath))", event: "RunResultError", code: "Z024", level: "error", data: errorData)
            for line in r.message.split(separator: "\n", omittingEmptySubsequences: false) {
                info("  " + line, event: "RunResultError", code: "Z024", level: "error", data: errorData)
            }
            if !r.diagnostics.isEmpty {
                blank()
                let text = DiagnosticRenderer(colour: colour).render(r.diagnostics)
                for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                    info("  " + line, event: "RunResultError", code: "Z024", level: "error", data: errorData)
                }
            }
        }
        if let p = n.compiledPath {
            blank()
            info("  compiled code at \(p)", event: "SQLCompiledPath", code: "Z026", level: "error", data: ni.merging(["path": .string(p)]) { a, _ in a })
        }
    }
}
