import Foundation
import SDHTTP

extension AWSClient {
    /// True when S3 should be addressed by path (`host/bucket/key`): with an endpoint override (local
    /// S3 servers such as moto), when the profile sets `s3 = addressing_style = path`, or when the
    /// bucket name cannot be a DNS label (dots break the TLS wildcard certificate).
    func usesPathStyle(bucket: String) -> Bool {
        if endpoints.override(for: .s3) != nil { return true }
        if shared.nestedProfileSetting(profileName, block: "s3", key: "addressing_style") == "path" { return true }
        let bytes = Array(bucket.utf8)
        guard (3...63).contains(bytes.count) else { return true }
        let ok = bytes.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
        return !ok || bytes.first == 45 || bytes.last == 45
    }

    func s3Target(bucket: String, key: String) throws -> (endpoint: AWSEndpoint, path: String) {
        var endpoint = try endpoint(for: .s3)
        let cleanKey = key.hasPrefix("/") ? String(key.dropFirst()) : key
        if usesPathStyle(bucket: bucket) {
            return (endpoint, "/\(bucket)/\(cleanKey)")
        }
        endpoint.host = "\(bucket).\(endpoint.host)"
        return (endpoint, "/\(cleanKey)")
    }

    /// An S3 REST call on a bucket (and key, empty for bucket operations such as ListObjectsV2),
    /// virtual-hosted or path style as `usesPathStyle` decides; returns the 2xx response.
    public func sendS3(
        method: String, bucket: String, key: String = "", query: [AWSQueryItem] = [], headers: [String: String] = [:],
        body: Data = Data(), operation: String? = nil
    ) async throws -> HTTPResponse {
        let (endpoint, path) = try s3Target(bucket: bucket, key: key)
        let request = AWSRequest(method: method, path: path, query: query, headers: headers, body: body)
        return try await perform(
            request, service: .s3, endpoint: endpoint, operation: operation ?? "\(method) s3://\(bucket)/\(key)")
    }

    /// A presigned GET URL for an object, valid for `expires` seconds from now.
    public func presignedS3GetURL(bucket: String, key: String, expires: Int = 3600) async throws -> String {
        let (endpoint, path) = try s3Target(bucket: bucket, key: key)
        let credentials = try await credentials()
        let signer = SigV4Signer(service: "s3", region: region, keys: pipeline.keys)
        let date = runtime.now().addingTimeInterval(await pipeline.clockOffset)
        return signer.presignedURL(
            path: path, endpoint: endpoint, credentials: credentials, date: date, expires: expires)
    }
}
