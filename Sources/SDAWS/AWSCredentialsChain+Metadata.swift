import Foundation
import SDBasics
import SDHTTP

extension AWSCredentialsChain {
    /// Container credentials ("Container credential provider", AWS SDKs and Tools reference guide):
    /// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` against the ECS agent, or `..._FULL_URI` (HTTPS, or
    /// HTTP to loopback or the ECS/EKS agent addresses) with the token from
    /// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` or `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
    func containerCredentials() async throws -> AWSCredentials {
        let env = runtime.environment
        let url: String
        if let relative = env["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], !relative.isEmpty {
            url = settings.containerBase + (relative.hasPrefix("/") ? relative : "/" + relative)
        } else if let full = env["AWS_CONTAINER_CREDENTIALS_FULL_URI"], !full.isEmpty {
            guard let endpoint = AWSEndpoint(url: full) else {
                throw CredentialSourceFailure(reason: "AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL: \(full)")
            }
            let allowedHTTPHosts: Set<String> = ["169.254.170.2", "169.254.170.23", "[fd00:ec2::23]"]
            guard endpoint.scheme == "https" || endpoint.isLoopback || allowedHTTPHosts.contains(endpoint.host) else {
                throw CredentialSourceFailure(
                    reason:
                        "AWS_CONTAINER_CREDENTIALS_FULL_URI must use HTTPS or a loopback or container-agent host, not \(endpoint.host)"
                )
            }
            url = full
        } else {
            throw CredentialSourceFailure(reason: "not configured")
        }
        var headers: [String: String] = [:]
        var token: String?
        if let file = env["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"], !file.isEmpty {
            do {
                token = try runtime.fileSystem.readFile(file).trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw CredentialSourceFailure(reason: "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(file)")
            }
        } else if let value = env["AWS_CONTAINER_AUTHORIZATION_TOKEN"], !value.isEmpty {
            token = value
        }
        if let token {
            guard !token.contains("\r"), !token.contains("\n") else {
                throw CredentialSourceFailure(reason: "the container authorization token contains a line break")
            }
            headers["Authorization"] = token
        }
        let body = try await metadataGET(
            url, headers: headers, attempts: 3, timeout: 2, what: "container credentials endpoint")
        guard let json = try? JSONValue.parse(body) else {
            throw CredentialSourceFailure(reason: "container credentials endpoint returned no JSON")
        }
        return try Self.credentials(fromJSON: json, what: "container credentials response")
    }

    /// EC2 instance metadata, IMDSv2 ("Use the Instance Metadata Service to access instance
    /// metadata", Amazon EC2 user guide): PUT a session token, GET the role name, GET its credentials.
    func instanceMetadataCredentials() async throws -> AWSCredentials {
        let env = runtime.environment
        var base =
            env["AWS_EC2_METADATA_SERVICE_ENDPOINT"]
            ?? (env["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"]?.lowercased() == "ipv6"
                ? "http://[fd00:ec2::254]" : "http://169.254.169.254")
        while base.hasSuffix("/") { base.removeLast() }
        let timeout = env["AWS_METADATA_SERVICE_TIMEOUT"].flatMap(Double.init) ?? 1
        let attempts = env["AWS_METADATA_SERVICE_NUM_ATTEMPTS"].flatMap(Int.init) ?? 1
        var headers: [String: String] = [:]
        let tokenRequest = HTTPRequest(
            method: "PUT", url: base + "/latest/api/token", headers: ["X-aws-ec2-metadata-token-ttl-seconds": "21600"],
            timeout: timeout)
        do {
            let response = try await runtime.transport.send(tokenRequest)
            if response.status == 200 {
                headers["X-aws-ec2-metadata-token"] = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
            } else if [403, 404, 405].contains(response.status),
                env["AWS_EC2_METADATA_V1_DISABLED"]?.lowercased() != "true"
            {
                runtime.log("aws: IMDSv2 token refused (HTTP \(response.status)), falling back to IMDSv1")
            } else {
                throw CredentialSourceFailure(reason: "IMDSv2 token request answered HTTP \(response.status)")
            }
        } catch let failure as HTTPTransportError {
            throw CredentialSourceFailure(reason: "not reachable at \(base) (\(failure))")
        }
        let rolePath = base + "/latest/meta-data/iam/security-credentials/"
        let roleList = try await metadataGET(
            rolePath, headers: headers, attempts: attempts, timeout: timeout, what: "instance metadata")
        guard
            let role = String(decoding: roleList, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(
                String.init),
            !role.isEmpty
        else {
            throw CredentialSourceFailure(reason: "the instance has no IAM role attached")
        }
        let body = try await metadataGET(
            rolePath + role, headers: headers, attempts: attempts, timeout: timeout, what: "instance metadata")
        guard let json = try? JSONValue.parse(body) else {
            throw CredentialSourceFailure(reason: "instance metadata returned no JSON for role \(role)")
        }
        if let code = json["Code"]?.stringValue, code != "Success" {
            throw CredentialSourceFailure(reason: "instance metadata reports \(code) for role \(role)")
        }
        return try Self.credentials(fromJSON: json, what: "instance metadata credentials")
    }

    /// A GET to a local metadata endpoint, retried on no response and on 5xx.
    private func metadataGET(
        _ url: String, headers: [String: String], attempts: Int, timeout: Double, what: String
    ) async throws -> Data {
        var lastProblem = ""
        for attempt in 1...max(1, attempts) {
            do {
                let response = try await runtime.transport.send(
                    HTTPRequest(method: "GET", url: url, headers: headers, timeout: timeout))
                if response.status == 200 { return response.body }
                lastProblem = "\(what) answered HTTP \(response.status)"
                if response.status == 404 { lastProblem += " for \(AWSRedaction.redactURL(url))" }
                if response.status < 500 { break }
            } catch let failure as HTTPTransportError {
                lastProblem = "\(what) not reachable (\(failure))"
            }
            if attempt < attempts { try await runtime.sleep(1) }
        }
        throw CredentialSourceFailure(reason: lastProblem)
    }
}
