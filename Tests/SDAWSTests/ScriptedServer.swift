import FlyingFox
import Foundation

@testable import SDAWS

/// A fake AWS endpoint on 127.0.0.1 (FlyingFox): answers each request with the next scripted
/// response (the last one repeats) and records what it received.
final class ScriptedServer: @unchecked Sendable {
    struct Reply: Sendable {
        var status: Int
        var headers: [String: String]
        var body: String
        init(_ status: Int, _ body: String = "", headers: [String: String] = [:]) {
            self.status = status
            self.body = body
            self.headers = headers
        }
    }

    struct Received: Sendable {
        var method: String
        var path: String
        var query: [String: String]
        var headers: [String: String]
        var body: String
    }

    private let lock = NSLock()
    private var script: [Reply]
    private var routes: [String: Reply] = [:]
    private var received: [Received] = []
    private let server: HTTPServer
    private var task: Task<Void, any Error>?
    private(set) var port = 0
    var url: String { "http://127.0.0.1:\(port)" }

    /// `routes` answer by "METHOD /path" before the script is consulted.
    init(_ script: [Reply], routes: [String: Reply] = [:]) async throws {
        self.script = script
        self.routes = routes
        // Port 0: the kernel picks a free port, so parallel tests never collide.
        server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), logger: .disabled)
        let box = self
        await server.appendRoute("*") { request in await box.answer(request) }
        task = Task { [server] in try await server.run() }
        try await server.waitUntilListening(timeout: 5)
        if case .ip4(_, let listening) = await server.listeningAddress { port = Int(listening) }
    }

    private func answer(_ request: FlyingFox.HTTPRequest) async -> FlyingFox.HTTPResponse {
        var headers: [String: String] = [:]
        for (name, values) in request.headers.map({ ($0.key.rawValue.lowercased(), $0.value) }) {
            headers[name] = values
        }
        var query: [String: String] = [:]
        for item in request.query { query[item.name] = item.value }
        let body = String(decoding: (try? await request.bodyData) ?? Data(), as: UTF8.self)
        // The path as sent (FlyingFox's `path` drops a trailing slash, which IMDS paths have).
        let rawPath = request.target.path(percentEncoded: true)
        let reply: Reply = lock.withLock {
            received.append(
                Received(method: request.method.rawValue, path: rawPath, query: query, headers: headers, body: body))
            if let routed = routes["\(request.method.rawValue) \(rawPath)"] { return routed }
            if script.count > 1 { return script.removeFirst() }
            return script.first ?? Reply(404)
        }
        var out = HTTPHeaders()
        for (k, v) in reply.headers { out[HTTPHeader(k)] = v }
        return FlyingFox.HTTPResponse(
            statusCode: HTTPStatusCode(reply.status, phrase: "Scripted"), headers: out, body: Data(reply.body.utf8))
    }

    var requests: [Received] { lock.withLock { received } }

    func stop() async {
        await server.stop(timeout: 1)
        task?.cancel()
    }
}
