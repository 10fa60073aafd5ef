import Foundation
import SDAWS
import SDAthena
import SDBasics
import SDTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The Athena and Glue requests SDAthena builds, signed by SDAWS and verified by moto 5.2.1, which
/// recomputes every signature with botocore once authentication is on (docs/athena.md; moto's
/// server mode). moto runs no SQL, so this checks signing and request shapes, not materializations.
@Suite(.serialized) struct MotoSignatureTests {
    static func motoServer() -> String? {
        let env = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let python = env["SWIFTDBT_PYTHON"], !python.isEmpty {
            candidates.append(URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("moto_server").path)
        }
        candidates.append(RTSAOnFakeTests.packageRoot + "/.venv/bin/moto_server")
        for dir in (env["PATH"] ?? "").split(separator: ":") { candidates.append("\(dir)/moto_server") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func client(_ url: String, key: String, secret: String) throws -> AWSClient {
        let runtime = AWSRuntime(
            environment: ["AWS_ENDPOINT_URL": url], fileSystem: MemoryFileSystem(), transport: URLSessionTransport(),
            processRunner: SystemProcessRunner(), now: { Date() }, sleep: { _ in })
        return try AWSClient(
            runtime: runtime,
            options: AWSClientOptions(
                region: "us-east-1", credentials: AWSCredentials(accessKeyID: key, secretAccessKey: secret),
                retryPolicy: AWSRetryPolicy(maxAttempts: 2, maxBackoff: 0.01, baseDelay: 0.001)))
    }

    @Test func athenaAndGlueCallsPassMotosSignatureCheck() async throws {
        guard let executable = Self.motoServer() else {
            Issue.record("no moto_server found: run `make test` (bootstrap) or set SWIFTDBT_PYTHON")
            return
        }
        let port = Int.random(in: 41000..<49000)
        let url = "http://127.0.0.1:\(port)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-H", "127.0.0.1", "-p", String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            // moto's server can ignore SIGTERM; never wait on it unbounded.
            process.terminate()
            let deadline = Date().addingTimeInterval(3)
            while process.isRunning, Date() < deadline { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        let transport = URLSessionTransport()
        for _ in 0..<150 {
            if let r = try? await transport.send(HTTPRequest(method: "GET", url: url + "/moto-api/data.json", timeout: 2)), r.status == 200 { break }
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        // Set-up while moto accepts anything: a user with an allow-all policy and a key.
        let iam = AWSService(signingName: "iam", endpointPrefix: "iam", environmentSuffix: "IAM", configKey: "iam")
        let setup = try Self.client(url, key: "AKIASETUP", secret: "setup")
        _ = try await setup.sendQuery(service: iam, action: "CreateUser", version: "2010-05-08", parameters: [AWSQueryItem("UserName", "dbt")])
        _ = try await setup.sendQuery(
            service: iam, action: "PutUserPolicy", version: "2010-05-08",
            parameters: [
                AWSQueryItem("UserName", "dbt"), AWSQueryItem("PolicyName", "all"),
                AWSQueryItem("PolicyDocument", #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#),
            ])
        let keyXML = try await setup.sendQuery(
            service: iam, action: "CreateAccessKey", version: "2010-05-08",
            parameters: [AWSQueryItem("UserName", "dbt")])
        let key = try #require(keyXML.value("AccessKeyId"))
        let secret = try #require(keyXML.value("SecretAccessKey"))
        // The staging bucket exists, as it must for Athena's results (and each run's lease, s3_staging_dir/swiftdbt-runs/).
        _ = try await setup.sendS3(method: "PUT", bucket: "results", operation: "CreateBucket")
        let on = try await transport.send(
            HTTPRequest(
                method: "POST", url: url + "/moto-api/reset-auth",
                headers: ["Content-Type": "text/plain"], body: Data("0".utf8)))
        #expect(on.status == 200)

        var settings = AthenaSettings(target: FakeWorld.target())
        settings.endpoints = [:]
        let good = AthenaEngine(
            settings: settings, aws: try Self.client(url, key: key, secret: secret), now: { Date() },
            sleep: { try await Task.sleep(nanoseconds: UInt64($0 * 1_000_000_000)) })
        // StartQueryExecution with token, work group and output location; GetQueryExecution polls.
        let execution = try await good.client.execute("select 1", database: "default")
        #expect(execution.state == "SUCCEEDED")
        // Glue: CreateDatabase, GetDatabase, GetTable of a missing table (EntityNotFound → nil), GetTables.
        let glue = GlueCatalog(aws: try Self.client(url, key: key, secret: secret))
        try await glue.createDatabase("analytics")
        #expect(try await glue.databaseExists("analytics"))
        #expect(try await glue.table("analytics", "nope") == nil)
        #expect(try await good.existingRelations(schemas: []).isEmpty)
        // The run's lease is written (PutObject), read back by the orphan check (ListObjectsV2, GetObject) and removed at close.
        await good.close()

        // The same calls with a wrong secret are refused by moto's botocore check.
        let bad = AthenaEngine(
            settings: settings, aws: try Self.client(url, key: key, secret: "wrong"), now: { Date() },
            sleep: { _ in })
        do {
            _ = try await bad.client.execute("select 1")
            Issue.record("a wrong secret was accepted")
        } catch let e as AWSServiceError {
            #expect(e.code == "SignatureDoesNotMatch")
            #expect(e.statusCode == 403)
        }
    }
}
