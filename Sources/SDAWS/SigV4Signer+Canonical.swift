extension SigV4Signer {
    /// Canonical headers and the signed-header list: lower-case names, sorted, values trimmed with
    /// inner whitespace runs collapsed to one space, `host` derived from the endpoint when absent.
    func canonicalHeaders(_ headers: [String: String], endpoint: AWSEndpoint) -> (canonical: String, signed: String) {
        var map: [String: String] = [:]
        for (name, value) in headers {
            let lower = name.lowercased()
            if Self.unsignedHeaders.contains(lower) { continue }
            let trimmed = Self.trimAll(value)
            if let existing = map[lower] { map[lower] = existing + "," + trimmed } else { map[lower] = trimmed }
        }
        if map["host"] == nil { map["host"] = endpoint.authority }
        let names = map.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var canonical = ""
        for name in names {
            canonical += name + ":" + (map[name] ?? "") + "\n"
        }
        return (canonical, names.joined(separator: ";"))
    }

    /// Trim-all from the SigV4 specification: drop leading and trailing whitespace and turn every
    /// inner run of whitespace into a single space.
    static func trimAll(_ value: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count)
        var pendingSpace = false
        for b in value.utf8 {
            if b == 0x20 || (0x09...0x0D).contains(b) || (0x1C...0x1F).contains(b) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace {
                    out.append(0x20)
                    pendingSpace = false
                }
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    func canonicalRequest(
        method: String, wirePath: String, query: [AWSQueryItem], canonicalHeaders: String, signedHeaders: String,
        payloadHash: String
    ) -> String {
        let path = isS3 ? (wirePath.isEmpty ? "/" : wirePath) : Self.canonicalPath(wirePath)
        return method.uppercased() + "\n" + path + "\n" + Self.canonicalQuery(query) + "\n" + canonicalHeaders
            + "\n" + signedHeaders + "\n" + payloadHash
    }

    /// Every service but S3 removes dot segments and empty segments from the once-encoded path and
    /// encodes it a second time (so `%` becomes `%25`).
    static func canonicalPath(_ wirePath: String) -> String {
        if wirePath.isEmpty { return "/" }
        var segments: [Substring] = []
        for segment in wirePath.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                if !segments.isEmpty { segments.removeLast() }
                continue
            }
            segments.append(segment)
        }
        var normalized = wirePath.hasPrefix("/") ? "/" : ""
        normalized += segments.joined(separator: "/")
        if wirePath.hasSuffix("/"), !segments.isEmpty { normalized += "/" }
        return AWSPercentEncoding.encodePath(normalized)
    }

    /// Keys and values encoded, then sorted by key and, for repeated keys, by value.
    static func canonicalQuery(_ query: [AWSQueryItem]) -> String {
        let pairs = query.map { (AWSPercentEncoding.encode($0.name), AWSPercentEncoding.encode($0.value)) }
            .sorted { a, b in
                a.0 == b.0 ? a.1.utf8.lexicographicallyPrecedes(b.1.utf8) : a.0.utf8.lexicographicallyPrecedes(b.0.utf8)
            }
        return pairs.map { $0.0 + "=" + $0.1 }.joined(separator: "&")
    }
}
