import Foundation
import SDBasics
import SDCompiler
import SDProject

/// `swiftdbt source freshness`: for each selected source table with criteria, one query for the
/// newest `loaded_at_field` and the database's clock, the age between them judged against
/// `warn_after`/`error_after`, and target/sources.json in dbt's v3 shape.
///
/// dbt's `collect_freshness` macro runs `select max(loaded_at_field) as max_loaded_at,
/// current_timestamp as snapshotted_at from source where filter`, and treats a timestamp without a
/// time zone as UTC (dbt-core `task/freshness.py`); both are done the same way here. The query is
/// compiled by the caller (it may call macros), so this core only runs and judges it.
public struct FreshnessRun: Sendable {
    /// One source table to check: its node, criteria and compiled query.
    public struct Check: Sendable {
        public var node: CompiledNode
        public var criteria: SourceFreshness
        public var sql: String
        public init(node: CompiledNode, criteria: SourceFreshness, sql: String) {
            self.node = node
            self.criteria = criteria
            self.sql = sql
        }
    }

    /// One checked table, as sources.json reports it.
    public struct Outcome: Sendable {
        public var uniqueId: String
        public var status: SourceFreshness.Status
        public var criteria: SourceFreshness
        public var maxLoadedAt: Date?
        public var snapshottedAt: Date?
        /// Seconds between the two, as dbt's `max_loaded_at_time_ago_in_s`.
        public var age: Double?
        /// The database's or the parser's text for a runtime error.
        public var error: String?
        public var startedAt: Date
        public var completedAt: Date
        public var threadId = "Thread-1 (worker)"
    }

    public var engine: any Engine
    public var threads: Int
    public var now: @Sendable () -> Date

    public init(engine: any Engine, threads: Int, now: @escaping @Sendable () -> Date = { Date() }) {
        self.engine = engine
        self.threads = max(1, threads)
        self.now = now
    }

    /// The query dbt's `collect_freshness` sends, over `relation` (already rendered).
    public static func sql(loadedAtField: String, relation: String, filter: String?) -> String {
        var sql = "select\n  max(\(loadedAtField)) as max_loaded_at,\n  current_timestamp as snapshotted_at\nfrom \(relation)"
        if let filter, !filter.isEmpty { sql += "\nwhere \(filter)" }
        return sql
    }

    /// Judges one query result: the newest load time, the database's clock, and the criteria.
    public static func judge(_ result: QueryResult, criteria: SourceFreshness) -> (SourceFreshness.Status, Date?, Date?, Double?, String?) {
        guard let row = result.rows.first, row.count >= 2 else {
            return (.runtimeError, nil, nil, nil, "the freshness query returned no row")
        }
        guard let snapshotted = timestamp(row[1]) else {
            return (.runtimeError, nil, nil, nil, "could not read the database's current_timestamp '\(row[1].displayText)'")
        }
        // dbt-adapters' `calculate_freshness` reads a null maximum (an empty table, or a filter that
        // keeps no row) as the oldest time there is, 0001-01-01, so such a table is stale, not an error.
        guard let loaded = row[0] == .null ? oldest : timestamp(row[0]) else {
            return (
                .runtimeError, nil, snapshotted, nil,
                "loaded_at_field is not a timestamp: got '\(row[0].displayText)' (cast it, or convert epoch values to a timestamp)"
            )
        }
        let age = snapshotted.timeIntervalSince(loaded)
        return (criteria.status(ageInSeconds: age), loaded, snapshotted, age, nil)
    }

