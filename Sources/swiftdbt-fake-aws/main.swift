import Foundation
import SDFakeAWS

// `swiftdbt-fake-aws [--port N] [--latency SECONDS]`: an in-memory Athena + Glue + S3 for trying
// the Athena target without an account. Prints the endpoint, then serves until interrupted.
var port: UInt16 = 4566
var latency = 0.0
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    switch a {
    case "--port": port = args.popFirst().flatMap { UInt16($0) } ?? port
    case "--latency": latency = args.popFirst().flatMap { Double($0) } ?? latency
    default:
        FileHandle.standardError.write(Data("usage: swiftdbt-fake-aws [--port N] [--latency SECONDS]\n".utf8))
        exit(2)
    }
}
// Every statement is checked and run by the SQL sidecar (sqlglot + DuckDB from the repository's
// .venv, or SWIFTDBT_PYTHON), as strict as Athena where the fake can be (docs/athena.md).
let sql: FakeSQLSidecar
do {
    sql = try FakeSQLSidecar.launch(environment: ProcessInfo.processInfo.environment)
} catch {
    FileHandle.standardError.write(Data("swiftdbt-fake-aws: \(error)\n".utf8))
    exit(1)
}
let server = try FakeAWSServer(state: FakeAWSState(queryLatency: latency, now: { Date() }, sql: sql), port: port)
let endpoint = try await server.start()
// Written unbuffered so a script reading the first line sees it at once.
FileHandle.standardOutput.write(
    Data(
        """
        fake AWS (Athena, Glue, S3) listening on \(endpoint)
          export AWS_ENDPOINT_URL=\(endpoint) AWS_ACCESS_KEY_ID=fake AWS_SECRET_ACCESS_KEY=fake AWS_REGION=eu-west-1

        """.utf8))
while true { try await Task.sleep(nanoseconds: 3_600_000_000_000) }
