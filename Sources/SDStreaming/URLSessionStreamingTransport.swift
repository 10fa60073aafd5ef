import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real transport: URLSession (HTTP/1.1 against a plain listener, so `/ksql` is used, never
/// the HTTP/2-only `/query-stream`: streaming.md §1).
public struct URLSessionStreamingTransport: StreamingTransport {
    public var timeout: TimeInterval
    /// `Authorization` header value (Basic credentials), added to every request when set.
    public var authorization: String?

    public init(timeout: TimeInterval = 60, authorization: String? = nil) {
        self.timeout = timeout
        self.authorization = authorization
    }

    public func send(_ request: StreamingRequest) async throws -> StreamingResponse {
        guard let url = URL(string: request.url) else {
            throw StreamingTransportError(url: request.url, reason: "not a valid URL")
        }
        var r = URLRequest(url: url, timeoutInterval: timeout)
        r.httpMethod = request.method
        for (k, v) in request.headers { r.setValue(v, forHTTPHeaderField: k) }
        if let authorization { r.setValue(authorization, forHTTPHeaderField: "Authorization") }
        if let body = request.body { r.httpBody = Data(body.utf8) }
        do {
            let (data, response) = try await URLSession.shared.data(for: r)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            return StreamingResponse(status: status, body: String(decoding: data, as: UTF8.self))
        } catch {
            throw StreamingTransportError(url: request.url, reason: "cannot connect: \(error.localizedDescription)")
        }
    }
}
