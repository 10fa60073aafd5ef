import Foundation
import SDBasics

/// The default credentials chain, in the AWS CLI's order: keys given explicitly, the environment,
/// a web identity token file (`AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`), the shared config
/// and credentials files (static keys, `role_arn` through STS AssumeRole,
/// `credential_process`), container credentials, then EC2 instance metadata (IMDSv2). The first
/// source that yields credentials is remembered and asked again when they near expiry.
public actor AWSCredentialsChain: AWSCredentialsProvider {
    struct Settings: Sendable {
        var explicit: AWSCredentials?
        var profileName: String?
        var region: String?
        /// The ECS agent's address for `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`; tests point it at loopback.
        var containerBase = "http://169.254.170.2"
        /// Refresh temporary credentials this long before they expire (botocore refreshes at 15
        /// minutes out, and must at 10).
        var refreshWindow: Double = 15 * 60
    }

    let runtime: AWSRuntime
    let shared: AWSSharedConfig
    let settings: Settings
    let pipeline: AWSRequestPipeline
    let endpoints: AWSEndpointResolver

    private var cached: AWSCredentials?
    private var source: String?
    private var inFlight: Task<(AWSCredentials, String), any Error>?

    init(
        runtime: AWSRuntime, shared: AWSSharedConfig, settings: Settings, pipeline: AWSRequestPipeline,
        endpoints: AWSEndpointResolver
    ) {
        self.runtime = runtime
        self.shared = shared
        self.settings = settings
        self.pipeline = pipeline
        self.endpoints = endpoints
    }

    /// Where the current credentials came from, once resolved.
    public var sourceDescription: String? { source }

    public func credentials() async throws -> AWSCredentials {
        let now = runtime.now()
        if let cached, !needsRefresh(cached, now: now) { return cached }
        do {
            let (fresh, from) = try await fetchOnce()
            // Known to the scrubber before any request signed with them can fail and echo them.
            runtime.scrubber?.add([fresh.secretAccessKey, fresh.sessionToken].compactMap { $0 })
            cached = fresh
            source = from
            return fresh
        } catch {
            // Still-valid credentials beat an outage of the credential endpoint.
            if let cached, let expiry = cached.expiration, expiry > now {
                runtime.log(
                    "aws: credential refresh failed, using credentials valid until \(AWSTimestamp.iso8601(expiry)): \(error)"
                )
                return cached
            }
            throw error
        }
    }

    public func invalidate() async {
        cached = nil
    }

    func needsRefresh(_ credentials: AWSCredentials, now: Date) -> Bool {
        guard let expiry = credentials.expiration else { return false }
        return expiry.timeIntervalSince(now) < settings.refreshWindow
    }

    /// One resolution at a time: concurrent callers share the same fetch.
    private func fetchOnce() async throws -> (AWSCredentials, String) {
        if let inFlight { return try await inFlight.value }
        let task = Task { try await self.resolve() }
        inFlight = task
        defer { inFlight = nil }
        return try await task.value
    }

    private func resolve() async throws -> (AWSCredentials, String) {
        var attempts: [AWSCredentialsError.Attempt] = []
        func stop(_ source: String, _ reason: String) -> AWSCredentialsError {
            attempts.append(.init(source: source, outcome: reason))
            return AWSCredentialsError(attempts: attempts, failedSource: source)
        }

        if let explicit = settings.explicit { return (explicit, "explicit keys in the swiftdbt profile") }
        attempts.append(.init(source: "explicit keys", outcome: "none given in the swiftdbt profile"))

        switch environmentCredentials() {
        case .found(let c): return (c, "environment")
        case .absent(let why): attempts.append(.init(source: "environment", outcome: why))
        case .broken(let why): throw stop("environment", why)
        }

        let env = runtime.environment
        if let tokenFile = env["AWS_WEB_IDENTITY_TOKEN_FILE"], !tokenFile.isEmpty {
            let label = "web identity (AWS_WEB_IDENTITY_TOKEN_FILE)"
            guard let roleArn = env["AWS_ROLE_ARN"], !roleArn.isEmpty else {
                throw stop(label, "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not")
            }
            do {
                let creds = try await webIdentityCredentials(
                    roleArn: roleArn, tokenFile: tokenFile, sessionName: env["AWS_ROLE_SESSION_NAME"], region: nil)
                return (creds, label)
            } catch let failure as CredentialSourceFailure {
                throw stop(label, failure.reason)
            }
        }
        attempts.append(.init(source: "web identity", outcome: "AWS_WEB_IDENTITY_TOKEN_FILE is not set"))

        let explicitProfile = settings.profileName ?? env["AWS_PROFILE"] ?? env["AWS_DEFAULT_PROFILE"]
        let profileName = explicitProfile ?? "default"
        let profileLabel = "profile '\(profileName)' (\(shared.configPath), \(shared.credentialsPath))"
        if shared.profile(profileName) == nil {
            if explicitProfile != nil {
                var why = "no such profile"
                let names = shared.profileNames
                if let close = EditDistance.closest(to: profileName, in: names) {
                    why += "; did you mean '\(close)'?"
                } else if !names.isEmpty {
                    why += "; known profiles: \(names.joined(separator: ", "))"
                }
                throw stop(profileLabel, why)
            }
            attempts.append(.init(source: profileLabel, outcome: "no such profile"))
        } else {
            do {
                if let c = try await profileCredentials(profileName, visited: []) { return (c, profileLabel) }
                attempts.append(
                    .init(source: profileLabel, outcome: "has no aws_access_key_id, role_arn or credential_process"))
            } catch let failure as CredentialSourceFailure {
                throw stop(profileLabel, failure.reason)
            }
        }

        if env["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] != nil || env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] != nil {
            do {
                return (try await containerCredentials(), "container credentials")
            } catch let failure as CredentialSourceFailure {
                throw stop("container credentials", failure.reason)
            }
        }
        attempts.append(
            .init(
                source: "container credentials",
                outcome: "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set"))

        if env["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" {
            attempts.append(.init(source: "EC2 instance metadata", outcome: "disabled by AWS_EC2_METADATA_DISABLED"))
        } else {
            do {
                return (try await instanceMetadataCredentials(), "EC2 instance metadata")
            } catch let failure as CredentialSourceFailure {
                attempts.append(.init(source: "EC2 instance metadata", outcome: failure.reason))
            }
        }
        throw AWSCredentialsError(attempts: attempts, failedSource: nil)
    }

}
