import Foundation
import Testing

/// Issue 19, item 6: secrets read by profiles.yml, and credentials a profile or the AWS chain holds,
/// never reach target/, logs (text or JSON), `debug` output, error messages or stderr.
///
/// The project leaks on purpose through every legitimate path there is: a DuckDB setting taken from a
/// secret variable is echoed by DuckDB in a model's error (`current_setting`), and a model renders
/// the profile's `settings` into its SQL (compiled/, run/, manifest.json, run_results.json). The
/// secrets carry `"` and `\`, so they must also be caught in their JSON-escaped spelling.
@Suite(.serialized) struct SecretScrubbingTests {
    static let tag = String(UUID().uuidString.prefix(8))
    static let home = #"Dbt"Home\Secret-"# + tag
    static let temp = "/tmp/swiftdbt-secret-tmp-" + tag
    static let awsFromEnv = "wJalrXUtnFEMI/K7MDENG/envChain" + tag
    static let awsInProfile = "profileLiteralSecretKey+" + tag

    static var secrets: [String] { [home, temp, awsFromEnv, awsInProfile] }

    static func project() throws -> TempProject {
        try TempProject(
            files: [
                "project.yml": "name: leaky\nprofile: leaky\n",
                "profiles.yml": """
                leaky:
                  target: local
                  outputs:
                    local:
                      type: duckdb
                      path: target/test.duckdb
                      schema: main
                      threads: 2
                      settings:
                        home_directory: "<< env_var('DBT_ENV_SECRET_HOME') >>"
                        temp_directory: "<< env_var('SWIFTDBT_ENV_SECRET_TMP') >>"
                    dev:
                      type: athena
                      region_name: eu-west-1
                      s3_staging_dir: s3://results/athena/
                      s3_data_dir: s3://lake/dbt/
                      schema: analytics
                      aws_access_key_id: AKIDPROFILE
                      aws_secret_access_key: \(awsInProfile)

                """,
                "models/ok_model.sql": "select 1 as id\n",
                // Fails at run time with DuckDB's `Could not convert string '<value>' to INT32`.
                "models/echo_setting.sql": "<< config(materialized='table') >>\nselect cast(current_setting('home_directory') as integer) as n\n",
                // The profile's settings rendered into SQL: the compiled file and the manifest hold them.
                "models/settings_in_sql.sql": """
                << config(materialized='table') >>
                << if target.type == 'duckdb' >>
                select '<< target.settings.temp_directory >>' as t, cast('x' as integer) as n
                << else >>
                select 1 as n
                << endif >>

                """,
                "seeds/codes.csv": "code\nA\n",
            ], name: "leaky")
    }

    static var environment: [String: String] {
        [
            "DBT_ENV_SECRET_HOME": home, "SWIFTDBT_ENV_SECRET_TMP": temp,
            "AWS_ACCESS_KEY_ID": "AKIDENVCHAIN", "AWS_SECRET_ACCESS_KEY": awsFromEnv, "AWS_REGION": "eu-west-1",
            "AWS_CONFIG_FILE": "/nonexistent/aws-config", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws-credentials",
        ]
    }

    /// Every spelling a writer could produce: as is, JSON-escaped, SQL-quoted.
    static func spellings(_ s: String) -> [String] {
        let json = s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return Array(Set([s, json, s.replacingOccurrences(of: "'", with: "''"), s.replacingOccurrences(of: "/", with: "\\/")]))
    }

    /// Files under target/ and logs/ whose bytes hold a secret, and which secret.
    static func leaks(in project: TempProject) -> [String] {
        var found: [String] = []
        for dir in ["target", "logs"] {
            let base = project.root + "/" + dir
            guard let walker = FileManager.default.enumerator(atPath: base) else { continue }
            for case let rel as String in walker {
                guard let data = FileManager.default.contents(atPath: base + "/" + rel) else { continue }
                for secret in secrets {
                    for spelling in spellings(secret) where data.range(of: Data(spelling.utf8)) != nil {
                        found.append("\(dir)/\(rel) holds \(spelling)")
                    }
                }
            }
        }
        return found
    }

    static func leaks(in output: CLI.Result, _ label: String) -> [String] {
        var found: [String] = []
        for secret in secrets {
            for spelling in spellings(secret) {
                if output.stdout.contains(spelling) { found.append("\(label) stdout holds \(spelling)") }
                if output.stderr.contains(spelling) { found.append("\(label) stderr holds \(spelling)") }
            }
        }
        return found
    }

