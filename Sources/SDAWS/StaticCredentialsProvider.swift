/// Fixed credentials, e.g. keys given in a swiftdbt profile.
public struct StaticCredentialsProvider: AWSCredentialsProvider {
    let value: AWSCredentials
    public init(_ credentials: AWSCredentials) { value = credentials }
    public func credentials() async throws -> AWSCredentials { value }
    public func invalidate() async {}
}
