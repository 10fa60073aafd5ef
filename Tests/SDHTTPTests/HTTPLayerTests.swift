import FlyingFox
import Foundation
import SDHTTP
import Testing

/// Answers from a list, recording each request; the last answer repeats.
final class ListTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [SDHTTP.HTTPResponse]
    private(set) var sent: [SDHTTP.HTTPRequest] = []

    init(_ statuses: [Int]) { answers = statuses.map { SDHTTP.HTTPResponse(status: $0) } }

    func send(_ request: SDHTTP.HTTPRequest) async throws -> SDHTTP.HTTPResponse {
        lock.withLock {
            sent.append(request)
            return answers.count > 1 ? answers.removeFirst() : answers[0]
        }
    }
}

final class Pauses: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Double] = []
    func add(_ v: Double) { lock.withLock { values.append(v) } }
    var all: [Double] { lock.withLock { values } }
}

@Suite("one HTTP layer: retries, redaction, the URLSession transport")
struct HTTPLayerTests {
    // Capped exponential backoff with full jitter ("Retry behavior", AWS SDKs and Tools reference guide).
    @Test func retriesWhileTheCallerSaysSoWithGrowingJitteredPauses() async throws {
        let transport = ListTransport([409, 409, 409, 200])
        let pauses = Pauses()
        let retrying = HTTPRetrying(
            transport: transport, policy: HTTPRetryPolicy(maxAttempts: 5, maxBackoff: 3, baseDelay: 1),
            sleep: { pauses.add($0) }, random: { 0.5 })
        let r = try await retrying.send(SDHTTP.HTTPRequest(method: "GET", url: "http://x/")) { $0.status == 409 }
        #expect(r.status == 200)
        #expect(transport.sent.count == 4)
        #expect(pauses.all == [0.5, 1.0, 1.5])
    }

    @Test func givesTheLastAnswerWhenTheAttemptsAreSpent() async throws {
        let transport = ListTransport([503])
        let retrying = HTTPRetrying(transport: transport, policy: HTTPRetryPolicy(maxAttempts: 3), sleep: { _ in }, random: { 0 })
        let r = try await retrying.send(SDHTTP.HTTPRequest(method: "GET", url: "http://x/")) { $0.status >= 500 }
        #expect(r.status == 503)
        #expect(transport.sent.count == 3)
    }

    @Test func redactsPasswordsAndSignedQueryValues() {
        #expect(HTTPRedaction.redactURL("https://user:hunter22@host:8088/ksql?a=1") == "https://user:<redacted>@host:8088/ksql?a=1")
        #expect(HTTPRedaction.redactURL("https://user@host/x") == "https://user@host/x")
        #expect(
            HTTPRedaction.redactURL("https://b.s3.amazonaws.com/k?X-Amz-Signature=abc&x-amz-security-token=tok&p=1")
                == "https://b.s3.amazonaws.com/k?X-Amz-Signature=<redacted>&x-amz-security-token=<redacted>&p=1")
        let request = SDHTTP.HTTPRequest(
            method: "GET", url: "http://h/?X-Amz-Signature=sig", headers: ["Authorization": "Basic c2VjcmV0OnB3"])
        let text = HTTPRedaction.scrub("failed http://h/?X-Amz-Signature=sig with Basic c2VjcmV0OnB3", for: request)
        #expect(text == "failed http://h/?X-Amz-Signature=<redacted> with <redacted>")
    }

    @Test func theURLSessionTransportSendsAuthorizationAndReadsTheAnswer() async throws {
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), logger: .disabled)
        await server.appendRoute("*") { request in
            let auth = request.headers[HTTPHeader("Authorization")] ?? "none"
            let body = String(decoding: (try? await request.bodyData) ?? Data(), as: UTF8.self)
            return FlyingFox.HTTPResponse(statusCode: .accepted, headers: [HTTPHeader("X-Echo"): auth], body: Data(body.utf8))
        }
        let task = Task { try await server.run() }
        defer { task.cancel() }
        try await server.waitUntilListening(timeout: 5)
        guard case .ip4(_, let port) = await server.listeningAddress else { throw CancellationError() }
        let transport = URLSessionTransport(timeout: 5, authorization: "Basic dXNlcjpwdw==")
        let r = try await transport.send(
            SDHTTP.HTTPRequest(method: "POST", url: "http://127.0.0.1:\(port)/ksql", body: Data("{}".utf8)))
        #expect(r.status == 202)
        #expect(r.header("x-echo") == "Basic dXNlcjpwdw==")
        #expect(r.text == "{}")
        await server.stop(timeout: 1)
    }

    @Test func aRefusedConnectionIsARetryableTransportErrorWithoutTheSecret() async throws {
        // Port 9 (discard) on loopback has no listener here: the connection is refused at once.
        let transport = URLSessionTransport(timeout: 5, authorization: "Basic c2VjcmV0LXZhbHVl")
        do {
            _ = try await transport.send(SDHTTP.HTTPRequest(method: "GET", url: "http://127.0.0.1:9/?X-Amz-Signature=deadbeef"))
            Issue.record("expected a transport error")
        } catch let failure as HTTPTransportError {
            #expect(failure.isRetryable)
            #expect(!failure.description.contains("deadbeef"))
            #expect(!failure.description.contains("c2VjcmV0LXZhbHVl"))
        }
    }
}
