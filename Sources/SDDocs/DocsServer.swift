import Foundation
import SDBasics

/// What `docs serve` answers: GET and HEAD of the files under one folder. Pure (a request line in, a
/// response out); `DocsListener` puts it on 127.0.0.1 with FlyingFox.
public struct DocsServer: Sendable {
    /// The folder served (`target/`), so that `/docs/…` and `/catalog.json` are both reachable.
    public var root: String
    /// The page `/` redirects to.
    public var index: String
    /// Where files are read from.
    public var fileSystem: FileSystem

    public init(root: String, index: String = "/docs/index.html", fileSystem: FileSystem) {
        self.root = root
        self.index = index
        self.fileSystem = fileSystem
    }

    /// An answer to one request.
    public struct Response: Sendable, Equatable {
        /// The HTTP status code.
        public var status: Int
        /// The reason phrase.
        public var reason: String
        /// Headers besides Content-Length and Connection, in order.
        public var headers: [(String, String)]
        /// The body (empty for HEAD and redirects).
        public var body: [UInt8]

        /// Equal when status, headers and body are.
        public static func == (a: Response, b: Response) -> Bool {
            a.status == b.status && a.body == b.body && a.headers.map { "\($0.0): \($0.1)" } == b.headers.map { "\($0.0): \($0.1)" }
        }

        /// The bytes sent on the wire.
        public var bytes: [UInt8] {
            var head = "HTTP/1.1 \(status) \(reason)\r\n"
            for (k, v) in headers { head += "\(k): \(v)\r\n" }
            head += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
            return Array(head.utf8) + body
        }
    }

    static let types: [String: String] = [
        "html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8",
        "json": "application/json", "sql": "text/plain; charset=utf-8", "txt": "text/plain; charset=utf-8",
        "svg": "image/svg+xml",
    ]

    /// What to answer to a request line (`GET /docs/index.html HTTP/1.1`). Paths are decoded, stripped
    /// of their query, and refused when they climb out of `root`.
    public func response(toRequestLine line: String) -> Response {
        let parts = line.split(separator: " ")
        guard parts.count >= 2 else { return plain(400, "Bad Request", "malformed request line\n") }
        let method = String(parts[0])
        guard method == "GET" || method == "HEAD" else {
            var r = plain(405, "Method Not Allowed", "only GET and HEAD\n")
            r.headers.append(("Allow", "GET, HEAD"))
            return r
        }
        var target = String(parts[1])
        if let q = target.firstIndex(where: { $0 == "?" || $0 == "#" }) { target = String(target[..<q]) }
        let path = target.removingPercentEncoding ?? target
        if path == "/" {
            return Response(status: 302, reason: "Found", headers: [("Location", index)], body: [])
        }
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        guard path.hasPrefix("/"), !segments.contains(where: { $0 == ".." || $0 == "." || $0.contains("\0") }) else {
            return plain(403, "Forbidden", "forbidden\n")
        }
        var file = root + "/" + segments.joined(separator: "/")
        if fileSystem.isDirectory(file) { file += "/index.html" }
        guard fileSystem.fileExists(file), let text = try? fileSystem.readFile(file) else {
            return plain(404, "Not Found", "no file at \(path)\n")
        }
        let ext = file.split(separator: ".").last.map(String.init) ?? ""
        let body = Array(text.utf8)
        return Response(
            status: 200, reason: "OK",
            headers: [("Content-Type", DocsServer.types[ext] ?? "application/octet-stream"), ("Cache-Control", "no-cache")],
            body: method == "HEAD" ? [] : body)
    }

    func plain(_ status: Int, _ reason: String, _ text: String) -> Response {
        Response(status: status, reason: reason, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(text.utf8))
    }
}
