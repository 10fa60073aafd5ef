/// Removes secrets from anything that may reach a log, an error or debug output: the signature in
/// `Authorization`, session tokens in headers and presigned URLs, and the `X-Amz-Signature` parameter.
public enum AWSRedaction {
    static let placeholder = "<redacted>"

    /// The header value, or a redacted form of it when it carries a secret.
    public static func redactHeader(name: String, value: String) -> String {
        switch name.lowercased() {
        case "authorization":
            // Keep the scope and signed headers, which help debugging; drop the signature.
            if let r = value.range(of: "Signature=") { return value[..<r.upperBound] + placeholder }
            return placeholder
        case "x-amz-security-token", "x-aws-ec2-metadata-token", "x-amz-signature":
            return placeholder
        default:
            return value
        }
    }

    /// A URL with `X-Amz-Signature`, `X-Amz-Security-Token` and `X-Amz-Credential` values redacted.
    public static func redactURL(_ url: String) -> String {
        guard let q = url.firstIndex(of: "?") else { return url }
        let params = url[url.index(after: q)...].split(separator: "&", omittingEmptySubsequences: false)
        let redacted = params.map { param -> String in
            let name = param.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            switch name.lowercased() {
            case "x-amz-signature", "x-amz-security-token", "x-amz-credential":
                return name + "=" + placeholder
            default:
                return String(param)
            }
        }
        return url[..<q] + "?" + redacted.joined(separator: "&")
    }

    /// Replaces every occurrence of the given secrets in free text (error bodies echo requests).
    public static func scrub(_ text: String, secrets: [String]) -> String {
        var out = text
        for secret in secrets where secret.count >= 4 {
            out = out.replacingOccurrences(of: secret, with: placeholder)
        }
        return out
    }
}
