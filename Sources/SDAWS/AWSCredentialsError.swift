/// No credentials could be found, or a configured source failed; lists every source tried and why
/// it gave nothing, in chain order.
public struct AWSCredentialsError: Error, Sendable, CustomStringConvertible {
    public struct Attempt: Sendable, Equatable {
        /// The source, e.g. `environment`, `profile 'dev' (~/.aws/config)`, `EC2 instance metadata`.
        public var source: String
        public var outcome: String
    }

    public var attempts: [Attempt]
    /// The source that was configured but failed, when that is what stopped the chain.
    public var failedSource: String?

    public var description: String {
        var lines = [failedSource.map { "cannot get AWS credentials from \($0)" } ?? "no AWS credentials found"]
        lines.append("tried, in order:")
        for a in attempts { lines.append("  - \(a.source): \(a.outcome)") }
        return lines.joined(separator: "\n")
    }
}
