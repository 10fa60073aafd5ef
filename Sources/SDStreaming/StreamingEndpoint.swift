import Foundation
import SDBasics
import SDHTTP

/// One REST server streaming talks to (ksqlDB or a Kafka Connect worker): its base URL and the
/// shared HTTP transport. A request that gets no answer becomes a `StreamingTransportError` naming
/// the URL, the environmental failure the session reports.
public struct StreamingEndpoint: HTTPTransport {
    public var baseURL: String
    public var transport: any HTTPTransport

    public init(baseURL: String, transport: any HTTPTransport) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.transport = transport
    }

    func request(_ method: String, _ path: String, headers: [String: String], body: String? = nil) -> HTTPRequest {
        HTTPRequest(method: method, url: baseURL + path, headers: headers, body: Data((body ?? "").utf8))
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        do {
            return try await transport.send(request)
        } catch let failure as HTTPTransportError {
            throw StreamingTransportError(url: HTTPRedaction.redactURL(request.url), reason: failure.description)
        }
    }
}

extension HTTPResponse {
    /// The body as JSON, nil when it is not JSON.
    var json: JSONValue? { try? JSONValue.parse(body) }
}
