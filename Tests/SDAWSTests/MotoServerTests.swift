import Foundation
import SDBasics
import Testing

@testable import SDAWS

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A moto server (moto[server] 5.2.1 from the bootstrap's venv) on a free loopback port, killed at
/// the end. moto recomputes each signature with botocore once auth is switched on, so it checks the
/// Swift signer end to end for the JSON 1.1 (Athena, Glue) and query (STS, IAM) protocols.
final class MotoServer: @unchecked Sendable {
    let port: Int
    let process: Process
    let logPath: String
    var url: String { "http://127.0.0.1:\(port)" }

    init() async throws {
        let executable = try TestEnvironment.venvBin("moto_server")
        port = freeLoopbackPort()
        logPath = NSTemporaryDirectory() + "moto-\(port).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-H", "127.0.0.1", "-p", String(port)]
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = log
        process.standardError = log
        try process.run()
        // Bounded wait for the server to answer.
        let transport = URLSessionTransport()
        let deadline = Date().addingTimeInterval(30)
        while true {
            if let r = try? await transport.send(
                HTTPRequest(method: "GET", url: url + "/moto-api/data.json", timeout: 2)),
                r.status == 200
            {
                return
            }
            if !process.isRunning || Date() > deadline {
                stop()
                let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
                throw TestEnvironment.ProcessFailed(
                    status: process.terminationStatus, stderr: "moto did not start:\n\(text)")
            }
            try await Task.sleep(nanoseconds: 200_000_000)
        }
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Switches signature checking on: from now on every request is verified ("reset-auth" takes
    /// the number of requests still let through unchecked).
    func enableAuthentication() async throws {
        let response = try await URLSessionTransport().send(
            HTTPRequest(
                method: "POST", url: url + "/moto-api/reset-auth", headers: ["Content-Type": "text/plain"],
                body: Data("0".utf8)))
        guard response.status == 200 else {
            throw TestEnvironment.ProcessFailed(status: Int32(response.status), stderr: response.text)
        }
    }
}

@Suite(.serialized) struct MotoServerTests {
    static let iam = AWSService(signingName: "iam", endpointPrefix: "iam", environmentSuffix: "IAM", configKey: "iam")

    func client(_ moto: MotoServer, key: String, secret: String, log: LogSink? = nil) throws -> AWSClient {
        // The endpoint comes from AWS_ENDPOINT_URL, as it would for a user pointing at a local stack.
        let runtime = TestRuntime.make(
            environment: ["AWS_ENDPOINT_URL": moto.url, "AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret],
            log: log)
        return try AWSClient(runtime: runtime, options: AWSClientOptions(region: "us-east-1"))
    }

    @Test func signedCallsPassAndAWrongSecretIsRejected() async throws {
        let moto = try await MotoServer()
        defer { moto.stop() }

        // Set-up while moto still accepts anything: a user with an allow-all policy and an access key.
        let setup = try client(moto, key: "AKIASETUP", secret: "setup-secret")
        _ = try await setup.sendQuery(
            service: Self.iam, action: "CreateUser", version: "2010-05-08",
            parameters: [AWSQueryItem("UserName", "swiftdbt")])
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
        _ = try await setup.sendQuery(
            service: Self.iam, action: "PutUserPolicy", version: "2010-05-08",
            parameters: [
                AWSQueryItem("UserName", "swiftdbt"), AWSQueryItem("PolicyName", "all"),
                AWSQueryItem("PolicyDocument", policy),
            ])
        let keyXML = try await setup.sendQuery(
            service: Self.iam, action: "CreateAccessKey", version: "2010-05-08",
            parameters: [AWSQueryItem("UserName", "swiftdbt")])
        let key = try #require(keyXML.value("AccessKeyId"))
        let secret = try #require(keyXML.value("SecretAccessKey"))
        _ = try await setup.sendS3(method: "PUT", bucket: "swiftdbt-lake")
        try await moto.enableAuthentication()

        let log = LogSink()
        let good = try client(moto, key: key, secret: secret, log: log)
        let groups = try await good.send(service: .athena, target: "AmazonAthena.ListWorkGroups", json: [:])
        let names = groups["WorkGroups"]?.arrayValue?.compactMap { $0["Name"]?.stringValue } ?? []
        #expect(names.contains("primary"))
        let group = try await good.send(
            service: .athena, target: "AmazonAthena.GetWorkGroup", json: ["WorkGroup": "primary"])
        #expect(group["WorkGroup"]?["Name"]?.stringValue == "primary")
        let databases = try await good.send(service: .glue, target: "AWSGlue.GetDatabases", json: [:])
        #expect(databases["DatabaseList"]?.arrayValue != nil)
        let identity = try await good.callerIdentity()
        #expect(identity.arn.hasSuffix(":user/swiftdbt"))

        // S3 REST through the same signer (S3 rules: path encoded once, payload hash header). moto
        // rebuilds S3 URLs with some escapes decoded (seen with moto 5.2.1), so the keys here avoid `=`,
        // `+` and a `/` in query values, which moto would reject although they are signed right.
        let objectKey = "tables/c d/part 0.csv"
        _ = try await good.sendS3(method: "PUT", bucket: "swiftdbt-lake", key: objectKey, body: Data("id\n1\n".utf8))
        let object = try await good.sendS3(method: "GET", bucket: "swiftdbt-lake", key: objectKey)
        #expect(object.text == "id\n1\n")
        let listing = try AWSXMLElement.parse(
            try await good.sendS3(method: "GET", bucket: "swiftdbt-lake", query: [AWSQueryItem("list-type", "2")]).body)
        #expect(listing.children("Contents").compactMap { $0.value("Key") } == [objectKey])
        // Presigned URLs are checked against botocore only: with auth on, moto answers any request
        // without an Authorization header with HTTP 500.

        let report = await good.connectivityReport(athenaWorkGroup: "primary")
        #expect(
            report.map(\.name) == [
                "region and endpoints", "credentials", "sts GetCallerIdentity", "athena GetWorkGroup",
            ])
        #expect(report.allSatisfy { $0.succeeded }, "\(report)")

        // The same calls with a wrong secret are rejected by the signature check, as typed errors.
        let bad = try client(moto, key: key, secret: secret + "x")
        for (service, target) in [(AWSService.athena, "AmazonAthena.GetWorkGroup"), (.glue, "AWSGlue.GetDatabases")] {
            let error = await #expect(throws: AWSServiceError.self) {
                _ = try await bad.send(service: service, target: target, json: ["WorkGroup": "primary"])
            }
            #expect(error?.code == "SignatureDoesNotMatch")
            #expect(error?.statusCode == 403)
            #expect(error?.attempts == 1)
        }
        let stsError = await #expect(throws: AWSServiceError.self) { _ = try await bad.callerIdentity() }
        #expect(stsError?.code == "SignatureDoesNotMatch")
        let s3Error = await #expect(throws: AWSServiceError.self) {
            _ = try await bad.sendS3(method: "GET", bucket: "swiftdbt-lake", key: objectKey)
        }
        #expect(s3Error?.code == "SignatureDoesNotMatch")

        // An access key moto never issued.
        let unknown = try client(moto, key: "AKIANOBODY", secret: secret)
        let unknownError = await #expect(throws: AWSServiceError.self) { _ = try await unknown.callerIdentity() }
        #expect(unknownError?.code == "InvalidClientTokenId")

        let failedReport = await bad.connectivityReport(athenaWorkGroup: "primary")
        #expect(failedReport.filter { !$0.succeeded }.map(\.name) == ["sts GetCallerIdentity", "athena GetWorkGroup"])

        // Nothing secret reached the debug log or the report.
        let everything =
            log.lines.joined(separator: "\n") + report.map(\.description).joined()
            + failedReport.map(\.description).joined()
        #expect(!everything.contains(secret))
    }
}
