import Foundation
import SDFakeStreaming
import SDTestSupport
import Testing

@testable import SDStreaming

/// The real `swiftdbt` binary (built by `swift build --build-tests`; $SWIFTDBT_BIN overrides) on the
/// RTSA project, against the fake servers.
@Suite("swiftdbt streaming on the command line", .serialized)
struct CommandLineTests {
    static var binary: String {
        ProcessInfo.processInfo.environment["SWIFTDBT_BIN"] ?? Repository.url.path + "/.build/debug/swiftdbt"
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the binary off the cooperative pool, so the in-process fake servers keep answering.
    static func swiftdbt(_ args: [String], env: [String: String] = [:], cwd: URL = Repository.url) async throws -> Result {
        let profiles = FileManager.default.temporaryDirectory.appendingPathComponent("sd-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: profiles, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: profiles) }
        try FileManager.default.copyItem(
            atPath: Repository.url.path + "/profiles.example.yml",
            toPath: profiles.appendingPathComponent("profiles.yml").path)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args + ["--profiles-dir", profiles.path]
        p.currentDirectoryURL = cwd
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        // The RTSA declarations read these; the goldens assume their defaults.
        for k in ["AWS_REGION", "RTSA_LAKE_BUCKET", "SCHEMA_REGISTRY_URL"] + environment.keys.filter({ $0.hasPrefix("SWIFTDBT_") }) {
            environment[k] = nil
        }
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    try p.run()
                    let o = out.fileHandleForReading.readDataToEndOfFile()
                    let e = err.fileHandleForReading.readDataToEndOfFile()
                    p.waitUntilExit()
                    continuation.resume(
                        returning: Result(
                            status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                            stderr: String(decoding: e, as: UTF8.self)))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    @Test func applyTwiceThenStatus() async throws {
        let server = try await FakeStreamingServer()
        defer { Task { await server.stop() } }
        let urls = ["--ksqldb-url", server.ksqlURL]
        let env = ["SWIFTDBT_CONNECT_URL": server.connectURL, "RTSA_LAKE_BUCKET": "rtsa-lake"]
        let plan = try await CommandLineTests.swiftdbt(["streaming", "plan"] + urls, env: env)
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("  + create stream TICKS (streaming/rtsa.yml:6)\n"))

        let first = try await CommandLineTests.swiftdbt(["streaming", "apply"] + urls, env: env)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("  created connector s3-sink-ticks\n"))
        #expect(first.stdout.hasSuffix("Apply complete.\n"))

        let second = try await CommandLineTests.swiftdbt(["streaming", "apply"] + urls, env: env)
        #expect(second.status == 0)
        #expect(second.stdout.hasSuffix("Nothing to change.\n"))
        #expect(server.connect { $0.putCount["s3-sink-ticks"] } == 1)

        let status = try await CommandLineTests.swiftdbt(["streaming", "status"] + urls, env: env)
        #expect(status.stdout.contains("CSAS_TICKS_ENRICHED_V2_1  RUNNING  → TICKS_ENRICHED_V2\n"))
        #expect(status.stdout.contains("  s3-sink-ticks  RUNNING"))
    }

    // Issue 13: --dry-run prints each request and sends none; apply shows its wait for the tasks.
    @Test func dryRunThenApplyWithProgress() async throws {
        let server = try await FakeStreamingServer()
        defer { Task { await server.stop() } }
        let env = ["SWIFTDBT_KSQLDB_URL": server.ksqlURL, "SWIFTDBT_CONNECT_URL": server.connectURL]
        let dry = try await CommandLineTests.swiftdbt(["streaming", "apply", "--dry-run"], env: env)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("Requests apply would send:\n  POST /ksql CREATE STREAM TICKS ("))
        #expect(dry.stdout.contains("  PUT /connector-plugins/S3SinkConnector/config/validate\n  PUT /connectors/s3-sink-ticks/config\n"))
        #expect(dry.stdout.hasSuffix("Dry run: nothing was sent.\n"))
        #expect(server.ksql { $0.sources.isEmpty } && server.connect { $0.configs.isEmpty })

        let apply = try await CommandLineTests.swiftdbt(["streaming", "apply"], env: env)
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(apply.stderr.contains("  waiting for connector s3-sink-ticks: connector UNASSIGNED, no tasks yet (1/120)\n"))
        #expect(apply.stdout.contains("  connector s3-sink-ticks RUNNING with 3 tasks\n"))
    }

    // ksqlDB security.md (authentication.method=BASIC); Connect's BasicAuthSecurityRestExtension.
    @Test func basicCredentialsComeFromTheEnvironment() async throws {
        let server = try await FakeStreamingServer()
        defer { Task { await server.stop() } }
        let env = [
            "SWIFTDBT_KSQLDB_URL": server.ksqlURL, "SWIFTDBT_CONNECT_URL": server.connectURL,
            "SWIFTDBT_KSQLDB_USER": "key", "SWIFTDBT_KSQLDB_PASSWORD": "secret", "SWIFTDBT_CONNECT_USER": "connect",
        ]
        let r = try await CommandLineTests.swiftdbt(["streaming", "plan"], env: env)
        #expect(r.status == 0, "\(r.stderr)")
        let seen = Set(server.authorizations)
        #expect(seen == ["ksql Basic a2V5OnNlY3JldA==", "connect Basic Y29ubmVjdDo="])
    }

    // compile writes exactly what StreamingArtifacts produces, and replaces an earlier output.
    @Test func compileWritesTargetStreaming() async throws {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("sd-compile-\(UUID().uuidString)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: dir) }
        for item in ["project.yml", "models", "macros", "seeds", "tests", "streaming"] {
            try fm.copyItem(at: Repository.url.appendingPathComponent(item), to: dir.appendingPathComponent(item))
        }
        let stale = dir.appendingPathComponent("target/streaming/ksql/999_stale.sql")
        try fm.createDirectory(at: stale.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("old".utf8).write(to: stale)
        let r = try await CommandLineTests.swiftdbt(["streaming", "compile"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Compiled 2 ksqlDB statements and 1 connector into target/streaming\n")
        let expected = StreamingArtifacts.files(try #require(try Fixtures.rtsa()))
        let written = try #require(fm.enumerator(atPath: dir.appendingPathComponent("target/streaming").path)?.allObjects as? [String])
        #expect(Set(written.filter { $0.hasSuffix(".sql") || $0.hasSuffix(".json") }) == Set(expected.map(\.path)))
        for (path, contents) in expected {
            let data = try #require(fm.contents(atPath: dir.appendingPathComponent("target/streaming/" + path).path))
            #expect(String(decoding: data, as: UTF8.self) == contents, "\(path)")
        }
    }

    // docs/selectors.md: `+` selects ancestors, here across the streaming boundary.
    @Test func lsCrossesIntoStreaming() async throws {
        let r = try await CommandLineTests.swiftdbt([
            "ls", "--select", "+gold_grouped_returns", "--resource-type", "connector", "stream", "topic",
            "--output", "name",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "s3-sink-ticks\nTICKS\nTICKS_ENRICHED_V2\nticks\nticks_enriched_v2\n")
    }

    @Test func unreachableServerIsAnEnvironmentalError() async throws {
        let r = try await CommandLineTests.swiftdbt(["streaming", "plan", "--ksqldb-url", "http://127.0.0.1:9"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("http://127.0.0.1:9/ksql: cannot connect"))
    }
}
