import Foundation
import SDBasics

/// S3 as swiftdbt uses it, path-style (S3 API reference: ListObjectsV2, DeleteObjects, PutObject,
/// GetObject).
extension FakeAWSState {
    func s3(method: String, bucket: String, key: String, query: [String: String], headers: [String: String], body: Data) -> FakeReply {
        if method == "GET", key.isEmpty, query["list-type"] == "2" {
            return listObjects(bucket, query)
        }
        if method == "POST", query["delete"] != nil {
            // "The Content-MD5 request header is required for all Multi-Object Delete requests"; a
            // flexible checksum (x-amz-checksum-*) is accepted instead, as S3 does for SDK requests.
            guard headers["content-md5"] != nil || headers.keys.contains(where: { $0.hasPrefix("x-amz-checksum-") }) else {
                return .s3Error("InvalidRequest", "Missing required header for this request: Content-Md5.", status: 400)
            }
            let text = String(decoding: body, as: UTF8.self)
            let keys = FakeAWSState.xmlValues(text, tag: "Key")
            guard keys.count <= 1000 else { return .s3Error("MalformedXML", "more than 1000 keys", status: 400) }
            record("s3 DeleteObjects \(bucket) \(keys.count)")
            var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DeleteResult>"
            for k in keys {
                objects[bucket]?[k] = nil
                if !text.contains("<Quiet>true</Quiet>") { xml += "<Deleted><Key>\(FakeReply.escape(k))</Key></Deleted>" }
            }
            return .xml(xml + "</DeleteResult>")
        }
        switch method {
        case "PUT":
            objects[bucket, default: [:]][key] = body
            return FakeReply(status: 200, headers: ["ETag": "\"x\""], body: Data())
        case "GET":
            guard let data = objects[bucket]?[key] else { return .s3Error("NoSuchKey", "The specified key does not exist.", status: 404) }
            return FakeReply(status: 200, body: data)
        case "DELETE":
            objects[bucket]?[key] = nil
            return FakeReply(status: 204, body: Data())
        default:
            return .s3Error("NotImplemented", "the fake does not implement \(method) here", status: 501)
        }
    }

    /// The unescaped texts of every `<tag>…</tag>`.
    static func xmlValues(_ xml: String, tag: String) -> [String] {
        var out: [String] = []
        var rest = xml[...]
        while let open = rest.range(of: "<\(tag)>"), let close = rest.range(of: "</\(tag)>", range: open.upperBound..<rest.endIndex) {
            out.append(
                String(rest[open.upperBound..<close.lowerBound])
                    .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                    .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
                    .replacingOccurrences(of: "&amp;", with: "&"))
            rest = rest[close.upperBound...]
        }
        return out
    }
}

extension FakeAWSState {
    /// ListObjectsV2 (S3 API reference): keys under `prefix` in order, at most `max-keys` (1000)
    /// entries a page. With `delimiter`, keys that have it after the prefix are rolled up into one
    /// `CommonPrefixes` entry each (counted once against max-keys); `IsTruncated` and
    /// `NextContinuationToken` say more remain.
    func listObjects(_ bucket: String, _ query: [String: String]) -> FakeReply {
        let prefix = query["prefix"] ?? ""
        let delimiter = query["delimiter"].flatMap { $0.isEmpty ? nil : $0 }
        var entries: [(key: String, size: Int?)] = []
        var rolled = Set<String>()
        for (k, v) in (objects[bucket] ?? [:]).filter({ $0.key.hasPrefix(prefix) }).sorted(by: { $0.key < $1.key }) {
            if let delimiter, let r = k.dropFirst(prefix.count).range(of: delimiter) {
                let common = prefix + k.dropFirst(prefix.count)[..<r.upperBound]
                if rolled.insert(String(common)).inserted { entries.append((String(common), nil)) }
            } else {
                entries.append((k, v.count))
            }
        }
        let start = query["continuation-token"].flatMap { Int($0) } ?? 0
        let limit = min(1000, query["max-keys"].flatMap { Int($0) } ?? 1000)
        let end = min(entries.count, start + limit)
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult><Name>\(bucket)</Name><Prefix>\(FakeReply.escape(prefix))</Prefix>"
        xml += "<KeyCount>\(Swift.max(0, end - start))</KeyCount><MaxKeys>\(limit)</MaxKeys><IsTruncated>\(end < entries.count)</IsTruncated>"
        if let delimiter { xml += "<Delimiter>\(FakeReply.escape(delimiter))</Delimiter>" }
        if end < entries.count { xml += "<NextContinuationToken>\(end)</NextContinuationToken>" }
        if start < end {
            for e in entries[start..<end] {
                if let size = e.size {
                    xml += "<Contents><Key>\(FakeReply.escape(e.key))</Key><Size>\(size)</Size><ETag>&quot;x&quot;</ETag></Contents>"
                } else {
                    xml += "<CommonPrefixes><Prefix>\(FakeReply.escape(e.key))</Prefix></CommonPrefixes>"
                }
            }
        }
        return .xml(xml + "</ListBucketResult>")
    }
}
