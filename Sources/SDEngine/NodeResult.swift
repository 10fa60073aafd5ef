import Foundation
import SDBasics

/// The outcome of one node in a run, in dbt's vocabulary.
public struct NodeResult: Sendable {
    public enum Status: String, Sendable {
        case success, error, skipped
        case pass, fail, warn
        case noOp = "no-op"
    }

    public var uniqueId: String
    public var status: Status
    /// The bracket text on the console (`OK`, `OK 42`, `PASS`, `FAIL 3`), and run_results' `message`
    /// for successes; the error text for errors.
    public var message: String
    public var response: AdapterResponse?
    public var failures: Int?
    public var startedAt: Date
    public var completedAt: Date
    public var threadId: String
    /// The statements executed, for target/run/.
    public var statements: [String]
    /// For a failing test: a few of its rows, to print.
    public var sample: QueryResult?
    /// For a database error: where the failing SQL came from (template and compiled positions).
    public var diagnostics: [Diagnostic] = []

    public var executionTime: Double { completedAt.timeIntervalSince(startedAt) }

    /// A unit test's own failure line: its failures are rows that differ, not rows a query returned.
    public var failureText: String? = nil

    /// dbt's line for a failing or warning test: `Got 3 results, configured to fail if != 0`.
    public var failureSummary: String {
        if let failureText { return failureText }
        let n = failures ?? 0
        return "Got \(n) result\(n == 1 ? "" : "s"), configured to \(status == .fail ? "fail" : "warn") if \(message)"
    }

    /// Whether downstream nodes may run after this one.
    public var allowsDescendants: Bool {
        switch status {
        case .success, .pass, .warn, .noOp: true
        case .error, .skipped, .fail: false
        }
    }

    public init(
        uniqueId: String, status: Status, message: String, response: AdapterResponse? = nil, failures: Int? = nil,
        startedAt: Date, completedAt: Date, threadId: String = "Thread-1", statements: [String] = [], sample: QueryResult? = nil
    ) {
        self.uniqueId = uniqueId
        self.status = status
        self.message = message
        self.response = response
        self.failures = failures
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.threadId = threadId
        self.statements = statements
        self.sample = sample
    }
}
