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
    private(set) var entries: [String: Entry] = [:]
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
        order.removeAll { $0 == id }
    }

    /// The query is still QUEUED or RUNNING: back off.
    mutating func stillRunning(_ id: String, now: Double) {
        guard var e = entries[id] else { return }
        e.interval = min(maximum, max(initial, (now - e.submitted) * fraction))
        e.due = now + e.interval
        entries[id] = e
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
