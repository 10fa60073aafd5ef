/// Where a service is reached: scheme, host, optional port and an optional base path (from an
/// endpoint override such as `http://127.0.0.1:5000/prefix`).
public struct AWSEndpoint: Sendable, Hashable, CustomStringConvertible {
    public var scheme: String
    public var host: String
    public var port: Int?
    /// Already percent-encoded, without a trailing `/`; empty for the usual endpoints.
    public var basePath: String

    public init(scheme: String = "https", host: String, port: Int? = nil, basePath: String = "") {
        self.scheme = scheme.lowercased()
        self.host = host.lowercased()
        self.port = port
        var base = basePath
        while base.hasSuffix("/") { base.removeLast() }
        self.basePath = base
    }

    /// Parses `scheme://host[:port][/path]`; nil when it is not such a URL.
    public init?(url text: String) {
        guard let schemeEnd = text.range(of: "://") else { return nil }
        let scheme = String(text[..<schemeEnd.lowerBound]).lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var rest = Substring(text[schemeEnd.upperBound...])
        if let q = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<q] }
        let authority: Substring
        let path: Substring
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = rest[slash...]
        } else {
            authority = rest
            path = ""
        }
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        var host = String(authority)
        var port: Int?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = String(authority[...close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()) else { return nil }
                port = p
            } else if !after.isEmpty {
                return nil
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            guard let p = Int(authority[authority.index(after: colon)...]) else { return nil }
            port = p
        }
        guard !host.isEmpty else { return nil }
        self.init(scheme: scheme, host: host, port: port, basePath: String(path))
    }

    var defaultPort: Int { scheme == "https" ? 443 : 80 }

    /// `host` or `host:port` when the port is not the scheme's default, as SigV4 signs it.
    public var authority: String {
        if let port, port != defaultPort { return "\(host):\(port)" }
        return host
    }

    public var description: String { "\(scheme)://\(authority)\(basePath)" }

    /// True for loopback hosts, where plain HTTP is acceptable.
    var isLoopback: Bool {
        host == "localhost" || host.hasPrefix("127.") || host == "[::1]"
    }
}
