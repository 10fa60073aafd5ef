import FlyingFox
import Foundation

/// `docs serve`'s HTTP listener: FlyingFox bound to 127.0.0.1, every request answered by the pure
/// `DocsServer`, which decides what a request line gets (the files, the `/` redirect, 403/404/405).
public final class DocsListener: Sendable {
    private let server: HTTPServer
    private let task: Task<Void, Never>
    /// The port bound (useful when 0 was asked for).
    public let port: Int

    /// Binds 127.0.0.1:`port` (0 picks a free port) and starts answering with `docs`; returns once the
    /// socket listens, or throws `DocsServerError` when it cannot (a port in use, no permission).
    public init(port: Int, serving docs: DocsServer) async throws {
        guard let portNumber = UInt16(exactly: port) else {
            throw DocsServerError(description: "cannot listen on 127.0.0.1:\(port): not a port number")
        }
        server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: portNumber), logger: .disabled)
        await server.appendRoute("*") { request in DocsListener.answer(request, docs) }
        let failure = RunFailure()
        task = Task { [server] in
            do { try await server.run() } catch { failure.set(error) }
        }
        let deadline = ContinuousClock.now.advanced(by: .seconds(5))
        while await !server.isListening {
            if let error = failure.error {
                throw DocsServerError(description: "cannot listen on 127.0.0.1:\(port): \(error)")
            }
            guard ContinuousClock.now < deadline else {
                task.cancel()
                throw DocsServerError(description: "cannot listen on 127.0.0.1:\(port): timed out")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        if case .ip4(_, let bound) = await server.listeningAddress { self.port = Int(bound) } else { self.port = port }
    }

    static func answer(_ request: FlyingFox.HTTPRequest, _ docs: DocsServer) -> FlyingFox.HTTPResponse {
        let line = "\(request.method.rawValue) \(request.target.path(percentEncoded: true)) HTTP/1.1"
        let r = docs.response(toRequestLine: line)
        var headers = HTTPHeaders()
        for (name, value) in r.headers { headers[HTTPHeader(name)] = value }
        return FlyingFox.HTTPResponse(statusCode: HTTPStatusCode(r.status, phrase: r.reason), headers: headers, body: Data(r.body))
    }

    /// Answers requests until the process ends.
    public func serveForever() async -> Never {
        await task.value
        while true { try? await Task.sleep(for: .seconds(3600)) }
    }

    /// Stops listening.
    public func close() async {
        await server.stop(timeout: 1)
        task.cancel()
    }
}

/// The error `HTTPServer.run` ended with, read by the task waiting for the socket.
private final class RunFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?
    func set(_ e: any Error) { lock.withLock { stored = e } }
    var error: (any Error)? { lock.withLock { stored } }
}