    /// Runs every check, up to `threads` at once, reporting each through `started`/`finished`
    /// (called in the order they happen, on any thread). Results come back in `checks`' order.
    public func run(
        _ checks: [Check], started: @escaping @Sendable (Check, Int, String) -> Void,
        finished: @escaping @Sendable (Check, Outcome, Int) -> Void
    ) async -> [Outcome] {
        var outcomes = [Outcome?](repeating: nil, count: checks.count)
        await withTaskGroup(of: (Int, Outcome).self) { group in
            var next = 0
            var free = Array((1...threads).reversed())
            func launch() {
                while next < checks.count, let slot = free.popLast() {
                    let i = next
                    next += 1
                    let check = checks[i]
                    let thread = Runner.threadName(slot)
                    started(check, i + 1, thread)
                    group.addTask {
                        var outcome = await self.check(check)
                        outcome.threadId = thread
                        return (i, outcome)
                    }
                }
            }
            launch()
            while let (i, outcome) = await group.next() {
                outcomes[i] = outcome
                finished(checks[i], outcome, i + 1)
                if let slot = Int(outcome.threadId.dropFirst("Thread-".count).prefix { $0.isNumber }) { free.append(slot) }
                launch()
            }
        }
        return outcomes.compactMap { $0 }
    }

    func check(_ c: Check) async -> Outcome {
        let started = now()
        do {
            let result = try await engine.query(c.sql, limit: nil)
            let (status, loaded, snapshotted, age, error) = FreshnessRun.judge(result, criteria: c.criteria)
            return Outcome(
                uniqueId: c.node.uniqueId, status: status, criteria: c.criteria, maxLoadedAt: loaded, snapshottedAt: snapshotted,
                age: age, error: error, startedAt: started, completedAt: now())
        } catch {
            return Outcome(
                uniqueId: c.node.uniqueId, status: .runtimeError, criteria: c.criteria, error: (error as? EngineError)?.message ?? "\(error)",
                startedAt: started, completedAt: now())
        }
    }

    static let oldest = timestamp(.string("0001-01-01 00:00:00")) ?? .distantPast

    /// Reads a timestamp as DuckDB and Athena print them: `2024-05-01 12:00:00[.ffffff]` with an
    /// optional `T`, a `+HH[:MM]`/`-HH[:MM]`/`Z`/` UTC` zone, or a bare date. No zone means UTC.
    public static func timestamp(_ value: JSONValue) -> Date? {
        guard case .string(let raw) = value else { return nil }
        var text = Substring(raw.trimmingCharacters(in: .whitespaces))
        var offset = 0
        if text.hasSuffix(" UTC") {
            text = text.dropLast(4)
        } else if text.hasSuffix("Z") {
            text = text.dropLast()
        } else if text.count > 10, let signIndex = text.lastIndex(where: { $0 == "+" || $0 == "-" }), signIndex > text.index(text.startIndex, offsetBy: 10) {
            let zone = text[text.index(after: signIndex)...].split(separator: ":")
            guard let h = zone.first.flatMap({ Int($0) }) else { return nil }
            let m = zone.count > 1 ? Int(zone[1]) ?? 0 : 0
            offset = (h * 3600 + m * 60) * (text[signIndex] == "-" ? -1 : 1)
            text = text[..<signIndex]
        }
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "T" })
        guard let datePart = parts.first else { return nil }
        let ymd = datePart.split(separator: "-").compactMap { Int($0) }
        guard ymd.count == 3 else { return nil }
        var hms: [Double] = [0, 0, 0]
        if parts.count > 1 {
            let fields = parts[1].split(separator: ":")
            guard fields.count == 3, let h = Double(fields[0]), let m = Double(fields[1]), let s = Double(fields[2]) else { return nil }
            hms = [h, m, s]
        }
        var c = DateComponents()
        c.year = ymd[0]
        c.month = ymd[1]
        c.day = ymd[2]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        guard let day = calendar.date(from: c) else { return nil }
        return day.addingTimeInterval(hms[0] * 3600 + hms[1] * 60 + hms[2] - Double(offset))
    }
}

extension JSONValue {
    /// The value as a short text for messages.
    fileprivate var displayText: String {
        switch self {
        case .string(let s): s
        case .null: "null"
        default: serialized(indent: 0)
        }
    }
}
