import SDHTTP

/// Removes secrets from anything that may reach a log, an error or debug output: the signature in
/// `Authorization`, session tokens in headers and presigned URLs, and the `X-Amz-Signature` parameter.
public enum AWSRedaction {
    static let placeholder = HTTPRedaction.placeholder

    /// The header value, or a redacted form of it when it carries a secret.
    public static func redactHeader(name: String, value: String) -> String { HTTPRedaction.redactHeader(name: name, value: value) }

    /// A URL with `X-Amz-Signature`, `X-Amz-Security-Token` and `X-Amz-Credential` values redacted.
    public static func redactURL(_ url: String) -> String { HTTPRedaction.redactURL(url) }

    /// Replaces every occurrence of the given secrets in free text (error bodies echo requests).
    public static func scrub(_ text: String, secrets: [String]) -> String {
        var out = text
        for secret in secrets where secret.count >= 4 {
            out = out.replacingOccurrences(of: secret, with: placeholder)
        }
        return out
    }
}
