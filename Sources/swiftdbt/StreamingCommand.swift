import ArgumentParser
import Foundation
import SDBasics
import SDCompiler
import SDHTTP
import SDProject
import SDStreaming

/// `swiftdbt streaming compile | plan | apply | status`: streaming/ declarations against ksqlDB and
/// Kafka Connect (docs/streaming.md).
struct StreamingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "streaming", abstract: "Compile, plan and apply the ksqlDB streams and Kafka Connect sinks under streaming/.",
        discussion: """
            Examples:
              swiftdbt streaming plan                   # what apply would change
              swiftdbt streaming apply --dry-run
              swiftdbt streaming status
            """,
        subcommands: [Compile.self, Plan.self, Apply.self, Status.self])

    /// Where the servers are.
    struct ServerOptions: ParsableArguments {
        @Option(name: .customLong("ksqldb-url"), help: "ksqlDB server (else $SWIFTDBT_KSQLDB_URL, else http://localhost:8088).")
        var ksqldbURL: String?

        @Option(
            name: .customLong("connect-url"),
            help:
                "Kafka Connect worker (else $SWIFTDBT_CONNECT_URL, else http://localhost:8083). Basic auth: $SWIFTDBT_KSQLDB_USER/_PASSWORD, $SWIFTDBT_CONNECT_USER/_PASSWORD."
        )
        var connectURL: String?

        func session(_ environment: [String: String]) -> StreamingSession {
            let ksql = ksqldbURL ?? environment["SWIFTDBT_KSQLDB_URL"] ?? "http://localhost:8088"
            let connect = connectURL ?? environment["SWIFTDBT_CONNECT_URL"] ?? "http://localhost:8083"
            return StreamingSession(
                ksql: KsqlClient(baseURL: ksql, transport: URLSessionTransport(authorization: basic(environment, "KSQLDB"))),
                connect: ConnectClient(baseURL: connect, transport: URLSessionTransport(authorization: basic(environment, "CONNECT"))))
        }

        /// The project's declarations and a session on the servers: how plan, apply and status start.
        func open(_ project: ProjectOptions) throws -> (Session, StreamingProject, StreamingSession) {
            let session = Session(project)
            let streaming = try session.streamingProject(try session.load())
            return (session, streaming, self.session(session.environment))
        }

        /// HTTP Basic credentials from SWIFTDBT_<SERVER>_USER/_PASSWORD (ksqlDB BASIC auth, Confluent
        /// Cloud API keys, Connect's BasicAuthSecurityRestExtension).
        func basic(_ environment: [String: String], _ server: String) -> String? {
            guard let user = environment["SWIFTDBT_\(server)_USER"], !user.isEmpty else { return nil }
            let password = environment["SWIFTDBT_\(server)_PASSWORD"] ?? ""
            return "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        }
    }

    struct Compile: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "compile", abstract: "Write the ksqlDB statements and connector configs into target/streaming/.")
        @OptionGroup var project: ProjectOptions

        func run() async throws {
            let session = Session(project)
            let loaded = try session.load()
            let streaming = try session.streamingProject(loaded)
            let dir = session.root + "/" + loaded.project.config.targetPath + "/streaming"
            try StreamingArtifacts.write(streaming, to: dir, fileSystem: session.fileSystem)
            Output.out(
                "Compiled \(streaming.sources.count) ksqlDB statement\(streaming.sources.count == 1 ? "" : "s") and "
                    + "\(streaming.connectors.count) connector\(streaming.connectors.count == 1 ? "" : "s") into \(loaded.project.config.targetPath)/streaming\n"
            )
        }
    }

    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "plan", abstract: "Show what apply would change on ksqlDB and Kafka Connect.")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var servers: ServerOptions

        func run() async throws {
            let (_, streaming, client) = try servers.open(project)
            Output.out(try await client.plan(streaming).rendered())
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "apply", abstract: "Create or upgrade the streams, tables and connectors to match the declarations.")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var servers: ServerOptions
        @Flag(
            name: .customLong("allow-destructive"),
            help: "Allow dropping and recreating streams whose change cannot be made in place, and removing what is no longer declared.")
        var allowDestructive = false
        @Flag(name: .customLong("dry-run"), help: "Print each request apply would send, in order, and send none.")
        var dryRun = false

        func run() async throws {
            let (session, streaming, opened) = try servers.open(project)
            var client = opened
            client.progress = { line in Output.err("  \(line)\n") }
            let result = try await client.apply(streaming, allowDestructive: allowDestructive, dryRun: dryRun)
            Output.out(result.plan.rendered())
            if dryRun, !result.log.isEmpty { Output.out("Requests apply would send:\n") }
            for line in result.log { Output.out("  \(line)\n") }
            var bag = DiagnosticBag()
            bag.append(contentsOf: result.diagnostics)
            try session.report(bag)
            if result.failed { throw ExitCode(1) }
            if dryRun { return Output.out("Dry run: nothing was sent.\n") }
            Output.out(result.plan.hasChanges ? "Apply complete.\n" : "Nothing to change.\n")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the queries, connectors and tasks with their states.")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var servers: ServerOptions

        func run() async throws {
            let (_, streaming, client) = try servers.open(project)
            Output.out(try await client.status(streaming))
        }
    }
}

extension Session {
    /// The streaming/ declarations, validated; diagnostics reported (exit 1 on errors).
    func streamingProject(_ loaded: Loaded) throws -> StreamingProject {
        var bag = DiagnosticBag()
        let project = StreamingProject.load(loaded.project, cliVars: loaded.cliVars, environment: environment, diagnostics: &bag)
        try report(bag)
        guard let project else { throw ExitCode(1) }
        return project
    }

    /// Adds topics, streams and connectors to the DAG (issue 7 item 4) when the project declares any.
    func addStreamingLineage(_ options: inout CompileOptions, _ loaded: Loaded) throws {
        guard !loaded.project.streamingFiles.isEmpty else { return }
        let streaming = try streamingProject(loaded)
        let lineage = StreamingLineage(streaming, packageName: loaded.project.name)
        options.extraNodes = lineage.nodes
        options.extraParents = lineage.parents
        // One setting for the lake: a fed source reads where its sink writes. On Athena that is the
        // sink's bucket; a local target reads the copy of the bucket at var('lake_root').
        let localRoot: String? =
            !loaded.target.adapter.readsLakeLocally
            ? nil
            : loaded.cliVars["lake_root"]?.stringValue ?? loaded.project.config.vars["lake_root"]?.json.stringValue ?? "lake"
        options.sourceLakes = streaming.sourceLakes(packageName: loaded.project.name, localRoot: localRoot)
    }
}
