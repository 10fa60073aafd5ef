/// An error response from an AWS service, parsed from AWS JSON 1.1 or XML (S3, STS, moto).
public struct AWSServiceError: Error, Sendable, CustomStringConvertible {
    /// The signing name of the service (`athena`, `glue`, `s3`, `sts`).
    public var service: String
    /// The operation, e.g. `GetWorkGroup` or `GET /bucket/key`.
    public var operation: String
    public var statusCode: Int
    /// The AWS error code, e.g. `ThrottlingException`, `SignatureDoesNotMatch`, `NoSuchKey`.
    public var code: String
    /// The service's message, with any echoed secret removed.
    public var message: String
    public var requestID: String?
    /// How many times the request was sent.
    public var attempts: Int
    /// Why retrying stopped, when it could have gone on (e.g. the retry budget ran out).
    public var retryNote: String?

    public init(
        service: String, operation: String, statusCode: Int, code: String, message: String, requestID: String? = nil,
        attempts: Int = 1, retryNote: String? = nil
    ) {
        self.service = service
        self.operation = operation
        self.statusCode = statusCode
        self.code = code
        self.message = message
        self.requestID = requestID
        self.attempts = attempts
        self.retryNote = retryNote
    }

    /// Codes AWS SDKs treat as throttling ("Retry behavior", AWS SDKs and Tools reference guide).
    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown",
        "PriorRequestNotComplete", "EC2ThrottledException",
    ]

    /// Codes for transient faults on the service side.
    static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "InternalServerError",
        "InternalServerException", "ServiceUnavailable", "ServiceUnavailableException",
    ]

    /// Codes that mean the request's timestamp was too far from the server's clock.
    static let clockSkewCodes: Set<String> = ["RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture"]

    /// Codes that mean temporary credentials ran out before their advertised expiry.
    static let expiredTokenCodes: Set<String> = ["ExpiredToken", "ExpiredTokenException", "RequestExpiredToken"]

    public var isThrottling: Bool { statusCode == 429 || Self.throttlingCodes.contains(code) }

    /// Throttling, a transient service fault or a 5xx: worth sending again after a pause.
    public var isRetryable: Bool {
        isThrottling || Self.transientCodes.contains(code) || [500, 502, 503, 504].contains(statusCode)
    }

    /// The request was rejected because of the clock: a skew code, or a signature reported as
    /// expired or not yet current.
    public var isClockSkew: Bool {
        if Self.clockSkewCodes.contains(code) { return true }
        let m = message.lowercased()
        return m.contains("signature expired") || m.contains("signature not yet current")
    }

    public var description: String {
        var s = "\(service) \(operation) failed: \(code)"
        if !message.isEmpty { s += ": \(message)" }
        s += " (HTTP \(statusCode)"
        if let requestID { s += ", request id \(requestID)" }
        if attempts > 1 { s += ", after \(attempts) attempts" }
        s += ")"
        if let retryNote { s += "; \(retryNote)" }
        return s
    }
}
