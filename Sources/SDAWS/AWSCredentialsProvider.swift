/// Something that hands out credentials, refreshing them as needed.
public protocol AWSCredentialsProvider: Sendable {
    func credentials() async throws -> AWSCredentials
    /// Forgets cached credentials so the next call fetches fresh ones (after an expired-token error).
    func invalidate() async
}

/// Fixed credentials, e.g. keys given in a swiftdbt profile.
public struct StaticCredentialsProvider: AWSCredentialsProvider {
    let value: AWSCredentials
    public init(_ credentials: AWSCredentials) { value = credentials }
    public func credentials() async throws -> AWSCredentials { value }
    public func invalidate() async {}
}
