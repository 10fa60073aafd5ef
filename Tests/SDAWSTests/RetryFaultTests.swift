import Foundation
import SDBasics
import Testing

@testable import SDAWS

/// Retry paths against a fake server on loopback. The behaviour follows "Retry behavior" in the AWS
/// SDKs and Tools reference guide (standard mode: which errors are retried, capped exponential
/// backoff with full jitter, the retry quota) and "Error responses" / "Common errors" of the AWS
/// API references for the error shapes.
@Suite struct RetryFaultTests {
    static let key = AWSCredentials(
        accessKeyID: "AKIDFAULT", secretAccessKey: "fault-secret-do-not-print", sessionToken: "fault-token-do-not-print"
    )

    static func client(
        _ server: ScriptedServer, sleeper: RecordingSleeper = RecordingSleeper(), clock: ManualClock? = nil,
        maxAttempts: Int = 4, budget: AWSRetryBudget? = nil, log: LogSink? = nil, endpoint: String? = nil
    ) throws -> AWSClient {
        let runtime = TestRuntime.make(clock: clock, sleeper: sleeper, random: 0.5, log: log)
        let url = endpoint ?? server.url
        return try AWSClient(
            runtime: runtime,
            options: AWSClientOptions(
                region: "eu-west-1", credentials: key,
                endpointOverrides: ["athena": url, "glue": url, "s3": url, "sts": url],
                retryPolicy: AWSRetryPolicy(maxAttempts: maxAttempts), timeout: 5, retryBudget: budget))
    }

