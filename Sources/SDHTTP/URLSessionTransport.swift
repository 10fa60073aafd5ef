import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The real transport of every client (AWS, ksqlDB, Kafka Connect): URLSession with the system's
/// TLS verification, which this type has no way to switch off (its delegate handles no
/// authentication challenge), no cookies, no cache, and no redirects: a signed request is only valid
/// for the host it was signed for, so a 301/307 (S3 in another region) is returned to the caller as
/// the error it is. Error details pass through `HTTPRedaction`, so a presigned URL's signature or
/// the `Authorization` value never reaches a message.
public final class URLSessionTransport: HTTPTransport, @unchecked Sendable {
    // URLSession is thread-safe; the class is immutable after init.
    private let session: URLSession
    /// When set, no exchange waits longer than this, whatever the request asks.
    private let timeoutCap: Double?
    /// Sent as `Authorization` on every request that has none (ksqlDB's and Connect's Basic auth).
    private let authorization: String?

    public init(timeout: Double? = nil, authorization: String? = nil) {
        timeoutCap = timeout
        self.authorization = authorization
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration, delegate: RedirectRefusal(), delegateQueue: nil)
    }

    deinit { session.finishTasksAndInvalidate() }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var request = request
        if let authorization, !request.headers.keys.contains(where: { $0.lowercased() == "authorization" }) {
            request.headers["Authorization"] = authorization
        }
        guard let url = URL(string: request.url) else {
            throw HTTPTransportError(.invalidRequest, "invalid URL \(HTTPRedaction.redactURL(request.url))")
        }
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method
        urlRequest.timeoutInterval = min(request.timeout, timeoutCap ?? request.timeout)
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        if !request.body.isEmpty { urlRequest.httpBody = request.body }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: urlRequest)
        } catch let error as URLError {
            var failure = Self.classify(error)
            failure.detail = HTTPRedaction.scrub(failure.detail, for: request)
            throw failure
        } catch {
            throw HTTPTransportError(.other, HTTPRedaction.scrub(String(describing: error), for: request))
        }
        guard let http = response as? HTTPURLResponse else {
            throw HTTPTransportError(.other, "not an HTTP response")
        }
        var headers: [String: String] = [:]
        for (k, v) in http.allHeaderFields {
            if let name = k as? String, let value = v as? String { headers[name] = value }
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: data)
    }

    static func classify(_ error: URLError) -> HTTPTransportError {
        switch error.code {
        case .timedOut:
            return HTTPTransportError(.timedOut, "")
        case .networkConnectionLost, .notConnectedToInternet:
            return HTTPTransportError(.connectionLost, error.localizedDescription)
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed:
            return HTTPTransportError(.cannotConnect, error.localizedDescription)
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
            .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected:
            return HTTPTransportError(.tls, "certificate verification failed (\(error.localizedDescription))")
        case .badServerResponse, .zeroByteResource, .cannotParseResponse:
            return HTTPTransportError(.connectionLost, error.localizedDescription)
        default:
            return HTTPTransportError(.other, error.localizedDescription)
        }
    }
}

/// Declines every redirect; deliberately implements nothing else, so that TLS challenges get the
/// system's default handling.
private final class RedirectRefusal: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
