import Foundation

/// The retry quota shared by all requests of a client, so that a failing service is not hammered
/// by every caller's retries at once ("Retry behavior", AWS SDKs and Tools reference guide: initial
/// 500 tokens, a retry costs 5, a retry after a timeout or dropped connection 10, a success without
/// retry returns 1, a success after retries returns what they cost).
public final class AWSRetryBudget: @unchecked Sendable {
    public let capacity: Int
    public let retryCost: Int
    public let timeoutRetryCost: Int
    private let lock = NSLock()
    private var tokens: Int

    public init(capacity: Int = 500, retryCost: Int = 5, timeoutRetryCost: Int = 10) {
        self.capacity = capacity
        self.retryCost = retryCost
        self.timeoutRetryCost = timeoutRetryCost
        tokens = capacity
    }

    /// Takes the cost of one retry; false (and nothing taken) when the budget cannot pay it.
    func acquire(transportFailure: Bool) -> Int? {
        let cost = transportFailure ? timeoutRetryCost : retryCost
        lock.lock()
        defer { lock.unlock() }
        guard tokens >= cost else { return nil }
        tokens -= cost
        return cost
    }

    /// A request finished successfully: refund what its retries took, or add 1 if it had none.
    func recordSuccess(spent: Int) {
        lock.lock()
        tokens = min(capacity, tokens + (spent > 0 ? spent : 1))
        lock.unlock()
    }

    public var available: Int {
        lock.lock()
        defer { lock.unlock() }
        return tokens
    }
}