    @Test func noSecretInArtifactsLogsOrOutput() async throws {
        let project = try Self.project()
        let env = Self.environment
        // Artifacts are looked at after every command: a later one rewrites manifest.json and run_results.json.
        var leaks: [String] = []
        func run(_ label: String, _ args: [String], extra: [String: String] = [:]) async throws -> CLI.Result {
            let r = try await CLI.swiftdbt(args, in: project, env: env.merging(extra) { $1 })
            leaks += Self.leaks(in: r, label) + Self.leaks(in: project).map { "after \(label): \($0)" }
            return r
        }

        let compile = try await run("compile", ["compile"])
        #expect(compile.status == 0, "\(compile.stderr)")
        // The leak path is real: the compiled SQL held the secret, and now holds the mask instead.
        let compiled = try project.read("target/compiled/leaky/models/settings_in_sql.sql")
        #expect(compiled.contains("select '*****' as t"), "\(compiled)")
        #expect(try project.read("target/manifest.json").contains("*****"))

        let ok = try await run("run ok", ["run", "--select", "ok_model"])
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        let build = try await run("build json", ["build", "--select", "ok_model", "codes", "--log-format", "json"])
        #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
        let debug = try await run("debug", ["debug"])
        #expect(debug.status == 0, "\(debug.stdout)\(debug.stderr)")

        for format in ["text", "json"] {
            let failing = try await run("failing run \(format)", ["run", "--log-format", format])
            #expect(failing.status == 1)
            // DuckDB's error quoted the setting's value; the console shows the mask in its place.
            #expect(failing.stdout.contains("Could not convert string '*****' to INT32"), "\(failing.stdout)")
            let results = try project.read("target/run_results.json")
            #expect(results.contains("Could not convert string '*****' to INT32"))
        }

        // An Athena target on the fake AWS, first with keys in the profile, then with the environment's
        // keys (the chain's next source once the profile gives none).
        let fake = try FakeAWSProcess()
        defer { fake.stop() }
        let endpoint = ["AWS_ENDPOINT_URL": try await fake.endpoint()]
        var athena = try await run("debug athena profile keys", ["debug", "--target", "dev"], extra: endpoint)
        #expect(athena.status == 0, "\(athena.stdout)\(athena.stderr)")
        try project.write(
            "profiles.yml",
            try project.read("profiles.yml")
                .replacingOccurrences(of: "      aws_access_key_id: AKIDPROFILE\n      aws_secret_access_key: \(Self.awsInProfile)\n", with: ""))
        athena = try await run("debug athena env keys", ["debug", "--target", "dev"], extra: endpoint)
        #expect(athena.status == 0, "\(athena.stdout)\(athena.stderr)")
        athena = try await run(
            "run athena env keys", ["run", "--target", "dev", "--select", "ok_model", "--log-format", "json"],
            extra: endpoint)
        #expect(athena.status == 0, "\(athena.stdout)\(athena.stderr)")

        #expect(leaks.isEmpty, "\(leaks.joined(separator: "\n"))")
    }

    /// A credential too short to scrub is not silently left in the output: loading it warns, at its
    /// key for a profile credential.
    @Test func shortSecretsAreWarnedAbout() async throws {
        let project = try TempProject(
            files: [
                "models/m.sql": "select 1 as id\n",
                "profiles.yml": """
                leaky:
                  target: dev
                  outputs:
                    dev:
                      type: athena
                      region_name: eu-west-1
                      s3_staging_dir: s3://results/athena/
                      schema: analytics
                      aws_access_key_id: AKIDPROFILE
                      aws_secret_access_key: abc

                """,
            ], name: "leaky")
        let r = try await CLI.swiftdbt(["ls"], in: project, env: ["DBT_ENV_SECRET_PIN": "1234"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("warning: secret environment variable 'DBT_ENV_SECRET_PIN' is shorter than 6 characters"), "\(r.stderr)")
        #expect(
            r.stderr.contains("profiles.yml:10:30: warning: the value of 'aws_secret_access_key' is shorter than 6 characters"),
            "\(r.stderr)")
    }

    /// A profile that does not even parse is quoted in the error's excerpt: its literal credential
    /// must be masked there too, though no target was ever loaded.
    @Test func brokenProfileDoesNotShowItsCredential() async throws {
        let project = try TempProject(
            files: [
                "models/m.sql": "select 1 as id\n",
                "profiles.yml": """
                leaky:
                  target: dev
                  outputs:
                    dev:
                      type: athena
                      region_name: eu-west-1
                      s3_staging_dir: s3://results/athena/
                      schema: analytics
                      aws_secret_access_key: \(Self.awsInProfile) : [oops

                """,
            ], name: "leaky")
        let r = try await CLI.swiftdbt(["ls"], in: project)
        #expect(r.status == 1)
        #expect(r.stderr.contains("profiles.yml:9:"), "\(r.stderr)")
        #expect(r.stderr.contains("aws_secret_access_key: *****"), "\(r.stderr)")
        #expect(Self.leaks(in: r, "ls").isEmpty, "\(r.stderr)")
    }

    /// A secret variable read outside profiles.yml stops the command with a positioned error, and the
    /// error does not print the value either.
    @Test func secretEnvVarInAModelIsAPositionedError() async throws {
        let project = try TempProject(
            files: [
                "models/m.sql": "select '<< env_var('DBT_ENV_SECRET_HOME') >>' as h\n"
            ], name: "leaky")
        let r = try await CLI.swiftdbt(["compile"], in: project, env: Self.environment)
        #expect(r.status == 1)
        #expect(
            r.stderr.contains("models/m.sql:1:20: error: secret environment variable 'DBT_ENV_SECRET_HOME' may only be read in profiles.yml"),
            "\(r.stderr)")
        #expect(r.stderr.contains("^~~~~"))
        #expect(!project.exists("target/manifest.json"))
        #expect(Self.leaks(in: r, "compile").isEmpty)
    }
}

/// `swiftdbt-fake-aws --port 0` (built next to swiftdbt) as a child process, for the CLI's Athena target.
final class FakeAWSProcess: @unchecked Sendable {
    let process = Process()
    let output = Pipe()

    init() throws {
        process.executableURL = URL(fileURLWithPath: (CLI.binary as NSString).deletingLastPathComponent + "/swiftdbt-fake-aws")
        process.arguments = ["--port", "0"]
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// The `http://127.0.0.1:<port>` the server printed on its first line.
    func endpoint() async throws -> String {
        let handle = output.fileHandleForReading
        return try await CLI.offPool {
            var text = ""
            while !text.contains("\n") {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            guard let r = text.range(of: "listening on ") else { throw CLI.QueryFailed(message: "fake AWS printed: \(text)") }
            return String(text[r.upperBound...].prefix { !$0.isWhitespace })
        }
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}
