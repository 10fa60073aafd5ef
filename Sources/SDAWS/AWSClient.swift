import Foundation
import SDBasics
import SDHTTP

/// Signed calls to AWS over HTTPS for any service: AWS JSON 1.1 (Athena, Glue), the query protocol
/// (STS) and REST (S3), with the credentials chain, endpoint overrides, retries and clock-skew
/// correction. Knows no service's request shapes.
public final class AWSClient: Sendable {
    public let region: String
    public let profileName: String
    let runtime: AWSRuntime
    let shared: AWSSharedConfig
    let endpoints: AWSEndpointResolver
    let pipeline: AWSRequestPipeline
    /// The credentials the client signs with (the default chain unless one was passed in).
    public let credentialsProvider: any AWSCredentialsProvider

    /// Builds a client; throws `AWSConfigurationError` when no region can be found.
    public convenience init(runtime: AWSRuntime, options: AWSClientOptions = AWSClientOptions()) throws {
        try self.init(runtime: runtime, options: options, containerBase: nil, credentialsProvider: nil)
    }

    init(
        runtime: AWSRuntime, options: AWSClientOptions, containerBase: String?,
        credentialsProvider: (any AWSCredentialsProvider)?
    ) throws {
        let env = runtime.environment
        let shared = AWSSharedConfig(environment: env, fileSystem: runtime.fileSystem)
        let profileName = options.profileName ?? env["AWS_PROFILE"] ?? env["AWS_DEFAULT_PROFILE"] ?? "default"
        let profile = shared.profile(profileName) ?? [:]
        guard
            let region = [options.region, env["AWS_REGION"], env["AWS_DEFAULT_REGION"], profile["region"]]
                .compactMap({ $0 }).first(where: { !$0.isEmpty })
        else {
            throw AWSConfigurationError(
                "no AWS region: set region in the swiftdbt target, AWS_REGION, or region in profile '\(profileName)' of \(shared.configPath)"
            )
        }
        let policy =
            options.retryPolicy
            ?? AWSRetryPolicy(
                maxAttempts: (env["AWS_MAX_ATTEMPTS"] ?? profile["max_attempts"]).flatMap { Int($0) } ?? 5)
        self.region = region
        self.profileName = profileName
        self.runtime = runtime
        self.shared = shared
        endpoints = AWSEndpointResolver(
            environment: env, shared: shared, profileName: profileName, explicit: options.endpointOverrides)
        pipeline = AWSRequestPipeline(
            runtime: runtime, retryPolicy: policy, budget: options.retryBudget ?? AWSRetryBudget(),
            timeout: options.timeout)
        if let credentialsProvider {
            self.credentialsProvider = credentialsProvider
        } else {
            var settings = AWSCredentialsChain.Settings(
                explicit: options.credentials, profileName: options.profileName, region: region)
            if let containerBase { settings.containerBase = containerBase }
            self.credentialsProvider = AWSCredentialsChain(
                runtime: runtime, shared: shared, settings: settings, pipeline: pipeline, endpoints: endpoints)
        }
    }

    /// The endpoint the client calls for a service.
    public func endpoint(for service: AWSService) throws -> AWSEndpoint {
        try endpoints.endpoint(for: service, region: region)
    }

    /// The current credentials, resolved through the chain on first use and refreshed before expiry.
    public func credentials() async throws -> AWSCredentials { try await credentialsProvider.credentials() }

    /// An AWS JSON 1.1 call, e.g. `send(service: .athena, target: "AmazonAthena.GetWorkGroup",
    /// json: ["WorkGroup": "primary"])`; returns the parsed response body (`{}` when empty).
    public func send(service: AWSService, target: String, json: JSONValue) async throws -> JSONValue {
        let response = try await sendJSON(service: service, target: target, body: Data(json.serialized(indent: 0).utf8))
        if response.body.isEmpty { return .object([:]) }
        do {
            return try JSONValue.parse(response.body)
        } catch {
            throw AWSServiceError(
                service: service.signingName, operation: Self.operation(of: target), statusCode: response.status,
                code: "InvalidResponse", message: "the response body is not JSON",
                requestID: response.header("x-amzn-requestid"))
        }
    }

    /// An AWS JSON 1.1 call with a raw body; returns the 2xx response.
    public func sendJSON(service: AWSService, target: String, body: Data) async throws -> HTTPResponse {
        let request = AWSRequest(
            method: "POST", path: "/",
            headers: ["Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": target], body: body)
        return try await perform(request, service: service, operation: Self.operation(of: target))
    }

    /// A query-protocol call (STS): `Action`, `Version` and the parameters form-encoded; returns the
    /// parsed XML response.
    public func sendQuery(
        service: AWSService, action: String, version: String, parameters: [AWSQueryItem] = []
    ) async throws -> AWSXMLElement {
        let request = AWSRequest.queryProtocol(
            [AWSQueryItem("Action", action), AWSQueryItem("Version", version)] + parameters)
        let response = try await perform(request, service: service, operation: action)
        do {
            return try AWSXMLParser.parse(response.body)
        } catch {
            throw AWSServiceError(
                service: service.signingName, operation: action, statusCode: response.status, code: "InvalidResponse",
                message: "the response body is not XML: \(error)", requestID: response.header("x-amzn-requestid"))
        }
    }

    /// A REST call against the service's endpoint (path and query unencoded); returns the 2xx response.
    public func sendREST(service: AWSService, request: AWSRequest, operation: String? = nil) async throws
        -> HTTPResponse
    {
        try await perform(request, service: service, operation: operation ?? "\(request.method) \(request.path)")
    }

    func perform(_ request: AWSRequest, service: AWSService, operation: String) async throws -> HTTPResponse {
        let endpoint = try endpoints.endpoint(for: service, region: region)
        return try await perform(request, service: service, endpoint: endpoint, operation: operation)
    }

    func perform(
        _ request: AWSRequest, service: AWSService, endpoint: AWSEndpoint, operation: String
    ) async throws -> HTTPResponse {
        try await pipeline.perform(
            request, service: service.signingName, region: region, endpoint: endpoint, operation: operation,
            credentials: credentialsProvider)
    }

    static func operation(of target: String) -> String {
        target.split(separator: ".").last.map(String.init) ?? target
    }

    /// The retry budget's remaining tokens, for diagnostics.
    public var retryTokensAvailable: Int { pipeline.budget.available }
}
