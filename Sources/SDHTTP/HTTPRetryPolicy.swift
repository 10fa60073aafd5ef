/// How often and how long a caller retries: capped exponential backoff with full jitter, the
/// "standard" mode of the AWS SDKs ("Retry behavior", AWS SDKs and Tools reference guide), whose
/// numbers are the defaults. What is worth retrying stays with each caller (AWS throttling codes in
/// SDAWS, Kafka Connect's 409 during a rebalance in SDStreaming); this type only says when.
public struct HTTPRetryPolicy: Sendable, Equatable {
    /// Total sends of one request, the first included.
    public var maxAttempts: Int
    /// Upper bound of one pause, in seconds.
    public var maxBackoff: Double
    /// The pause bound before the first retry, doubled for each further retry.
    public var baseDelay: Double

    public init(maxAttempts: Int = 5, maxBackoff: Double = 20, baseDelay: Double = 1) {
        self.maxAttempts = max(1, maxAttempts)
        self.maxBackoff = maxBackoff
        self.baseDelay = baseDelay
    }

    /// The pause before retry number `retry` (1 for the first retry): `random * min(base * 2^(retry-1), max)`.
    public func delay(retry: Int, random: Double) -> Double {
        let exponent = Double(1 << min(max(retry - 1, 0), 30))
        return random * min(baseDelay * exponent, maxBackoff)
    }
}
