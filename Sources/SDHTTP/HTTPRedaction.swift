/// Takes secrets out of a URL before it reaches a log or an error: the password of `user:password@`
/// and the values of query parameters that carry credentials (an S3 presigned URL's
/// `X-Amz-Signature`, `X-Amz-Security-Token` and `X-Amz-Credential`).
public enum HTTPRedaction {
    public static let placeholder = "<redacted>"

    /// Query parameters whose values are never shown (compared case-insensitively).
    public static let secretQueryParameters: Set<String> = ["x-amz-signature", "x-amz-security-token", "x-amz-credential"]

    /// Request headers whose values are never shown (compared case-insensitively).
    public static let secretHeaders: Set<String> = [
        "authorization", "proxy-authorization", "x-amz-security-token", "x-aws-ec2-metadata-token", "x-amz-signature",
    ]

    /// The header value, or a redacted form of it when it carries a secret. A SigV4 `Authorization`
    /// keeps its scope and signed headers, which help debugging, and loses its signature.
    public static func redactHeader(name: String, value: String) -> String {
        let lowered = name.lowercased()
        guard secretHeaders.contains(lowered) else { return value }
        if lowered == "authorization", let r = value.range(of: "Signature=") { return value[..<r.upperBound] + placeholder }
        return placeholder
    }

    public static func redactURL(_ url: String) -> String {
        var out = url
        if let scheme = out.range(of: "://") {
            let authorityEnd = out[scheme.upperBound...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? out.endIndex
            if let at = out[scheme.upperBound..<authorityEnd].lastIndex(of: "@"),
                let colon = out[scheme.upperBound..<at].firstIndex(of: ":")
            {
                out.replaceSubrange(out.index(after: colon)..<at, with: placeholder)
            }
        }
        guard let q = out.firstIndex(of: "?") else { return out }
        let params = out[out.index(after: q)...].split(separator: "&", omittingEmptySubsequences: false)
        let redacted = params.map { param -> String in
            let name = param.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            return secretQueryParameters.contains(name.lowercased()) ? name + "=" + placeholder : String(param)
        }
        return out[..<q] + "?" + redacted.joined(separator: "&")
    }

    /// `text` with the request's URL redacted and the values of its secret headers replaced: what a
    /// transport error may say about the request that failed.
    public static func scrub(_ text: String, for request: HTTPRequest) -> String {
        var out = text.replacingOccurrences(of: request.url, with: redactURL(request.url))
        for (name, value) in request.headers where secretHeaders.contains(name.lowercased()) && value.count >= 4 {
            out = out.replacingOccurrences(of: value, with: placeholder)
        }
        return out
    }
}

extension HTTPRequest: CustomStringConvertible, CustomReflectable {
    /// The method, URL and headers with credentials redacted; `dump()`, `String(reflecting:)` and
    /// debuggers read it through the mirror, so no path shows a secret.
    public var description: String {
        var lines = ["\(method) \(HTTPRedaction.redactURL(url))"]
        for name in headers.keys.sorted() {
            lines.append("\(name): \(HTTPRedaction.redactHeader(name: name, value: headers[name] ?? ""))")
        }
        lines.append("(\(body.count) bytes)")
        return lines.joined(separator: "\n")
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["request": description], displayStyle: .struct)
    }
}
