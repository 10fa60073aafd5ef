import Foundation
import SDAWS
import SDBasics

/// The S3 calls swiftdbt makes: listing and deleting under a prefix, putting objects.
public struct S3Store: Sendable {
    let aws: AWSClient

    public init(aws: AWSClient) { self.aws = aws }

    /// `s3://bucket/key` split; nil when not an S3 URL.
    public static func split(_ url: String) -> (bucket: String, key: String)? {
        guard url.hasPrefix("s3://") else { return nil }
        let rest = url.dropFirst(5)
        guard let slash = rest.firstIndex(of: "/") else { return rest.isEmpty ? nil : (String(rest), "") }
        return (String(rest[..<slash]), String(rest[rest.index(after: slash)...]))
    }

    /// Every key under `prefix` (ListObjectsV2, 1000 a page).
    public func keys(bucket: String, prefix: String) async throws -> [String] {
        var out: [String] = []
        var token: String?
        repeat {
            var query = [AWSQueryItem("list-type", "2"), AWSQueryItem("prefix", prefix)]
            if let token { query.append(AWSQueryItem("continuation-token", token)) }
            let r = try await aws.sendS3(method: "GET", bucket: bucket, query: query, operation: "ListObjectsV2")
            let xml = try AWSXMLElement.parse(r.body)
            out += xml.children("Contents").compactMap { $0.value("Key") }
            token = xml.value("IsTruncated") == "true" ? xml.value("NextContinuationToken") : nil
        } while token != nil
        return out
    }

    /// Deletes every object under the folder `location` (a trailing `/` is added, so `…/orders`
    /// never touches `…/orders_v2/`), 1000 keys per DeleteObjects; returns how many were deleted.
    /// Per-key `<Error>` elements in the 200 response throw.
    @discardableResult
    public func deleteFolder(_ location: String) async throws -> Int {
        guard let (bucket, key) = S3Store.split(location), !key.isEmpty else { return 0 }
        let prefix = key.hasSuffix("/") ? key : key + "/"
        let keys = try await self.keys(bucket: bucket, prefix: prefix)
        for chunk in keys.chunked(1000) {
            var body = "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            for k in chunk { body += "<Object><Key>\(S3Store.escape(k))</Key></Object>" }
            body += "<Quiet>true</Quiet></Delete>"
            let data = Data(body.utf8)
            // DeleteObjects requires an integrity checksum; SHA-256 is one S3 accepts (x-amz-checksum-sha256).
            let r = try await aws.sendS3(
                method: "POST", bucket: bucket, query: [AWSQueryItem("delete", "")],
                headers: ["x-amz-checksum-sha256": S3Store.base64SHA256(data), "Content-Type": "application/xml"],
                body: data, operation: "DeleteObjects")
            let xml = try AWSXMLElement.parse(r.body)
            if let e = xml.children("Error").first {
                throw AWSServiceError(
                    service: "s3", operation: "DeleteObjects", statusCode: 200, code: e.value("Code") ?? "Error",
                    message: "\(xml.children("Error").count) key(s) not deleted, first \(e.value("Key") ?? ""): \(e.value("Message") ?? "")")
            }
        }
        return keys.count
    }

    /// The immediate sub-folders of the folder `location`, as `s3://bucket/…/name/` (ListObjectsV2
    /// with delimiter `/`: S3 rolls each sub-folder's keys up into one CommonPrefixes entry).
    public func folders(under location: String) async throws -> [String] {
        guard let (bucket, key) = S3Store.split(location) else { return [] }
        let prefix = key.isEmpty || key.hasSuffix("/") ? key : key + "/"
        var out: [String] = []
        var token: String?
        repeat {
            var query = [AWSQueryItem("list-type", "2"), AWSQueryItem("prefix", prefix), AWSQueryItem("delimiter", "/")]
            if let token { query.append(AWSQueryItem("continuation-token", token)) }
            let r = try await aws.sendS3(method: "GET", bucket: bucket, query: query, operation: "ListObjectsV2")
            let xml = try AWSXMLElement.parse(r.body)
            out += xml.children("CommonPrefixes").compactMap { $0.value("Prefix") }.map { "s3://\(bucket)/\($0)" }
            token = xml.value("IsTruncated") == "true" ? xml.value("NextContinuationToken") : nil
        } while token != nil
        return out
    }

    /// GetObject; nil when there is no such key.
    public func get(_ url: String) async throws -> Data? {
        guard let (bucket, key) = S3Store.split(url) else { return nil }
        do {
            return try await aws.sendS3(method: "GET", bucket: bucket, key: key, operation: "GetObject").body
        } catch let e as AWSServiceError where e.code == "NoSuchKey" {
            return nil
        }
    }

    /// DeleteObject (deleting a key that does not exist succeeds, as in S3).
    public func delete(_ url: String) async throws {
        guard let (bucket, key) = S3Store.split(url) else { return }
        _ = try await aws.sendS3(method: "DELETE", bucket: bucket, key: key, operation: "DeleteObject")
    }

    public func put(_ url: String, data: Data) async throws {
        guard let (bucket, key) = S3Store.split(url) else { return }
        _ = try await aws.sendS3(method: "PUT", bucket: bucket, key: key, body: data, operation: "PutObject")
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    static func base64SHA256(_ data: Data) -> String {
        let hex = Array(SHA256Digest.hex(data).utf8)
        var bytes: [UInt8] = []
        var i = 0
        func nibble(_ c: UInt8) -> UInt8 { c >= 97 ? c - 87 : c - 48 }
        while i + 1 < hex.count {
            bytes.append(nibble(hex[i]) << 4 | nibble(hex[i + 1]))
            i += 2
        }
        return Data(bytes).base64EncodedString()
    }
}
