/// Something that hands out credentials, refreshing them as needed.
public protocol AWSCredentialsProvider: Sendable {
    func credentials() async throws -> AWSCredentials
    /// Forgets cached credentials so the next call fetches fresh ones (after an expired-token error).
    func invalidate() async
}
