import Foundation

/// Decides when to poll which running queries: each query is polled first after `initial`
/// seconds, then every `fraction` of the time it has run so far (so a finished query is noticed
/// at most about that fraction late), never more often than `initial` nor less than `maximum`
/// apart; queries due within `initial` of each other are polled together, at most 50 per call
/// (BatchGetQueryExecution's limit), so many running queries cost few calls.
/// A pure state machine: the caller performs the actions and reports back.
struct QueryPoller: Sendable {
    enum Action: Equatable, Sendable {
        /// Nothing is running.
        case idle
        /// Sleep this many seconds, then ask again.
        case wait(Double)
        /// Poll these ids: one id with GetQueryExecution, several with BatchGetQueryExecution.
        case poll([String])
    }

    struct Entry: Sendable {
        var due: Double
        var interval: Double
        var submitted: Double
    }

    var initial: Double
    var fraction = 0.05
    var maximum: Double
    static let batchLimit = 50
    /// Failed polls in a row (each after the AWS layer's own retries) before a query is given up on.
    static let failedPollLimit = 3
    private(set) var entries: [String: Entry] = [:]
    /// Failed polls in a row, by id.
    private var failedPolls: [String: Int] = [:]
    /// Ids in the order they were added, so batches are stable.
    private var order: [String] = []

    init(initial: Double, maximum: Double = 5) {
        self.initial = max(0.001, initial)
        self.maximum = max(self.initial, maximum)
    }

    mutating func add(_ id: String, now: Double) {
        guard entries[id] == nil else { return }
        entries[id] = Entry(due: now + initial, interval: initial, submitted: now)
        order.append(id)
    }

    /// The query reached a terminal state (or was given up on).
    mutating func remove(_ id: String) {
        entries[id] = nil
        failedPolls[id] = nil
        order.removeAll { $0 == id }
    }

    /// The query is still QUEUED or RUNNING: back off.
    mutating func stillRunning(_ id: String, now: Double) {
        guard var e = entries[id] else { return }
        failedPolls[id] = nil
        e.interval = min(maximum, max(initial, (now - e.submitted) * fraction))
        e.due = now + e.interval
        entries[id] = e
    }

    /// A poll that covered `id` failed. The query itself is still running in Athena, and a batch
    /// poll covers other nodes' queries too, so one failed call must not fail them all: the id is
    /// polled again after the longest interval, and given up on (true, removed) only after
    /// `failedPollLimit` failures in a row.
    mutating func pollFailed(_ id: String, now: Double) -> Bool {
        guard var e = entries[id] else { return true }
        let n = (failedPolls[id] ?? 0) + 1
        if n >= QueryPoller.failedPollLimit {
            remove(id)
            return true
        }
        failedPolls[id] = n
        e.interval = maximum
        e.due = now + maximum
        entries[id] = e
        return false
    }

    func next(now: Double) -> Action {
        guard let earliest = entries.values.map(\.due).min() else { return .idle }
        if earliest > now { return .wait(earliest - now) }
        // Take everything due now or soon, so one call serves many queries.
        let horizon = now + initial
        let ids = order.filter { (entries[$0]?.due ?? .infinity) <= horizon }
        return .poll(Array(ids.prefix(QueryPoller.batchLimit)))
    }
}
