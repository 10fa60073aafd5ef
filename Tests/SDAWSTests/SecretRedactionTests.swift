import Foundation
import SDBasics
import Testing

@testable import SDAWS

/// Secrets never reach text a user or a log can see: the secret key, the session token and the
/// signature (a signature is a credential for the request it signs until it expires).
@Suite struct SecretRedactionTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYSECRETKEY"
    static let token = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN"
    static let creds = AWSCredentials(accessKeyID: "ASIAREDACT", secretAccessKey: secret, sessionToken: token)

    static func leaks(_ text: String, signature: String? = nil) -> [String] {
        [secret, token, signature].compactMap { $0 }.filter { text.contains($0) }
    }

    @Test func credentialsPrintWithoutSecrets() {
        var dumped = ""
        dump(Self.creds, to: &dumped)
        for text in ["\(Self.creds)", String(reflecting: Self.creds), dumped] {
            #expect(Self.leaks(text).isEmpty, "\(text)")
            #expect(text.contains("ASIAREDACT"))
        }
    }

    @Test func signedRequestsAndWireRequestsPrintWithoutSecrets() throws {
        let signer = SigV4Signer(service: "athena", region: "us-east-1")
        let signed = signer.sign(
            AWSRequest(method: "POST", headers: ["X-Amz-Target": "AmazonAthena.GetWorkGroup"]),
            endpoint: AWSEndpoint(host: "athena.us-east-1.amazonaws.com"), credentials: Self.creds,
            date: Date(timeIntervalSince1970: 1_769_504_400))
        let authorization = try #require(signed.headers["Authorization"])
        let signature = String(try #require(authorization.split(separator: "=").last))
        let wire = HTTPRequest(method: signed.method, url: signed.url, headers: signed.headers, body: signed.body)
        var dumped = ""
        dump(signed, to: &dumped)
        dump(wire, to: &dumped)
        for text in ["\(signed)", "\(wire)", dumped] {
            #expect(Self.leaks(text, signature: signature).isEmpty, "\(text)")
            #expect(text.contains("Credential=ASIAREDACT/20260127/us-east-1/athena/aws4_request"))
        }
        let presigned = SigV4Signer(service: "s3", region: "us-east-1").presignedURL(
            path: "/b/k", endpoint: AWSEndpoint(host: "s3.amazonaws.com"), credentials: Self.creds,
            date: Date(timeIntervalSince1970: 0))
        let redacted = AWSRedaction.redactURL(presigned)
        #expect(redacted.contains("X-Amz-Signature=<redacted>"))
        #expect(redacted.contains("X-Amz-Security-Token=<redacted>"))
        #expect(!redacted.contains(Self.token))
    }

    @Test func errorsAndDebugLogsOfAFailingRetriedCallHoldNoSecret() async throws {
        // The server echoes the token and the signature back, as some error bodies do.
        let server = try await ScriptedServer([
            .init(500, "oops"),
            .init(
                403, "<Error><Code>AccessDenied</Code><Message>token \(Self.token) may not call this</Message></Error>"),
        ])
        let log = LogSink()
        let runtime = TestRuntime.make(environment: ["AWS_ENDPOINT_URL": server.url], log: log)
        let client = try AWSClient(
            runtime: runtime, options: AWSClientOptions(region: "us-east-1", credentials: Self.creds))
        let error = await #expect(throws: AWSServiceError.self) {
            _ = try await client.send(
                service: .athena, target: "AmazonAthena.GetWorkGroup", json: ["WorkGroup": "primary"])
        }
        await server.stop()
        let authorization = try #require(server.requests.first?.headers["authorization"])
        let signature = String(try #require(authorization.split(separator: "=").last))
        let report = await client.connectivityReport(athenaWorkGroup: "primary")
        let visible = [
            String(describing: error), log.lines.joined(separator: "\n"),
            report.map(\.description).joined(separator: "\n"),
        ]
        .joined(separator: "\n")
        #expect(!log.lines.isEmpty)
        #expect(Self.leaks(visible, signature: signature).isEmpty, "\(visible)")
        #expect(error?.message == "token <redacted> may not call this")
    }

    @Test func credentialErrorsHoldNoSecret() async throws {
        // A profile with a key and secret but a broken role set-up: the error names the profile only.
        let files = [
            "/home/test/.aws/config":
                "[profile p]\nrole_arn = arn:aws:iam::1:role/r\naws_access_key_id = AKIA1\naws_secret_access_key = \(Self.secret)\ncredential_source = Nowhere\n"
        ]
        let runtime = TestRuntime.make(environment: ["AWS_PROFILE": "p"], files: files)
        let client = try AWSClient(runtime: runtime, options: AWSClientOptions(region: "us-east-1"))
        let error = await #expect(throws: AWSCredentialsError.self) { _ = try await client.credentials() }
        #expect(error.map { Self.leaks($0.description) } == [])
        #expect(error?.description.contains("unknown credential_source 'Nowhere'") == true)
    }

    /// Credentials the chain resolves (here from the shared credentials file, which no other part of
    /// swiftdbt reads) are handed to the process's scrubber before any request can fail and echo them.
    @Test func resolvedCredentialsReachTheScrubber() async throws {
        let scrubber = SecretScrubber()
        var runtime = TestRuntime.make(files: [
            "/home/test/.aws/credentials":
                "[default]\naws_access_key_id = ASIAFILE\naws_secret_access_key = \(Self.secret)\naws_session_token = \(Self.token)\n"
        ])
        runtime.scrubber = scrubber
        let client = try AWSClient(runtime: runtime, options: AWSClientOptions(region: "us-east-1"))
        #expect(scrubber.scrub("key \(Self.secret) token \(Self.token)").contains(Self.secret))
        _ = try await client.credentials()
        #expect(scrubber.scrub("key \(Self.secret) token \(Self.token)") == "key ***** token *****")
    }
}
