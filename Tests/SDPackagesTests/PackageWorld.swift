import FlyingFox
import Foundation
import SDBasics
import SDHTTP
import SDPackages

/// A scratch folder holding a project, its packages' git repositories (bare, on local disk: no
/// network) and a fake package hub, for one test.
struct PackageWorld {
    let dir: String

    init() throws {
        dir = NSTemporaryDirectory() + "swiftdbt-packages-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: dir + "/project", withIntermediateDirectories: true)
        try write("project/project.yml", "name: shop\nprofile: shop\n")
    }

    var project: String { dir + "/project" }

    func write(_ path: String, _ text: String) throws {
        let full = dir + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
    }

    func read(_ path: String) -> String? { try? String(contentsOfFile: dir + "/" + path, encoding: .utf8) }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: dir + "/" + path) }

    func remove() { try? FileManager.default.removeItem(atPath: dir) }

    /// Git with a fixed identity; `https://github.com/` is rewritten to this world's repos/ folder
    /// (git's `url.<base>.insteadOf`; every test repository is under `acme/`), so hub packages resolve to real clones of local repositories.
    var git: GitCommand {
        var env = ProcessInfo.processInfo.environment
        for k in ["GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"] { env[k] = "swiftdbt tests" }
        for k in ["GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"] { env[k] = "tests@example.com" }
        // The machine's own git config (a global insteadOf of its own, say) must not steer the test.
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_CONFIG_COUNT"] = "1"
        env["GIT_CONFIG_KEY_0"] = "url.file://\(dir)/repos/acme/.insteadOf"
        env["GIT_CONFIG_VALUE_0"] = "https://github.com/acme/"
        return GitCommand(environment: env)
    }

    /// Commits `files` to the repository `repos/<name>.git` (created on first use) on `main`, tags
    /// the commit when asked, and returns the commit hash.
    @discardableResult
    func commit(repo name: String, _ files: [String: String], tag: String? = nil) throws -> String {
        let work = dir + "/work/" + name
        if !FileManager.default.fileExists(atPath: work) {
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            try git.run(["init", "--quiet", "-b", "main", work])
        }
        for (path, text) in files { try write("work/\(name)/\(path)", text) }
        try git.run(["-C", work, "add", "-A"])
        try git.run(["-C", work, "commit", "--quiet", "-m", "change"])
        if let tag { try git.run(["-C", work, "tag", tag]) }
        let bare = dir + "/repos/\(name).git"
        if !FileManager.default.fileExists(atPath: bare) {
            try git.run(["clone", "--quiet", "--bare", work, bare])
        } else {
            try git.run(["-C", work, "push", "--quiet", "--tags", bare, "main"])
        }
        return try git.run(["-C", work, "rev-parse", "HEAD"])
    }

    func installer(hub: String = "http://127.0.0.1:9/") -> DepsInstaller {
        DepsInstaller(root: project, installPath: "packages", hub: HubClient(baseURL: hub, transport: URLSessionTransport(timeout: 10)), git: git)
    }
}

/// A package hub on loopback that answers `GET /api/v1/{org}/{name}.json` the way hub.getdbt.com
/// does (dbt-core's registry client, core/dbt/clients/registry.py, reads `versions` and each
/// version's `downloads.tarball`), and 404 for a package it does not list, as the real hub's static
/// site does. `packages` maps `org/name` to (GitHub repository `org/repo`, versions).
final class FakeHub: @unchecked Sendable {
    let server: HTTPServer
    private var task: Task<Void, any Error>?
    private(set) var requests: [String] = []
    private let lock = NSLock()

    init(packages: [String: (repo: String, versions: [String])]) async throws {
        server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), logger: .disabled)
        await server.appendRoute("GET /api/v1/*") { [weak self] request in
            self?.lock.withLock { self?.requests.append(request.path) }
            let path = request.path.dropFirst("/api/v1/".count)
            guard path.hasSuffix(".json"), let (repo, versions) = packages[String(path.dropLast(5))] else {
                return FlyingFox.HTTPResponse(statusCode: .notFound, body: Data("Not Found".utf8))
            }
            let name = String(path.dropLast(5))
            var entries: [String: SDBasics.JSONValue] = [:]
            for v in versions {
                entries[v] = [
                    "id": .string("\(name)/\(v)"), "name": .string(String(name.split(separator: "/").last ?? "")), "version": .string(v),
                    "packages": [], "downloads": ["tarball": .string("https://codeload.github.com/\(repo)/tar.gz/\(v)"), "format": "tgz"],
                ]
            }
            let body: SDBasics.JSONValue = [
                "name": .string(String(name.split(separator: "/").last ?? "")), "namespace": .string(String(name.split(separator: "/").first ?? "")),
                "latest": .string(versions.last ?? ""), "versions": .object(entries),
            ]
            return FlyingFox.HTTPResponse(statusCode: .ok, headers: [HTTPHeader("Content-Type"): "application/json"], body: Data(body.serialized().utf8))
        }
        task = Task { [server] in try await server.run() }
        try await server.waitUntilListening(timeout: 5)
    }

    var url: String {
        get async {
            guard case .ip4(_, let port) = await server.listeningAddress else { return "http://127.0.0.1:9/" }
            return "http://127.0.0.1:\(port)/"
        }
    }

    func stop() async {
        await server.stop(timeout: 1)
        task?.cancel()
    }
}
