import Foundation
import SDBasics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small HTTP/1.1 server for `docs serve`: GET and HEAD of the files under one folder, on
/// 127.0.0.1 only, one connection at a time (a person browsing their own docs needs no more).
public struct DocsServer: Sendable {
    /// The folder served (`target/`), so that `/docs/…` and `/catalog.json` are both reachable.
    public var root: String
    /// The page `/` redirects to.
    public var index: String
    public var fileSystem: FileSystem

    public init(root: String, index: String = "/docs/index.html", fileSystem: FileSystem) {
        self.root = root
        self.index = index
        self.fileSystem = fileSystem
    }

    /// An answer to one request.
    public struct Response: Sendable, Equatable {
        public var status: Int
        public var reason: String
        public var headers: [(String, String)]
        public var body: [UInt8]

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
        return Response(status: 200, reason: "OK",
                        headers: [("Content-Type", DocsServer.types[ext] ?? "application/octet-stream"), ("Cache-Control", "no-cache")],
                        body: method == "HEAD" ? [] : body)
    }

    func plain(_ status: Int, _ reason: String, _ text: String) -> Response {
        Response(status: status, reason: reason, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(text.utf8))
    }
}

/// A failure to open the listening socket.
public struct DocsServerError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// A socket bound to 127.0.0.1 and listening.
public struct DocsListener: Sendable {
    public let descriptor: Int32
    /// The port bound (useful when 0 was asked for).
    public let port: Int

    /// Binds 127.0.0.1:`port` (0 picks a free port).
    public init(port: Int) throws {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw DocsServerError(description: "cannot open a socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            let reason = String(cString: strerror(errno))
            _ = closeDescriptor(fd)
            throw DocsServerError(description: "cannot listen on 127.0.0.1:\(port): \(reason)")
        }
        var actual = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        self.descriptor = fd
        self.port = Int(UInt16(bigEndian: actual.sin_port))
    }

    /// Accepts one connection, answers its request with `server`, and closes it.
    public func serveOne(_ server: DocsServer) {
        let client = accept(descriptor, nil, nil)
        guard client >= 0 else { return }
        defer { _ = closeDescriptor(client) }
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        // Read up to the end of the headers; the request line is all that is used.
        while request.count < 65536 {
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { break }
            request.append(contentsOf: buffer[0..<n])
            if request.count >= 4, request.suffix(4) == [13, 10, 13, 10] { break }
            if let text = String(bytes: request, encoding: .utf8), text.contains("\r\n\r\n") || text.contains("\n\n") { break }
        }
        let line = String(decoding: request.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self)
        let bytes = server.response(toRequestLine: line).bytes
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBufferPointer { write(client, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            sent += n
        }
    }

    /// Answers requests until the process ends.
    public func serveForever(_ server: DocsServer) -> Never {
        while true { serveOne(server) }
    }

    /// Stops listening.
    public func close() { _ = closeDescriptor(descriptor) }
}

private func closeDescriptor(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
    Glibc.close(fd)
    #else
    Darwin.close(fd)
    #endif
}
