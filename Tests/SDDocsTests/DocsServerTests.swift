import Foundation
import SDBasics
import SDDocs
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("docs server")
struct DocsServerTests {
    func site() throws -> (String, DocsServer) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sddocs-serve-\(UUID().uuidString)").path
        let fs = LocalFileSystem()
        for (path, text) in DocsAssets.files(data: ["nodes": [], "lanes": [], "project": "p"], title: "p") {
            try fs.writeFile(root + "/docs/" + path, text)
        }
        try fs.writeFile(root + "/catalog.json", "{}\n")
        return (root, DocsServer(root: root, fileSystem: fs))
    }

    @Test func answersFilesRedirectsAndRefusals() throws {
        let (root, server) = try site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let home = server.response(toRequestLine: "GET / HTTP/1.1")
        #expect(home.status == 302)
        #expect(home.headers.contains { $0.0 == "Location" && $0.1 == "/docs/index.html" })
        let page = server.response(toRequestLine: "GET /docs/index.html?x=1 HTTP/1.1")
        #expect(page.status == 200)
        #expect(page.headers.contains { $0.0 == "Content-Type" && $0.1.hasPrefix("text/html") })
        #expect(String(decoding: page.body, as: UTF8.self).contains("assets/app.js"))
        #expect(server.response(toRequestLine: "GET /docs/ HTTP/1.1").status == 200)
        #expect(server.response(toRequestLine: "GET /docs/assets/app.js HTTP/1.1").headers.contains { $0.1.hasPrefix("text/javascript") })
        #expect(server.response(toRequestLine: "GET /catalog.json HTTP/1.1").status == 200)
        #expect(server.response(toRequestLine: "GET /nope.html HTTP/1.1").status == 404)
        #expect(server.response(toRequestLine: "GET /docs/../../etc/passwd HTTP/1.1").status == 403)
        #expect(server.response(toRequestLine: "GET /docs/%2e%2e/%2e%2e/etc/passwd HTTP/1.1").status == 403)
        #expect(server.response(toRequestLine: "POST /docs/index.html HTTP/1.1").status == 405)
        #expect(server.response(toRequestLine: "HEAD /docs/index.html HTTP/1.1").body.isEmpty)
        #expect(server.response(toRequestLine: "garbage").status == 400)
    }

    /// One real request over loopback, to the port the listener picked.
    @Test func servesOverASocket() async throws {
        let (root, server) = try site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let listener = try await DocsListener(port: 0, serving: server)
        #expect(listener.port > 0)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { Glibc.close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(listener.port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        let request = Array("GET /docs/index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        _ = request.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count) }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            response.append(contentsOf: buffer[0..<n])
        }
        let text = String(decoding: response, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(text.contains("<script src=\"assets/app.js\"></script>"))
        await listener.close()
    }

    /// A port already taken is an error to report, not a server that silently never answers.
    @Test func aPortInUseIsRefused() async throws {
        let (root, server) = try site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let first = try await DocsListener(port: 0, serving: server)
        let error = await #expect(throws: DocsServerError.self) { _ = try await DocsListener(port: first.port, serving: server) }
        // The bind failure itself, not the start-up wait running out.
        #expect(error?.description.hasPrefix("cannot listen on 127.0.0.1:\(first.port): ") == true)
        #expect(error?.description.contains("timed out") == false)
        await first.close()
    }
}
