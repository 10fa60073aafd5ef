import Foundation
import SDBasics
import Testing

@testable import SDAWS

/// The credentials chain. Order and settings follow "Configuration and credential file settings"
/// and "Environment variables to configure the AWS CLI" (AWS CLI user guide); the providers follow
/// the AWS SDKs and Tools reference guide ("Container credential provider", "IMDS credential
/// provider", "Assume role credential provider", "Process credential provider").
@Suite struct CredentialsChainTests {
    static func chainClient(
        environment: [String: String] = [:], files: [String: String] = [:],
        processRunner: FakeProcessRunner = FakeProcessRunner(),
        clock: ManualClock? = nil, containerBase: String? = nil,
        options: AWSClientOptions = AWSClientOptions(region: "us-east-1")
    ) throws -> AWSClient {
        let runtime = TestRuntime.make(
            environment: environment, files: files, processRunner: processRunner, clock: clock)
        return try AWSClient(runtime: runtime, options: options, containerBase: containerBase, credentialsProvider: nil)
    }

    static func chainError(_ client: AWSClient) async -> AWSCredentialsError? {
        do {
            _ = try await client.credentials()
            return nil
        } catch let error as AWSCredentialsError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    static let credentialJSON =
        #"{"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"container-secret","Token":"container-token","Expiration":"2030-01-01T00:00:00Z"}"#

    // MARK: order

    @Test func explicitKeysBeatEnvironmentAndEnvironmentBeatsProfiles() async throws {
        let env = [
            "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_SESSION_TOKEN": "env-token",
        ]
        let files = [
            "/home/test/.aws/credentials":
                "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = file-secret\n"
        ]
        let explicit = AWSCredentials(accessKeyID: "AKIAEXPLICIT", secretAccessKey: "x")
        let a = try Self.chainClient(
            environment: env, files: files, options: AWSClientOptions(region: "us-east-1", credentials: explicit))
        #expect(try await a.credentials().accessKeyID == "AKIAEXPLICIT")
        let b = try Self.chainClient(environment: env, files: files)
        let fromEnv = try await b.credentials()
        #expect(fromEnv.accessKeyID == "AKIAENV")
        #expect(fromEnv.sessionToken == "env-token")
        let c = try Self.chainClient(files: files)
        #expect(try await c.credentials().accessKeyID == "AKIAFILE")
    }

    @Test func profilesComeFromConfigAndCredentialsFilesWithCredentialsWinning() async throws {
        let files = [
            "/cfg/config":
                "[profile dev]\nregion = eu-west-1\naws_access_key_id = AKIACONFIG\naws_secret_access_key = config-secret\n",
            "/cfg/credentials":
                "# comment\n[dev]\naws_access_key_id = AKIACREDS\naws_secret_access_key = creds-secret\naws_session_token = tok\n",
        ]
        let env = [
            "AWS_CONFIG_FILE": "/cfg/config", "AWS_SHARED_CREDENTIALS_FILE": "/cfg/credentials", "AWS_PROFILE": "dev",
        ]
        let client = try Self.chainClient(environment: env, files: files, options: AWSClientOptions())
        #expect(client.region == "eu-west-1")
        let creds = try await client.credentials()
        #expect(creds.accessKeyID == "AKIACREDS")
        #expect(creds.sessionToken == "tok")
    }

    @Test func aMissingChainListsEverythingTried() async throws {
        let closedPort = freeLoopbackPort()
        let client = try Self.chainClient(environment: [
            "AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:\(closedPort)",
        ])
        let error = try #require(await Self.chainError(client))
        #expect(error.failedSource == nil)
        #expect(
            error.attempts.map(\.source) == [
                "explicit keys", "environment", "web identity",
                "profile 'default' (/home/test/.aws/config, /home/test/.aws/credentials)",
                "container credentials", "EC2 instance metadata",
            ])
        let text = error.description
        #expect(text.hasPrefix("no AWS credentials found\ntried, in order:\n"))
        #expect(text.contains("environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set"))
        #expect(text.contains("EC2 instance metadata: not reachable at http://127.0.0.1:\(closedPort)"))
    }

