import Foundation
import SDBasics

extension AWSCredentialsChain {
    enum Lookup {
        case found(AWSCredentials)
        case absent(String)
        case broken(String)
    }

    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` (or the older
    /// `AWS_SECURITY_TOKEN`), as the AWS CLI reads them; one key without the other is an error.
    func environmentCredentials() -> Lookup {
        let env = runtime.environment
        let key = env["AWS_ACCESS_KEY_ID"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = env["AWS_SECRET_ACCESS_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        switch (key, secret) {
        case (nil, nil):
            return .absent("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set")
        case (.some, nil):
            return .broken("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        case (nil, .some):
            return .broken("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
        case (.some(let k), .some(let s)):
            let expiry = env["AWS_CREDENTIAL_EXPIRATION"].flatMap(AWSTimestamp.parseISO8601)
            return .found(
                AWSCredentials(
                    accessKeyID: k, secretAccessKey: s,
                    sessionToken: env["AWS_SESSION_TOKEN"] ?? env["AWS_SECURITY_TOKEN"], expiration: expiry))
        }
    }

    /// A profile's credentials: `role_arn` (assumed through STS with `source_profile` or
    /// `credential_source`), else static keys, else `credential_process`; nil when it has none.
    func profileCredentials(_ name: String, visited: [String]) async throws -> AWSCredentials? {
        guard let profile = shared.profile(name) else {
            throw CredentialSourceFailure(reason: "profile '\(name)' does not exist")
        }
        if let roleArn = profile["role_arn"], !roleArn.isEmpty, let tokenFile = profile["web_identity_token_file"] {
            return try await webIdentityCredentials(
                roleArn: roleArn, tokenFile: tokenFile, sessionName: profile["role_session_name"],
                region: profile["region"])
        }
        if let roleArn = profile["role_arn"], !roleArn.isEmpty {
            return try await assumeRoleCredentials(
                profileName: name, profile: profile, roleArn: roleArn, visited: visited)
        }
        if let key = profile["aws_access_key_id"], !key.isEmpty {
            guard let secret = profile["aws_secret_access_key"], !secret.isEmpty else {
                throw CredentialSourceFailure(
                    reason: "profile '\(name)' has aws_access_key_id but no aws_secret_access_key")
            }
            return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: profile["aws_session_token"])
        }
        if let command = profile["credential_process"], !command.isEmpty {
            return try await processCredentials(command: command, profileName: name)
        }
        if profile["sso_session"] != nil || profile["sso_start_url"] != nil {
            throw CredentialSourceFailure(
                reason: "profile '\(name)' uses IAM Identity Center (SSO), which swiftdbt does not read directly; "
                    + "add `credential_process = aws configure export-credentials --profile \(name) --format process` "
                    + "to a profile and use that one")
        }
        return nil
    }

    private func assumeRoleCredentials(
        profileName: String, profile: [String: String], roleArn: String, visited: [String]
    ) async throws -> AWSCredentials {
        if profile["mfa_serial"] != nil {
            throw CredentialSourceFailure(
                reason: "profile '\(profileName)' needs an MFA code (mfa_serial), which swiftdbt cannot prompt for")
        }
        let sourceCredentials: AWSCredentials
        switch (profile["source_profile"], profile["credential_source"]) {
        case (.some, .some):
            throw CredentialSourceFailure(
                reason: "profile '\(profileName)' sets both source_profile and credential_source")
        case (nil, nil):
            throw CredentialSourceFailure(
                reason: "profile '\(profileName)' has role_arn but neither source_profile nor credential_source")
        case (.some(let sourceName), nil):
            if visited.contains(sourceName) || (sourceName != profileName && visited.contains(profileName)) {
                let cycle = (visited + [profileName, sourceName]).joined(separator: " -> ")
                throw CredentialSourceFailure(reason: "source_profile cycle: \(cycle)")
            }
            if sourceName == profileName {
                // A profile may name itself to use its own static keys for the AssumeRole call.
                guard let key = profile["aws_access_key_id"], let secret = profile["aws_secret_access_key"] else {
                    throw CredentialSourceFailure(
                        reason: "profile '\(profileName)' is its own source_profile but has no static keys")
                }
                sourceCredentials = AWSCredentials(
                    accessKeyID: key, secretAccessKey: secret, sessionToken: profile["aws_session_token"])
            } else {
                guard shared.profile(sourceName) != nil else {
                    throw CredentialSourceFailure(
                        reason: "source_profile '\(sourceName)' of profile '\(profileName)' does not exist")
                }
                guard let c = try await profileCredentials(sourceName, visited: visited + [profileName]) else {
                    throw CredentialSourceFailure(reason: "source_profile '\(sourceName)' has no credentials")
                }
                sourceCredentials = c
            }
        case (nil, .some(let credentialSource)):
            switch credentialSource {
            case "Environment":
                guard case .found(let c) = environmentCredentials() else {
                    throw CredentialSourceFailure(reason: "credential_source Environment: no keys in the environment")
                }
                sourceCredentials = c
            case "EcsContainer": sourceCredentials = try await containerCredentials()
            case "Ec2InstanceMetadata": sourceCredentials = try await instanceMetadataCredentials()
            default:
                throw CredentialSourceFailure(
                    reason:
                        "unknown credential_source '\(credentialSource)' (expected Environment, EcsContainer or Ec2InstanceMetadata)"
                )
            }
        }
        return try await assumeRole(
            roleArn: roleArn, profileName: profileName, profile: profile, using: sourceCredentials)
    }

    /// STS AssumeRole ("AssumeRole", AWS STS API reference), a query-protocol POST.
    private func assumeRole(
        roleArn: String, profileName: String, profile: [String: String], using source: AWSCredentials
    ) async throws -> AWSCredentials {
        let region = profile["region"] ?? settings.region ?? "us-east-1"
        var params = [
            AWSQueryItem("Action", "AssumeRole"), AWSQueryItem("Version", "2011-06-15"),
            AWSQueryItem("RoleArn", roleArn),
            AWSQueryItem(
                "RoleSessionName",
                profile["role_session_name"] ?? "swiftdbt-\(Int(runtime.now().timeIntervalSince1970))"),
        ]
        if let externalID = profile["external_id"] { params.append(AWSQueryItem("ExternalId", externalID)) }
        if let duration = profile["duration_seconds"] { params.append(AWSQueryItem("DurationSeconds", duration)) }
        let xml: AWSXMLElement
        do {
            let endpoint = try endpoints.endpoint(for: .sts, region: region)
            let request = AWSRequest.queryProtocol(params)
            let response = try await pipeline.perform(
                request, service: "sts", region: region, endpoint: endpoint, operation: "AssumeRole",
                credentials: StaticCredentialsProvider(source))
            xml = try AWSXMLParser.parse(response.body)
        } catch let error as AWSServiceError {
            throw CredentialSourceFailure(reason: "sts AssumeRole of \(roleArn) failed: \(error)")
        } catch {
            throw CredentialSourceFailure(reason: "sts AssumeRole of \(roleArn) failed: \(error)")
        }
        return try Self.stsCredentials(xml, what: "sts AssumeRole of \(roleArn)")
    }

    /// STS AssumeRoleWithWebIdentity ("AssumeRoleWithWebIdentity", AWS STS API reference): an
    /// unsigned call carrying the OIDC token from the file (EKS IAM roles for service accounts).
    /// The file is read on every refresh because the token in it rotates.
    func webIdentityCredentials(roleArn: String, tokenFile: String, sessionName: String?, region: String?) async throws
        -> AWSCredentials
    {
        let token: String
        do {
            token = try runtime.fileSystem.readFile(tokenFile).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw CredentialSourceFailure(reason: "cannot read the web identity token file \(tokenFile)")
        }
        let region = region ?? settings.region ?? "us-east-1"
        let params = [
            AWSQueryItem("Action", "AssumeRoleWithWebIdentity"), AWSQueryItem("Version", "2011-06-15"),
            AWSQueryItem("RoleArn", roleArn),
            AWSQueryItem("RoleSessionName", sessionName ?? "swiftdbt-\(Int(runtime.now().timeIntervalSince1970))"),
            AWSQueryItem("WebIdentityToken", token),
        ]
        let xml: AWSXMLElement
        do {
            let endpoint = try endpoints.endpoint(for: .sts, region: region)
            let response = try await pipeline.perform(
                AWSRequest.queryProtocol(params), service: "sts", region: region, endpoint: endpoint,
                operation: "AssumeRoleWithWebIdentity", credentials: nil)
            xml = try AWSXMLParser.parse(response.body)
        } catch {
            throw CredentialSourceFailure(
                reason:
                    "sts AssumeRoleWithWebIdentity of \(roleArn) failed: \(AWSRedaction.scrub(String(describing: error), secrets: [token]))"
            )
        }
        return try Self.stsCredentials(xml, what: "sts AssumeRoleWithWebIdentity of \(roleArn)")
    }

    static func stsCredentials(_ xml: AWSXMLElement, what: String) throws -> AWSCredentials {
        guard let creds = xml.first("Credentials"), let key = creds.value("AccessKeyId"),
            let secret = creds.value("SecretAccessKey")
        else {
            throw CredentialSourceFailure(reason: "\(what) returned no credentials")
        }
        return AWSCredentials(
            accessKeyID: key, secretAccessKey: secret, sessionToken: creds.value("SessionToken"),
            expiration: creds.value("Expiration").flatMap(AWSTimestamp.parseISO8601))
    }

    /// `credential_process`: runs the command and reads `{"Version": 1, "AccessKeyId", ...}` from
    /// its stdout ("Sourcing credentials with an external process", AWS CLI user guide).
    func processCredentials(command: String, profileName: String) async throws -> AWSCredentials {
        let output: AWSProcessOutput
        do {
            output = try await runtime.processRunner.run(commandLine: command, environment: runtime.environment)
        } catch {
            throw CredentialSourceFailure(reason: "credential_process could not start: \(error)")
        }
        guard output.status == 0 else {
            let stderr = String(decoding: output.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw CredentialSourceFailure(
                reason: "credential_process exited with status \(output.status)"
                    + (stderr.isEmpty ? "" : ": \(stderr.prefix(300))"))
        }
        guard let json = try? JSONValue.parse(output.stdout) else {
            throw CredentialSourceFailure(reason: "credential_process printed no JSON object")
        }
        guard json["Version"]?.intValue == 1 else {
            throw CredentialSourceFailure(reason: "credential_process output must have \"Version\": 1")
        }
        return try Self.credentials(fromJSON: json, what: "credential_process output")
    }

    static func credentials(fromJSON json: JSONValue, what: String) throws -> AWSCredentials {
        guard let key = json["AccessKeyId"]?.stringValue, let secret = json["SecretAccessKey"]?.stringValue else {
            throw CredentialSourceFailure(reason: "\(what) lacks AccessKeyId or SecretAccessKey")
        }
        var expiry: Date?
        if let text = json["Expiration"]?.stringValue {
            guard let parsed = AWSTimestamp.parseISO8601(text) else {
                throw CredentialSourceFailure(reason: "\(what) has an unreadable Expiration '\(text)'")
            }
            expiry = parsed
        }
        return AWSCredentials(
            accessKeyID: key, secretAccessKey: secret,
            sessionToken: json["Token"]?.stringValue ?? json["SessionToken"]?.stringValue, expiration: expiry)
    }
}

extension AWSRequest {
    /// A query-protocol (STS) call: the parameters form-encoded in a POST body.
    static func queryProtocol(_ params: [AWSQueryItem]) -> AWSRequest {
        AWSRequest(
            method: "POST", path: "/",
            headers: ["Content-Type": "application/x-www-form-urlencoded; charset=utf-8"],
            body: Data(AWSPercentEncoding.queryString(params).utf8))
    }
}