    static let ok = ScriptedServer.Reply(200, #"{"WorkGroup":{"Name":"primary","State":"ENABLED"}}"#)

    @Test(arguments: [
        "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded", "Throttling", "SlowDown",
        "ProvisionedThroughputExceededException", "LimitExceededException",
    ])
    func throttlingCodesAreRetried(code: String) async throws {
        let server = try await ScriptedServer([
            .init(400, #"{"__type":"com.amazonaws.athena#\#(code)","message":"Rate exceeded"}"#), Self.ok,
        ])
        let sleeper = RecordingSleeper()
        let client = try Self.client(server, sleeper: sleeper)
        let result = try await client.send(
            service: .athena, target: "AmazonAthena.GetWorkGroup", json: ["WorkGroup": "primary"])
        await server.stop()
        #expect(result["WorkGroup"]?["State"]?.stringValue == "ENABLED")
        #expect(server.requests.count == 2)
        // Full jitter: random (0.5 here) times the cap for the first retry (1 s).
        #expect(sleeper.pauses == [0.5])
    }

    @Test func http429WithoutACodeIsRetried() async throws {
        let server = try await ScriptedServer([.init(429, "slow down"), Self.ok])
        let sleeper = RecordingSleeper()
        _ = try await Self.client(server, sleeper: sleeper).send(
            service: .athena, target: "AmazonAthena.GetWorkGroup", json: [:])
        await server.stop()
        #expect(server.requests.count == 2)
        #expect(sleeper.pauses.count == 1)
    }

    @Test func s3SlowDownXMLIsRetried() async throws {
        // S3 answers throttling with 503 and an XML body (Amazon S3 API reference, "Error responses").
        let slowDown = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>REQ1</RequestId></Error>
            """
        let server = try await ScriptedServer([.init(503, slowDown), .init(200, "done")])
        let response = try await Self.client(server).sendS3(
            method: "PUT", bucket: "lake", key: "t/dt=2024-01-15/a b.csv", body: Data("x".utf8))
        await server.stop()
        #expect(response.text == "done")
        #expect(server.requests.count == 2)
        // Path style under an endpoint override.
        #expect(server.requests.first?.path.hasPrefix("/lake/t/") == true)
    }

    @Test(arguments: [500, 502, 503, 504])
    func serverErrorsAreRetried(status: Int) async throws {
        let server = try await ScriptedServer([.init(status, "oops"), .init(status, "oops"), Self.ok])
        let sleeper = RecordingSleeper()
        _ = try await Self.client(server, sleeper: sleeper).send(
            service: .glue, target: "AWSGlue.GetDatabases", json: [:])
        await server.stop()
        #expect(server.requests.count == 3)
        // The cap doubles: 1 s then 2 s, times the jitter.
        #expect(sleeper.pauses == [0.5, 1.0])
    }

    @Test func droppedConnectionsAreRetriedThenReported() async throws {
        let dropper = try DroppingServer()
        dropper.start()
        defer { dropper.stop() }
        let placeholder = try await ScriptedServer([Self.ok])
        await placeholder.stop()
        let sleeper = RecordingSleeper()
        let client = try Self.client(
            placeholder, sleeper: sleeper, maxAttempts: 3, endpoint: "http://127.0.0.1:\(dropper.port)")
        let failure = await #expect(throws: AWSTransportFailure.self) {
            _ = try await client.send(service: .athena, target: "AmazonAthena.GetWorkGroup", json: [:])
        }
        #expect(failure?.attempts == 3)
        #expect(failure?.underlying.isRetryable == true)
        #expect(dropper.connections >= 3)
        #expect(sleeper.pauses.count == 2)
    }

    @Test func retriesStopWhenTheBudgetRunsOut() async throws {
        let server = try await ScriptedServer([.init(500, "down")])
        // 7 tokens pay for one retry (5) but not a second.
        let budget = AWSRetryBudget(capacity: 7)
        let error = await #expect(throws: AWSServiceError.self) {
            _ = try await Self.client(server, maxAttempts: 10, budget: budget).send(
                service: .athena, target: "AmazonAthena.GetWorkGroup", json: [:])
        }
        await server.stop()
        #expect(server.requests.count == 2)
        #expect(error?.retryNote == "retry budget exhausted")
        #expect(error?.attempts == 2)
        #expect(budget.available == 2)
    }

    @Test func budgetIsRefundedAfterASuccessfulRetry() async throws {
        let server = try await ScriptedServer([.init(500, "down"), Self.ok])
        let budget = AWSRetryBudget(capacity: 500)
        _ = try await Self.client(server, budget: budget).send(
            service: .athena, target: "AmazonAthena.GetWorkGroup", json: [:])
        await server.stop()
        #expect(budget.available == 500)
    }

    @Test func retriesStopAtMaxAttempts() async throws {
        let server = try await ScriptedServer([
            .init(400, #"{"__type":"ThrottlingException","message":"Rate exceeded"}"#)
        ])
        let sleeper = RecordingSleeper()
        let error = await #expect(throws: AWSServiceError.self) {
            _ = try await Self.client(server, sleeper: sleeper, maxAttempts: 3).send(
                service: .athena, target: "AmazonAthena.GetWorkGroup", json: [:])
        }
        await server.stop()
        #expect(server.requests.count == 3)
        #expect(error?.code == "ThrottlingException")
        #expect(error?.isThrottling == true)
        #expect(error?.retryNote == "gave up after 3 attempts")
        #expect(sleeper.pauses == [0.5, 1.0])
    }

    @Test func clientErrorsAreNotRetriedAndAreTyped() async throws {
        let server = try await ScriptedServer([
            .init(
                400, #"{"__type":"InvalidRequestException","Message":"WorkGroup does not exist"}"#,
                headers: ["x-amzn-RequestId": "rid-42"])
        ])
        let sleeper = RecordingSleeper()
        let error = await #expect(throws: AWSServiceError.self) {
            _ = try await Self.client(server, sleeper: sleeper).send(
                service: .athena, target: "AmazonAthena.GetWorkGroup", json: ["WorkGroup": "nope"])
        }
        await server.stop()
        #expect(server.requests.count == 1)
        #expect(sleeper.pauses.isEmpty)
        #expect(error?.code == "InvalidRequestException")
        #expect(error?.message == "WorkGroup does not exist")
        #expect(error?.requestID == "rid-42")
        #expect(error?.operation == "GetWorkGroup")
        #expect(
            error?.description
                == "athena GetWorkGroup failed: InvalidRequestException: WorkGroup does not exist (HTTP 400, request id rid-42)"
        )
        // The JSON 1.1 request shape the service saw.
        let seen = try #require(server.requests.first)
        #expect(seen.headers["x-amz-target"] == "AmazonAthena.GetWorkGroup")
        #expect(seen.headers["content-type"] == "application/x-amz-json-1.1")
        #expect(seen.body == #"{"WorkGroup":"nope"}"#)
        #expect(seen.headers["authorization"]?.contains("Credential=AKIDFAULT/") == true)
        #expect(seen.headers["x-amz-security-token"] == Self.key.sessionToken)
    }

    /// RequestTimeTooSkewed (S3, STS) and "Signature expired" (JSON services, InvalidSignatureException):
    /// the client takes the server's time from its Date header and signs again.
    @Test(arguments: [
        ScriptedServer.Reply(
            403,
            "<Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message></Error>"
        ),
        ScriptedServer.Reply(
            400,
            #"{"__type":"InvalidSignatureException","message":"Signature expired: 20260127T080000Z is now earlier than 20260127T090000Z (20260127T091500Z - 15 min.)"}"#
        ),
    ])
    func clockSkewIsCorrectedFromTheServerDate(reply: ScriptedServer.Reply) async throws {
        let serverTime = Date(timeIntervalSince1970: 1_769_504_400)  // 2026-01-27T09:00:00Z
        var skewed = reply
        skewed.headers["Date"] = AWSTimestamp.httpDate(serverTime)
        let server = try await ScriptedServer([skewed, Self.ok])
        let clock = ManualClock(serverTime.addingTimeInterval(-3600))  // an hour behind
        let sleeper = RecordingSleeper()
        let client = try Self.client(server, sleeper: sleeper, clock: clock)
        _ = try await client.send(service: .athena, target: "AmazonAthena.GetWorkGroup", json: [:])
        await server.stop()
        let dates = server.requests.map { $0.headers["x-amz-date"] ?? "" }
        #expect(dates == ["20260127T080000Z", "20260127T090000Z"])
        #expect(sleeper.pauses.isEmpty)
        // The offset sticks for later requests.
        clock.advance(60)
        let url = try await client.presignedS3GetURL(bucket: "b", key: "k")
        #expect(url.contains("X-Amz-Date=20260127T090100Z"))
    }

    @Test func aSignatureMismatchWithoutSkewIsNotRetried() async throws {
        let now = Date(timeIntervalSince1970: 1_769_504_400)
        let server = try await ScriptedServer([
            .init(
                403, "<Error><Code>SignatureDoesNotMatch</Code><Message>bad</Message></Error>",
                headers: ["Date": AWSTimestamp.httpDate(now)])
        ])
        let error = await #expect(throws: AWSServiceError.self) {
            _ = try await Self.client(server, clock: ManualClock(now)).send(
                service: .athena, target: "AmazonAthena.GetWorkGroup", json: [:])
        }
        await server.stop()
        #expect(error?.code == "SignatureDoesNotMatch")
        #expect(server.requests.count == 1)
    }

    /// S3 answers a request sent to the wrong region with 301 PermanentRedirect (Amazon S3 API
    /// reference, "Error responses"); following it would only fail the signature at the new host.
    @Test func redirectsAreReturnedNotFollowed() async throws {
        let target = try await ScriptedServer([Self.ok])
        let server = try await ScriptedServer([
            .init(
                301,
                "<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint.</Message></Error>",
                headers: ["Location": target.url + "/", "x-amz-bucket-region": "ap-northeast-1"])
        ])
        let error = await #expect(throws: AWSServiceError.self) {
            _ = try await Self.client(server).sendS3(method: "GET", bucket: "lake", key: "k")
        }
        await server.stop()
        await target.stop()
        #expect(error?.code == "PermanentRedirect")
        #expect(error?.statusCode == 301)
        // With or without the body (URLSession on Linux drops it), the region is named.
        #expect(error.map { $0.message.contains("ap-northeast-1") || $0.message.contains("specified endpoint") } == true)
        #expect(target.requests.isEmpty)
    }

    @Test func backoffIsCappedAndJittered() {
        let policy = AWSRetryPolicy(maxAttempts: 10)
        #expect(policy.delay(retry: 1, random: 1) == 1)
        #expect(policy.delay(retry: 3, random: 1) == 4)
        #expect(policy.delay(retry: 6, random: 1) == 20)
        #expect(policy.delay(retry: 40, random: 0.25) == 5)
        #expect(policy.delay(retry: 2, random: 0) == 0)
    }
}
