import Foundation

/// One HTTP exchange as the AWS layer sees it; tests swap in fakes.
public protocol HTTPTransport: Sendable {
    /// Sends the request and returns the response of any status; throws `HTTPTransportError` when
    /// no response arrived (refused, dropped, timed out).
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
