/// What a swiftdbt target says about AWS; anything left nil comes from the environment and the
/// shared config files, as the AWS CLI would find it.
public struct AWSClientOptions: Sendable {
    public var region: String?
    /// The shared-config profile; nil means `AWS_PROFILE`, then `default`.
    public var profileName: String?
    /// Keys given explicitly; they win over the whole chain.
    public var credentials: AWSCredentials?
    /// Endpoint URLs by signing name (`athena`, `glue`, `s3`, `sts`); they win over every other override.
    public var endpointOverrides: [String: String]
    /// nil: `AWS_MAX_ATTEMPTS` or the profile's `max_attempts`, else 5 attempts.
    public var retryPolicy: AWSRetryPolicy?
    /// Seconds before one HTTP exchange is abandoned.
    public var timeout: Double
    /// Shared by every request of the client; nil for a fresh budget of 500 tokens.
    public var retryBudget: AWSRetryBudget?

    public init(
        region: String? = nil, profileName: String? = nil, credentials: AWSCredentials? = nil,
        endpointOverrides: [String: String] = [:], retryPolicy: AWSRetryPolicy? = nil, timeout: Double = 60,
        retryBudget: AWSRetryBudget? = nil
    ) {
        self.region = region
        self.profileName = profileName
        self.credentials = credentials
        self.endpointOverrides = endpointOverrides
        self.retryPolicy = retryPolicy
        self.timeout = timeout
        self.retryBudget = retryBudget
    }
}
