import Foundation
import SDHTTP

/// Signs, sends and retries requests: the part shared by `AWSClient` and the STS calls the
/// credentials chain makes. Holds the clock offset learnt from servers and the retry budget.
actor AWSRequestPipeline {
    let runtime: AWSRuntime
    let retryPolicy: AWSRetryPolicy
    let budget: AWSRetryBudget
    let timeout: Double
    let keys = SigningKeyCache()
    /// Seconds to add to the local clock when signing, learnt from a server's `Date` header after a
    /// clock-skew rejection.
    private(set) var clockOffset: Double = 0

    init(runtime: AWSRuntime, retryPolicy: AWSRetryPolicy, budget: AWSRetryBudget, timeout: Double) {
        self.runtime = runtime
        self.retryPolicy = retryPolicy
        self.budget = budget
        self.timeout = timeout
    }

    /// A skew larger than this, measured against the server's `Date`, is corrected (botocore uses
    /// the same four minutes).
    static let skewThreshold: Double = 4 * 60

    /// Sends the request until it succeeds (2xx) or cannot be retried; returns the 2xx response.
    /// Without a credentials provider the request goes unsigned (STS AssumeRoleWithWebIdentity).
    func perform(
        _ request: AWSRequest, service: String, region: String, endpoint: AWSEndpoint, operation: String,
        credentials: (any AWSCredentialsProvider)?
    ) async throws -> HTTPResponse {
        let signer = SigV4Signer(service: service, region: region, keys: keys)
        var attempt = 0
        var spent = 0
        var skewCorrected = false
        var tokenRefreshed = false
        while true {
            attempt += 1
            let creds = try await credentials?.credentials()
            let signingDate = runtime.now().addingTimeInterval(clockOffset)
            let signed =
                creds.map { signer.sign(request, endpoint: endpoint, credentials: $0, date: signingDate) }
                ?? Self.unsigned(request, endpoint: endpoint)
            let secrets = [creds?.secretAccessKey ?? "", creds?.sessionToken ?? ""]
            runtime.log(
                "aws: \(service) \(operation) attempt \(attempt): \(signed.method) \(AWSRedaction.redactURL(signed.url))"
            )
            let http = HTTPRequest(
                method: signed.method, url: signed.url, headers: signed.headers, body: signed.body, timeout: timeout)
            let response: HTTPResponse
            do {
                response = try await runtime.transport.send(http)
            } catch let failure as HTTPTransportError {
                runtime.log("aws: \(service) \(operation) attempt \(attempt): no response (\(failure))")
                var note: String?
                if failure.isRetryable, attempt < retryPolicy.maxAttempts {
                    if let cost = budget.acquire(transportFailure: true) {
                        spent += cost
                        try await pause(before: attempt)
                        continue
                    }
                    note = "retry budget exhausted"
                }
                throw AWSTransportFailure(
                    service: service, operation: operation, endpoint: endpoint.description, underlying: failure,
                    attempts: attempt, retryNote: note)
            }
            runtime.log("aws: \(service) \(operation) attempt \(attempt): HTTP \(response.status)")
            if (200..<300).contains(response.status) {
                budget.recordSuccess(spent: spent)
                return response
            }
            var error = AWSErrorParser.parse(response, service: service, operation: operation, secrets: secrets)
            error.attempts = attempt
            if !skewCorrected, let corrected = skewCorrection(for: error, response: response) {
                // Re-sign at the server's time and send again at once; this is not a fault retry.
                runtime.log("aws: clock skew of \(Int(corrected - clockOffset)) s corrected from the server's Date")
                clockOffset = corrected
                skewCorrected = true
                continue
            }
            if !tokenRefreshed, AWSServiceError.expiredTokenCodes.contains(error.code), creds?.sessionToken != nil {
                tokenRefreshed = true
                await credentials?.invalidate()
                continue
            }
            if error.isRetryable {
                if attempt >= retryPolicy.maxAttempts {
                    error.retryNote = "gave up after \(attempt) attempts"
                } else if let cost = budget.acquire(transportFailure: false) {
                    spent += cost
                    try await pause(before: attempt)
                    continue
                } else {
                    error.retryNote = "retry budget exhausted"
                }
            }
            throw error
        }
    }

    static func unsigned(_ request: AWSRequest, endpoint: AWSEndpoint) -> SignedAWSRequest {
        let (path, query) = request.encodedPathAndQuery(basePath: endpoint.basePath)
        let url = endpoint.scheme + "://" + endpoint.authority + path + (query.isEmpty ? "" : "?" + query)
        return SignedAWSRequest(
            method: request.method, url: url, headers: request.headers, body: request.body, canonicalRequest: "",
            stringToSign: "")
    }

    private func pause(before failedAttempt: Int) async throws {
        let seconds = retryPolicy.delay(retry: failedAttempt, random: runtime.random())
        runtime.log("aws: retrying in \(String(format: "%.3f", seconds)) s")
        try await runtime.sleep(seconds)
    }

    /// The new clock offset when the error is about the clock and the server said what time it is.
    private func skewCorrection(for error: AWSServiceError, response: HTTPResponse) -> Double? {
        guard let dateHeader = response.header("date"), let serverDate = AWSTimestamp.parseHTTPDate(dateHeader)
        else { return nil }
        let offset = serverDate.timeIntervalSince(runtime.now())
        let skewed = abs(offset - clockOffset) > Self.skewThreshold
        let authCode = ["SignatureDoesNotMatch", "InvalidSignatureException", "AuthFailure"].contains(error.code)
        guard error.isClockSkew || (authCode && skewed) else { return nil }
        return offset
    }
}
