/// Sends one request until the caller's rule says the answer is final, pausing by an
/// `HTTPRetryPolicy` between sends. The loop for callers whose retry needs nothing between
/// attempts; the AWS pipeline re-signs each attempt and keeps its own loop over the same policy.
public struct HTTPRetrying: Sendable {
    public var transport: any HTTPTransport
    public var policy: HTTPRetryPolicy
    /// Sleeps the given seconds; tests pass one that returns at once.
    public var sleep: @Sendable (Double) async throws -> Void
    /// A number in [0, 1) for the jitter.
    public var random: @Sendable () -> Double

    public init(
        transport: any HTTPTransport, policy: HTTPRetryPolicy,
        sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .seconds($0)) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.transport = transport
        self.policy = policy
        self.sleep = sleep
        self.random = random
    }

    /// The first response `shouldRetry` declines, or the last one when the attempts are spent.
    /// A transport failure is thrown at once: the caller decides whether a lost connection is final.
    public func send(_ request: HTTPRequest, shouldRetry: (HTTPResponse) -> Bool) async throws -> HTTPResponse {
        var attempt = 1
        while true {
            let response = try await transport.send(request)
            guard shouldRetry(response), attempt < policy.maxAttempts else { return response }
            try await sleep(policy.delay(retry: attempt, random: random()))
            attempt += 1
        }
    }
}
