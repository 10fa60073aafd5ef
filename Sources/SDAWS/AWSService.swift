/// An AWS service as this layer needs it: its signing name, endpoint prefix and the suffix of its
/// `AWS_ENDPOINT_URL_<SERVICE>` variable and `services` config key.
public struct AWSService: Sendable, Hashable {
    public var signingName: String
    public var endpointPrefix: String
    /// From the service id upper-cased with spaces as `_` ("Service-specific endpoints", AWS SDKs
    /// and Tools reference guide).
    public var environmentSuffix: String
    /// The key in a `[services ...]` config section: the service id lower-cased, `_` for spaces.
    public var configKey: String

    public init(signingName: String, endpointPrefix: String, environmentSuffix: String, configKey: String) {
        self.signingName = signingName
        self.endpointPrefix = endpointPrefix
        self.environmentSuffix = environmentSuffix
        self.configKey = configKey
    }

    public static let athena = AWSService(
        signingName: "athena", endpointPrefix: "athena", environmentSuffix: "ATHENA", configKey: "athena")
    public static let glue = AWSService(
        signingName: "glue", endpointPrefix: "glue", environmentSuffix: "GLUE", configKey: "glue")
    public static let s3 = AWSService(signingName: "s3", endpointPrefix: "s3", environmentSuffix: "S3", configKey: "s3")
    public static let sts = AWSService(
        signingName: "sts", endpointPrefix: "sts", environmentSuffix: "STS", configKey: "sts")
}
