import Foundation
import SDBasics
import SDCompiler
import SDProject

/// `swiftdbt source freshness` lines, as dbt-core prints them (core/dbt/events/types.py:
/// LogStartLine `START freshness of s.t`, LogFreshnessResult `PASS|WARN|ERROR STALE|ERROR freshness
/// of s.t`, then `Finished running N sources` and FreshnessCheckComplete `Done.`).
extension ConsoleReporter {
    static func freshnessDescription(_ node: CompiledNode) -> String { "freshness of \(node.sourceName ?? "").\(node.name)" }

    public func freshnessStarted(_ node: CompiledNode, index: Int, total: Int, thread: String) {
        let line = ConsoleReporter.fancyLine(
            index: index, total: total, message: "START " + ConsoleReporter.freshnessDescription(node), status: "RUN", seconds: nil)
        info(
            line, event: "LogStartLine", code: "Q011",
            data: ["description": .string(ConsoleReporter.freshnessDescription(node)), "index": .int(index), "total": .int(total)], thread: thread)
    }

    public func freshnessFinished(_ node: CompiledNode, outcome: FreshnessRun.Outcome, index: Int, total: Int) {
        let (word, paint): (String, (String) -> String) =
            switch outcome.status {
            case .runtimeError: ("ERROR", red)
            case .error: ("ERROR STALE", red)
            case .warn: ("WARN", yellow)
            case .pass: ("PASS", green)
            }
        let seconds = outcome.completedAt.timeIntervalSince(outcome.startedAt)
        let line = ConsoleReporter.fancyLine(
            index: index, total: total, message: "\(word) \(ConsoleReporter.freshnessDescription(node))", status: paint(word), seconds: seconds)
        info(
            line, event: "LogFreshnessResult", code: "Q018", level: outcome.status == .pass ? "info" : outcome.status == .warn ? "warn" : "error",
            data: [
                "status": .string(outcome.status.rawValue), "source_name": .string(node.sourceName ?? ""), "table_name": .string(node.name),
                "index": .int(index), "total": .int(total), "execution_time": .double(seconds),
            ], thread: outcome.threadId)
    }

    /// The end of the command: the finished line, each runtime error's text, and `Done.`.
    public func freshnessSummary(_ outcomes: [FreshnessRun.Outcome], nodes: [String: CompiledNode], elapsed: Double) {
        blank()
        let phrase = ConsoleReporter.countPhrase([("source", outcomes.count)])
        info(
            "Finished running \(phrase) in \(ConsoleReporter.humanize(elapsed)).", event: "FinishedRunningStats", code: "E047",
            data: ["stat_line": .string(phrase), "execution": .string(ConsoleReporter.humanize(elapsed)), "execution_time": .double(elapsed)])
        for o in outcomes where o.status == .runtimeError {
            guard let n = nodes[o.uniqueId] else { continue }
            blank()
            info(red("Runtime Error in source \(n.sourceName ?? "").\(n.name) (\(n.originalFilePath))"), event: "RunResultError", code: "Z024", level: "error")
            for line in (o.error ?? "").split(separator: "\n", omittingEmptySubsequences: false) {
                info("  " + line, event: "RunResultError", code: "Z024", level: "error")
            }
        }
        info("Done.", event: "FreshnessCheckComplete", code: "Q033")
    }
}

/// target/sources.json in dbt's sources v3 shape (schemas.getdbt.com/dbt/sources/v3.json).
public enum SourcesJSON {
    public static let schemaURL = "https://schemas.getdbt.com/dbt/sources/v3.json"

    public static func document(
        _ outcomes: [FreshnessRun.Outcome], invocationId: String, startedAt: Date, generatedAt: Date, version: String, elapsed: Double
    ) -> JSONValue {
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let results: [JSONValue] = outcomes.map { o in
            guard o.status != .runtimeError, let loaded = o.maxLoadedAt, let snap = o.snapshottedAt, let age = o.age else {
                return .object(["unique_id": .string(o.uniqueId), "error": .string(o.error ?? ""), "status": "runtime error"])
            }
            let timing: JSONValue = .array([
                .object(["name": "compile", "started_at": .string(iso.string(from: o.startedAt)), "completed_at": .string(iso.string(from: o.startedAt))]),
                .object(["name": "execute", "started_at": .string(iso.string(from: o.startedAt)), "completed_at": .string(iso.string(from: o.completedAt))]),
            ])
            return .object([
                "unique_id": .string(o.uniqueId), "max_loaded_at": .string(iso.string(from: loaded)),
                "snapshotted_at": .string(iso.string(from: snap)), "max_loaded_at_time_ago_in_s": .double(age),
                "status": .string(o.status.rawValue), "criteria": o.criteria.json, "adapter_response": .object([:]),
                "timing": timing, "thread_id": .string(o.threadId), "execution_time": .double(o.completedAt.timeIntervalSince(o.startedAt)),
            ])
        }
        return .object([
            "metadata": .object([
                "dbt_schema_version": .string(schemaURL), "dbt_version": .string(version),
                "generated_at": .string(iso.string(from: generatedAt)), "invocation_id": .string(invocationId),
                "invocation_started_at": .string(iso.string(from: startedAt)), "env": .object([:]),
            ]),
            "results": .array(results),
            "elapsed_time": .double(elapsed),
        ])
    }
}
