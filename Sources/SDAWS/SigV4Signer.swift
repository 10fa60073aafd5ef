import Crypto
import Foundation

/// Signs requests with AWS Signature Version 4 ("Create a signed AWS API request", AWS IAM user
/// guide), byte for byte as botocore's `SigV4Auth`, `S3SigV4Auth` and `S3SigV4QueryAuth` do.
public struct SigV4Signer: Sendable {
    /// The signing name of the service: `athena`, `glue`, `s3`, `sts`.
    public var service: String
    public var region: String
    let keys: SigningKeyCache

    public init(service: String, region: String) {
        self.init(service: service, region: region, keys: SigningKeyCache())
    }

    init(service: String, region: String, keys: SigningKeyCache) {
        self.service = service
        self.region = region
        self.keys = keys
    }

    /// S3 signs the path as sent (no normalisation, encoded once) and always sends the payload hash.
    var isS3: Bool { service == "s3" }

    /// Headers that proxies and HTTP clients add or change, which botocore never signs.
    static let unsignedHeaders: Set<String> = [
        "authorization", "baggage", "connection", "expect", "keep-alive", "proxy-authenticate",
        "proxy-authorization", "te", "traceparent", "tracestate", "trailer", "transfer-encoding", "upgrade",
        "user-agent", "x-amzn-trace-id",
    ]

    static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    static let unsignedPayload = "UNSIGNED-PAYLOAD"

    /// Signs a request for the endpoint at `date`; the result carries the wire URL and headers.
    public func sign(
        _ request: AWSRequest, endpoint: AWSEndpoint, credentials: AWSCredentials, date: Date
    ) -> SignedAWSRequest {
        let timestamp = AWSTimestamp.amzDate(date)
        var headers = request.headers
        for name in headers.keys {
            let lower = name.lowercased()
            if lower == "authorization" || lower == "x-amz-date" || lower == "x-amz-security-token"
                || (isS3 && lower == "x-amz-content-sha256")
            {
                headers[name] = nil
            }
        }
        headers["X-Amz-Date"] = timestamp
        if let token = credentials.sessionToken { headers["X-Amz-Security-Token"] = token }
        let payloadHash: String
        if let given = headers.first(where: { $0.key.lowercased() == "x-amz-content-sha256" })?.value {
            payloadHash = given
        } else {
            payloadHash = request.body.isEmpty ? Self.emptySHA256 : Self.hex(SHA256.hash(data: request.body))
        }
        if isS3 { headers["X-Amz-Content-SHA256"] = payloadHash }

        let (wirePath, wireQuery) = request.encodedPathAndQuery(basePath: endpoint.basePath)
        let signing = canonicalHeaders(headers, endpoint: endpoint)
        let canonical = canonicalRequest(
            method: request.method, wirePath: wirePath, query: request.query, canonicalHeaders: signing.canonical,
            signedHeaders: signing.signed, payloadHash: payloadHash)
        let scope = "\(timestamp.prefix(8))/\(region)/\(service)/aws4_request"
        let stringToSign = Self.stringToSign(timestamp: timestamp, scope: scope, canonicalRequest: canonical)
        let signature = self.signature(stringToSign, credentials: credentials, day: String(timestamp.prefix(8)))
        headers["Authorization"] =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signing.signed), Signature=\(signature)"
        var url = endpoint.scheme + "://" + endpoint.authority + wirePath
        if !wireQuery.isEmpty { url += "?" + wireQuery }
        return SignedAWSRequest(
            method: request.method, url: url, headers: headers, body: request.body, canonicalRequest: canonical,
            stringToSign: stringToSign)
    }

    /// A presigned URL (query-string authentication, "Authenticating Requests: Using Query
    /// Parameters", Amazon S3 API reference); the payload is `UNSIGNED-PAYLOAD` and only `host` is signed.
    public func presignedURL(
        method: String = "GET", path: String, query: [AWSQueryItem] = [], endpoint: AWSEndpoint,
        credentials: AWSCredentials, date: Date, expires: Int = 3600
    ) -> String {
        let timestamp = AWSTimestamp.amzDate(date)
        let scope = "\(timestamp.prefix(8))/\(region)/\(service)/aws4_request"
        var auth: [AWSQueryItem] = [
            AWSQueryItem("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            AWSQueryItem("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope)"),
            AWSQueryItem("X-Amz-Date", timestamp),
            AWSQueryItem("X-Amz-Expires", String(expires)),
            AWSQueryItem("X-Amz-SignedHeaders", "host"),
        ]
        if let token = credentials.sessionToken { auth.append(AWSQueryItem("X-Amz-Security-Token", token)) }
        let all = query + auth
        let request = AWSRequest(method: method, path: path, query: all)
        let (wirePath, wireQuery) = request.encodedPathAndQuery(basePath: endpoint.basePath)
        let canonical = canonicalRequest(
            method: method, wirePath: wirePath, query: all, canonicalHeaders: "host:\(endpoint.authority)\n",
            signedHeaders: "host", payloadHash: Self.unsignedPayload)
        let stringToSign = Self.stringToSign(timestamp: timestamp, scope: scope, canonicalRequest: canonical)
        let signature = self.signature(stringToSign, credentials: credentials, day: String(timestamp.prefix(8)))
        return endpoint.scheme + "://" + endpoint.authority + wirePath + "?" + wireQuery + "&X-Amz-Signature="
            + signature
    }

    static func stringToSign(timestamp: String, scope: String, canonicalRequest: String) -> String {
        "AWS4-HMAC-SHA256\n\(timestamp)\n\(scope)\n" + hex(SHA256.hash(data: Data(canonicalRequest.utf8)))
    }

    func signature(_ stringToSign: String, credentials: AWSCredentials, day: String) -> String {
        let key = keys.key(
            secret: credentials.secretAccessKey, accessKeyID: credentials.accessKeyID, day: day, region: region,
            service: service)
        return Self.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
    }

    static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hex<D: Digest>(_ digest: D) -> String { hex(Array(digest)) }
    static func hex(_ mac: HashedAuthenticationCode<SHA256>) -> String { hex(Array(mac)) }
}
