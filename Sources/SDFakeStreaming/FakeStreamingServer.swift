import FlyingFox
import Foundation
import SDBasics

/// Fake ksqlDB and Kafka Connect servers on 127.0.0.1 (FlyingFox, kernel-chosen ports) over
/// FakeKsqlEngine and FakeConnectEngine, for plan/apply tests that go through real HTTP.
public final class FakeStreamingServer: @unchecked Sendable {
    private let lock = NSLock()
    private var ksqlEngine = FakeKsqlEngine()
    private var connectEngine = FakeConnectEngine()
    private let ksqlServer: HTTPServer
    private let connectServer: HTTPServer
    private var tasks: [Task<Void, any Error>] = []
    public private(set) var ksqlURL = ""
    public private(set) var connectURL = ""
    /// Every request received, as "METHOD /path" (ksqlDB requests carry their statement).
    public private(set) var log: [String] = []
    /// The Authorization header of each request that carried one, as "ksql <value>" or "connect <value>".
    public private(set) var authorizations: [String] = []

    public init() async throws {
        ksqlServer = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), logger: .disabled)
        connectServer = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), logger: .disabled)
        let box = self
        await ksqlServer.appendRoute("*") { request in await box.answerKsql(request) }
        await connectServer.appendRoute("*") { request in await box.answerConnect(request) }
        for server in [ksqlServer, connectServer] {
            tasks.append(Task { try await server.run() })
            try await server.waitUntilListening(timeout: 5)
        }
        if case .ip4(_, let p) = await ksqlServer.listeningAddress { ksqlURL = "http://127.0.0.1:\(p)" }
        if case .ip4(_, let p) = await connectServer.listeningAddress { connectURL = "http://127.0.0.1:\(p)" }
    }

    public func stop() async {
        await ksqlServer.stop(timeout: 1)
        await connectServer.stop(timeout: 1)
        for t in tasks { t.cancel() }
    }

    /// The ksqlDB side's state, read or changed under the lock.
    public func ksql<T>(_ body: (inout FakeKsqlEngine) -> T) -> T { lock.withLock { body(&ksqlEngine) } }
    /// The Connect side's state, read or changed under the lock.
    public func connect<T>(_ body: (inout FakeConnectEngine) -> T) -> T { lock.withLock { body(&connectEngine) } }

    private func respond(_ status: Int, _ json: SDBasics.JSONValue, contentType: String) -> FlyingFox.HTTPResponse {
        var headers = HTTPHeaders()
        headers[HTTPHeader("Content-Type")] = contentType
        let body = status == 204 ? Data() : Data(json.serialized(indent: 0).utf8)
        return FlyingFox.HTTPResponse(statusCode: HTTPStatusCode(status, phrase: "Fake"), headers: headers, body: body)
    }

    private func noteAuthorization(_ request: FlyingFox.HTTPRequest, _ side: String) {
        guard let value = request.headers[HTTPHeader("Authorization")] else { return }
        lock.withLock { authorizations.append("\(side) \(value)") }
    }

    private func answerKsql(_ request: FlyingFox.HTTPRequest) async -> FlyingFox.HTTPResponse {
        noteAuthorization(request, "ksql")
        let body = String(decoding: (try? await request.bodyData) ?? Data(), as: UTF8.self)
        let path = request.target.path(percentEncoded: true)
        let media = "application/vnd.ksql.v1+json"
        if request.method.rawValue == "GET", path == "/info" {
            return respond(
                200,
                [
                    "KsqlServerInfo": [
                        "version": "0.29.0", "kafkaClusterId": "fake-cluster", "ksqlServiceId": "default_",
                        "serverStatus": "RUNNING",
                    ]
                ], contentType: media)
        }
        if request.method.rawValue == "GET", path.hasPrefix("/status/") {
            let id = String(path.dropFirst("/status/".count)).removingPercentEncoding ?? ""
            let (status, json) = lock.withLock {
                log.append("GET /status/\(id)")
                return ksqlEngine.commandStatus(id)
            }
            return respond(status, json, contentType: media)
        }
        guard request.method.rawValue == "POST", path == "/ksql",
            let o = try? JSONValue.parse(body), let ksql = o["ksql"]?.stringValue
        else {
            return respond(400, ["@type": "generic_error", "error_code": 40000, "message": "Unrecognized request"], contentType: media)
        }
        let props = (o["streamsProperties"]?.objectValue ?? [:]).mapValues { $0.stringValue ?? $0.serialized(indent: 0) }
        let (status, json) = lock.withLock {
            log.append("POST /ksql \(ksql)")
            return ksqlEngine.handle(ksql: ksql, properties: props)
        }
        return respond(status, json, contentType: media)
    }

    private func answerConnect(_ request: FlyingFox.HTTPRequest) async -> FlyingFox.HTTPResponse {
        noteAuthorization(request, "connect")
        let body = String(decoding: (try? await request.bodyData) ?? Data(), as: UTF8.self)
        let path = request.target.path(percentEncoded: true)
        let (status, json) = lock.withLock {
            log.append("\(request.method.rawValue) \(path)")
            return connectEngine.handle(method: request.method.rawValue, path: path, body: body)
        }
        return respond(status, json, contentType: "application/json")
    }
}