    @Test func halfSetEnvironmentStopsTheChain() async throws {
        let client = try Self.chainClient(environment: ["AWS_ACCESS_KEY_ID": "AKIAONLY"])
        let error = try #require(await Self.chainError(client))
        #expect(error.failedSource == "environment")
        #expect(error.description.contains("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"))
    }

    @Test func aMistypedProfileSuggestsTheClosestName() async throws {
        let files = [
            "/home/test/.aws/config": "[profile analytics]\nregion = us-east-1\n[default]\nregion = us-east-1\n"
        ]
        let client = try Self.chainClient(environment: ["AWS_PROFILE": "analytcs"], files: files)
        let error = try #require(await Self.chainError(client))
        #expect(error.description.contains("no such profile; did you mean 'analytics'?"))
    }

    @Test func anSSOProfileExplainsTheWorkaround() async throws {
        let files = [
            "/home/test/.aws/config": "[profile corp]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = dbt\n"
        ]
        let error = try #require(
            await Self.chainError(try Self.chainClient(environment: ["AWS_PROFILE": "corp"], files: files)))
        #expect(error.failedSource?.hasPrefix("profile 'corp'") == true)
        #expect(
            error.description.contains(
                "credential_process = aws configure export-credentials --profile corp --format process"))
    }

    // MARK: assume role

    static let assumeRoleResponse = """
        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <AssumeRoleResult>
            <Credentials>
              <AccessKeyId>ASIAROLE</AccessKeyId>
              <SecretAccessKey>role-secret</SecretAccessKey>
              <SessionToken>role-token</SessionToken>
              <Expiration>2030-01-01T01:00:00Z</Expiration>
            </Credentials>
            <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/dbt/swiftdbt-test</Arn></AssumedRoleUser>
          </AssumeRoleResult>
          <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
        </AssumeRoleResponse>
        """

    @Test func sourceProfileAndRoleArnAssumeTheRoleThroughSTS() async throws {
        let sts = try await ScriptedServer([.init(200, Self.assumeRoleResponse)])
        let files = [
            "/home/test/.aws/config": """
            [profile base]
            aws_access_key_id = AKIABASE
            aws_secret_access_key = base-secret
            [profile dev]
            role_arn = arn:aws:iam::123456789012:role/dbt
            source_profile = base
            role_session_name = swiftdbt-test
            external_id = ext-1
            region = eu-central-1
            """
        ]
        let client = try Self.chainClient(
            environment: ["AWS_PROFILE": "dev", "AWS_ENDPOINT_URL_STS": sts.url], files: files,
            options: AWSClientOptions())
        let creds = try await client.credentials()
        await sts.stop()
        #expect(creds.accessKeyID == "ASIAROLE")
        #expect(creds.sessionToken == "role-token")
        #expect(creds.expiration == AWSTimestamp.parseISO8601("2030-01-01T01:00:00Z"))
        let request = try #require(sts.requests.first)
        #expect(request.method == "POST")
        #expect(
            request.body
                == "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdbt&RoleSessionName=swiftdbt-test&ExternalId=ext-1"
        )
        // Signed with the source profile's keys, for the profile's region.
        #expect(request.headers["authorization"]?.contains("Credential=AKIABASE/") == true)
        #expect(request.headers["authorization"]?.contains("/eu-central-1/sts/aws4_request") == true)
    }

    @Test func webIdentityTokenFileAssumesTheRoleWithAnUnsignedCall() async throws {
        let response = Self.assumeRoleResponse.replacingOccurrences(
            of: "AssumeRoleResponse", with: "AssumeRoleWithWebIdentityResponse"
        )
        .replacingOccurrences(of: "AssumeRoleResult", with: "AssumeRoleWithWebIdentityResult")
        let sts = try await ScriptedServer([.init(200, response)])
        let env = [
            "AWS_WEB_IDENTITY_TOKEN_FILE": "/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
            "AWS_ROLE_ARN": "arn:aws:iam::1:role/irsa", "AWS_ROLE_SESSION_NAME": "pod-1",
            "AWS_ENDPOINT_URL_STS": sts.url,
        ]
        let files = ["/var/run/secrets/eks.amazonaws.com/serviceaccount/token": "eyJhbGciOiJSUzI1NiJ9.oidc\n"]
        let creds = try await Self.chainClient(environment: env, files: files).credentials()
        await sts.stop()
        #expect(creds.accessKeyID == "ASIAROLE")
        let request = try #require(sts.requests.first)
        #expect(request.headers["authorization"] == nil)
        #expect(
            request.body
                == "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Firsa&RoleSessionName=pod-1&WebIdentityToken=eyJhbGciOiJSUzI1NiJ9.oidc"
        )
    }

    @Test func aSourceProfileCycleIsReported() async throws {
        let files = [
            "/home/test/.aws/config": """
            [profile a]
            role_arn = arn:aws:iam::1:role/a
            source_profile = b
            [profile b]
            role_arn = arn:aws:iam::1:role/b
            source_profile = a
            """
        ]
        let client = try Self.chainClient(environment: ["AWS_PROFILE": "a"], files: files)
        let error = try #require(await Self.chainError(client))
        #expect(error.description.contains("source_profile cycle: a -> b -> a"))
    }

    @Test func anAssumeRoleRejectionNamesTheRole() async throws {
        let sts = try await ScriptedServer([
            .init(
                403,
                "<ErrorResponse><Error><Code>AccessDenied</Code><Message>not authorized to perform sts:AssumeRole</Message></Error></ErrorResponse>"
            )
        ])
        let files = [
            "/home/test/.aws/credentials":
                "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = base-secret\n",
            "/home/test/.aws/config": "[profile dev]\nrole_arn = arn:aws:iam::1:role/dbt\nsource_profile = base\n",
        ]
        let client = try Self.chainClient(
            environment: ["AWS_PROFILE": "dev", "AWS_ENDPOINT_URL_STS": sts.url], files: files)
        let error = try #require(await Self.chainError(client))
        await sts.stop()
        #expect(
            error.description.contains(
                "sts AssumeRole of arn:aws:iam::1:role/dbt failed: sts AssumeRole failed: AccessDenied"))
        #expect(!error.description.contains("base-secret"))
    }

    // MARK: credential_process

    static func processOutput(_ key: String, expiry: String?) -> AWSProcessOutput {
        let exp = expiry.map { #","Expiration":"\#($0)""# } ?? ""
        return AWSProcessOutput(
            status: 0,
            stdout: Data(
                #"{"Version":1,"AccessKeyId":"\#(key)","SecretAccessKey":"p-secret","SessionToken":"p-token"\#(exp)}"#
                    .utf8))
    }

    static let processProfile = [
        "/home/test/.aws/config": "[default]\ncredential_process = /usr/local/bin/get-creds --role dbt\n"
    ]

    @Test func credentialProcessOutputIsRead() async throws {
        let runner = FakeProcessRunner([Self.processOutput("ASIAPROC", expiry: "2030-01-01T00:00:00Z")])
        let creds = try await Self.chainClient(files: Self.processProfile, processRunner: runner).credentials()
        #expect(creds.accessKeyID == "ASIAPROC")
        #expect(creds.sessionToken == "p-token")
        #expect(runner.commands == ["/usr/local/bin/get-creds --role dbt"])
    }

    @Test func aFailingCredentialProcessStopsTheChainWithItsStderr() async throws {
        let runner = FakeProcessRunner([
            AWSProcessOutput(status: 2, stdout: Data(), stderr: Data("token expired, run sso login\n".utf8))
        ])
        let error = try #require(
            await Self.chainError(try Self.chainClient(files: Self.processProfile, processRunner: runner)))
        #expect(error.description.contains("credential_process exited with status 2: token expired, run sso login"))
        let noVersion = FakeProcessRunner([
            AWSProcessOutput(status: 0, stdout: Data(#"{"AccessKeyId":"a","SecretAccessKey":"b"}"#.utf8))
        ])
        let versionError = try #require(
            await Self.chainError(try Self.chainClient(files: Self.processProfile, processRunner: noVersion)))
        #expect(versionError.description.contains(#"must have "Version": 1"#))
    }

    @Test func theRealProcessRunnerRunsThroughTheShell() async throws {
        let output = try await SystemProcessRunner().run(
            commandLine: #"printf '%s' "$GREETING"; echo oops >&2; exit 3"#, environment: ["GREETING": "hello"])
        #expect(String(decoding: output.stdout, as: UTF8.self) == "hello")
        #expect(String(decoding: output.stderr, as: UTF8.self) == "oops\n")
        #expect(output.status == 3)
    }

    // MARK: refresh

    @Test func temporaryCredentialsAreRefreshedBeforeTheyExpire() async throws {
        let t0 = Date(timeIntervalSince1970: 1_900_000_000)
        let clock = ManualClock(t0)
        let runner = FakeProcessRunner([
            Self.processOutput("ASIAFIRST", expiry: AWSTimestamp.iso8601(t0.addingTimeInterval(20 * 60))),
            Self.processOutput("ASIASECOND", expiry: AWSTimestamp.iso8601(t0.addingTimeInterval(80 * 60))),
        ])
        let client = try Self.chainClient(files: Self.processProfile, processRunner: runner, clock: clock)
        #expect(try await client.credentials().accessKeyID == "ASIAFIRST")
        clock.advance(4 * 60)  // 16 minutes left: still outside the 15-minute refresh window
        #expect(try await client.credentials().accessKeyID == "ASIAFIRST")
        #expect(runner.callCount == 1)
        clock.advance(2 * 60)  // 14 minutes left: refresh
        #expect(try await client.credentials().accessKeyID == "ASIASECOND")
        #expect(runner.callCount == 2)
    }

    @Test func aFailedRefreshKeepsStillValidCredentialsUntilTheyExpire() async throws {
        let t0 = Date(timeIntervalSince1970: 1_900_000_000)
        let clock = ManualClock(t0)
        let runner = FakeProcessRunner([
            Self.processOutput("ASIAFIRST", expiry: AWSTimestamp.iso8601(t0.addingTimeInterval(20 * 60))),
            AWSProcessOutput(status: 1, stdout: Data(), stderr: Data("down".utf8)),
        ])
        let client = try Self.chainClient(files: Self.processProfile, processRunner: runner, clock: clock)
        _ = try await client.credentials()
        clock.advance(10 * 60)
        #expect(try await client.credentials().accessKeyID == "ASIAFIRST")
        clock.advance(11 * 60)  // now past the expiry
        await #expect(throws: AWSCredentialsError.self) { _ = try await client.credentials() }
    }

    /// An ExpiredToken answer before the advertised expiry (revoked session) drops the cache and
    /// the request is signed again with fresh credentials ("Retry behavior", AWS SDKs and Tools
    /// reference guide, on refreshing credentials).
    @Test func anExpiredTokenErrorFetchesFreshCredentialsAndResends() async throws {
        let server = try await ScriptedServer([
            .init(
                400,
                #"{"__type":"ExpiredTokenException","message":"The security token included in the request is expired"}"#
            ),
            .init(200, "{}"),
        ])
        let runner = FakeProcessRunner([
            Self.processOutput("ASIAOLD", expiry: "2099-01-01T00:00:00Z"),
            Self.processOutput("ASIANEW", expiry: "2099-01-01T00:00:00Z"),
        ])
        let client = try Self.chainClient(
            environment: ["AWS_ENDPOINT_URL": server.url], files: Self.processProfile, processRunner: runner)
        _ = try await client.send(service: .glue, target: "AWSGlue.GetDatabases", json: [:])
        await server.stop()
        let keys = server.requests.map { $0.headers["authorization"]?.contains("Credential=ASIANEW/") == true }
        #expect(keys == [false, true])
        #expect(runner.callCount == 2)
    }

    // MARK: container

    @Test func containerRelativeURIIsReadFromTheAgent() async throws {
        let agent = try await ScriptedServer(
            [.init(404)], routes: ["GET /v2/credentials/task-1": .init(200, Self.credentialJSON)])
        let client = try Self.chainClient(
            environment: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/task-1"], containerBase: agent.url)
        let creds = try await client.credentials()
        await agent.stop()
        #expect(creds.accessKeyID == "ASIACONTAINER")
        #expect(creds.sessionToken == "container-token")
        #expect(agent.requests.first?.headers["authorization"] == nil)
    }

    @Test func containerFullURISendsTheTokenFromTheFileOrTheEnvironment() async throws {
        let agent = try await ScriptedServer([.init(200, Self.credentialJSON)])
        let env = [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": agent.url + "/creds",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "env-token",
        ]
        _ = try await Self.chainClient(environment: env).credentials()
        // The token file wins over the variable (EKS Pod Identity mounts a file that rotates).
        var withFile = env
        withFile["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = "/var/run/secrets/token"
        _ = try await Self.chainClient(environment: withFile, files: ["/var/run/secrets/token": "file-token\n"])
            .credentials()
        await agent.stop()
        #expect(agent.requests.map { $0.headers["authorization"] ?? "" } == ["env-token", "file-token"])
        #expect(agent.requests.map(\.path) == ["/creds", "/creds"])
    }

    @Test func containerFullURIOverPlainHTTPMustBeLocal() async throws {
        let client = try Self.chainClient(environment: [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://attacker.example.com/creds"
        ])
        let error = try #require(await Self.chainError(client))
        #expect(error.failedSource == "container credentials")
        #expect(error.description.contains("must use HTTPS or a loopback or container-agent host"))
    }

    // MARK: IMDS

    @Test func imdsV2FetchesATokenThenTheRoleThenItsCredentials() async throws {
        let imds = try await ScriptedServer(
            [.init(404)],
            routes: [
                "PUT /latest/api/token": .init(200, "imds-session-token"),
                "GET /latest/meta-data/iam/security-credentials/": .init(200, "dbt-instance-role\n"),
                "GET /latest/meta-data/iam/security-credentials/dbt-instance-role": .init(
                    200,
                    #"{"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"ASIAIMDS","SecretAccessKey":"imds-secret","Token":"imds-token","Expiration":"2030-01-01T00:00:00Z"}"#
                ),
            ])
        let client = try Self.chainClient(environment: [
            "AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.url + "/",
            "AWS_METADATA_SERVICE_TIMEOUT": "10",
        ])
        let creds = try await client.credentials()
        await imds.stop()
        #expect(creds.accessKeyID == "ASIAIMDS")
        let seen = imds.requests
        #expect(
            seen.map { "\($0.method) \($0.path)" } == [
                "PUT /latest/api/token", "GET /latest/meta-data/iam/security-credentials/",
                "GET /latest/meta-data/iam/security-credentials/dbt-instance-role",
            ])
        #expect(seen[0].headers["x-aws-ec2-metadata-token-ttl-seconds"] == "21600")
        #expect(seen[1].headers["x-aws-ec2-metadata-token"] == "imds-session-token")
        #expect(seen[2].headers["x-aws-ec2-metadata-token"] == "imds-session-token")
    }

    @Test func imdsFallsBackToV1WhenTheTokenCallIsRefusedUnlessV1IsDisabled() async throws {
        let routes: [String: ScriptedServer.Reply] = [
            "PUT /latest/api/token": .init(405),
            "GET /latest/meta-data/iam/security-credentials/": .init(200, "r"),
            "GET /latest/meta-data/iam/security-credentials/r": .init(200, Self.credentialJSON),
        ]
        let imds = try await ScriptedServer([.init(404)], routes: routes)
        let env = ["AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.url, "AWS_METADATA_SERVICE_TIMEOUT": "10"]
        #expect(try await Self.chainClient(environment: env).credentials().accessKeyID == "ASIACONTAINER")
        #expect(imds.requests.dropFirst().allSatisfy { $0.headers["x-aws-ec2-metadata-token"] == nil })
        var v2Only = env
        v2Only["AWS_EC2_METADATA_V1_DISABLED"] = "true"
        let error = try #require(await Self.chainError(try Self.chainClient(environment: v2Only)))
        await imds.stop()
        #expect(error.description.contains("IMDSv2 token request answered HTTP 405"))
    }
}
