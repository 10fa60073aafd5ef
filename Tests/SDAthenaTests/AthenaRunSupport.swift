import Foundation
import SDBasics
import SDFakeAWS

/// The real `swiftdbt` binary on a copy of RTSA against an in-process fake, started without
/// waiting so a test can kill it (SIGKILL) or run two at once; and the invariants every Glue
/// table and S3 folder of the project must satisfy between runs.
enum AthenaRun {
    static let vars = ["--vars", "{lake_root: 's3://rtsa-market-lake'}"]
    static let schema = "rtsa_bronze"
    static let dataBucket = "rtsa-market-lake"
    static let leaseFolder = (bucket: "rtsa-athena-results", prefix: "athena-results/swiftdbt-runs/")

    /// A copy of RTSA whose dev target has a lease of `leaseSeconds` (so a killed run's leftovers
    /// may be collected that soon after).
    static func project(leaseSeconds: Int = 900) throws -> String {
        let dir = try RTSAOnFakeTests.copyProject()
        let profile = dir + "/profiles.yml"
        var text = try String(contentsOfFile: profile, encoding: .utf8)
        if !text.hasSuffix("\n") { text += "\n" }
        // The dev output is the file's last block, so this line joins it.
        text += "      run_lease_seconds: \(leaseSeconds)\n"
        try text.write(toFile: profile, atomically: true, encoding: .utf8)
        return dir
    }

    final class Handle: @unchecked Sendable {
        let process: Process
        let outputPath: String
        init(process: Process, outputPath: String) {
            self.process = process
            self.outputPath = outputPath
        }

        var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

        /// Waits for the process without blocking the cooperative pool the fake runs on.
        func finish() async -> (Int32, String) {
            while process.isRunning { try? await Task.sleep(nanoseconds: 20_000_000) }
            process.waitUntilExit()
            return (process.terminationStatus, output)
        }
    }

    static func start(_ args: [String], in dir: String, endpoint: String, accessKey: String) throws -> Handle {
        let p = Process()
        p.executableURL = URL(
            fileURLWithPath: ProcessInfo.processInfo.environment["SWIFTDBT_BIN"]
                ?? RTSAOnFakeTests.packageRoot + "/.build/debug/swiftdbt")
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        var env = ProcessInfo.processInfo.environment
        for k in env.keys where k.hasPrefix("AWS_") { env[k] = nil }
        env["AWS_ENDPOINT_URL"] = endpoint
        env["AWS_ACCESS_KEY_ID"] = accessKey
        env["AWS_SECRET_ACCESS_KEY"] = "fake-secret"
        env["AWS_REGION"] = "eu-west-1"
        env["AWS_CONFIG_FILE"] = dir + "/no-aws-config"
        env["AWS_SHARED_CREDENTIALS_FILE"] = dir + "/no-aws-credentials"
        env["NO_COLOR"] = "1"
        p.environment = env
        let path = dir + "/out-\(UUID().uuidString).txt"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        p.standardOutput = file
        p.standardError = file
        try p.run()
        return Handle(process: p, outputPath: path)
    }

    static func run(_ args: [String], in dir: String, endpoint: String, accessKey: String) async throws -> (Int32, String) {
        try await start(args, in: dir, endpoint: endpoint, accessKey: accessKey).finish()
    }

    /// The rows of every table and view of the schema, order-free, for comparing runs.
    /// The schemas RTSA writes to on the dev target: bronze and silver in the target's schema, gold
    /// in `<schema>_rtsa_gold` (dbt's default generate_schema_name, project.yml's gold folder).
    static let schemas = [schema, schema + "_rtsa_gold"]

    /// Rows of every relation of RTSA's schemas, by `schema.name`.
    static func contents(_ state: FakeAWSState) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for database in schemas {
            for name in state.tables(in: database).keys {
                let rows = (state.rows(database, name)?.rows ?? []).map { $0.map { $0 ?? "∅" }.joined(separator: "|") }.sorted()
                out["\(database).\(name)"] = rows
            }
        }
        return out
    }

    /// What must hold between runs: every relation of `expected` (`schema.name`) exists; no
    /// temporary table is left; every table and partition points at a folder that holds objects;
    /// with `complete`, no build folder under a table's root is left unreferenced and no run lease
    /// remains; with `reference`, every relation holds exactly the rows it held then (old and new
    /// versions hold the same rows when nothing upstream changed, so a half-written or missing one shows).
    static func problems(_ state: FakeAWSState, expected: Set<String>, reference: [String: [String]]?, complete: Bool) -> [String] {
        var problems: [String] = []
        var tables: [String: (database: String, name: String, table: JSONValue)] = [:]
        for database in schemas {
            for (name, t) in state.tables(in: database) { tables["\(database).\(name)"] = (database, name, t) }
        }
        for name in expected.sorted() where tables[name] == nil { problems.append("\(name) is missing") }
        for database in schemas + ["rtsa_lake"] {
            for name in state.tables(in: database).keys.sorted() where name.contains("__swiftdbt_") {
                problems.append("temporary table \(database).\(name) is left")
            }
        }
        let now = contents(state)
        for (qualified, entry) in tables.sorted(by: { $0.key < $1.key }) where !entry.name.contains("__swiftdbt_") {
            let (database, name, t) = entry
            if let reference, let rows = reference[qualified], now[qualified] != rows {
                problems.append("\(qualified) holds \(now[qualified]?.count ?? 0) rows, not the \(rows.count) it held")
            }
            guard t["TableType"]?.stringValue != "VIRTUAL_VIEW", let location = t["StorageDescriptor"]?["Location"]?.stringValue else { continue }
            let partitions = state.partitionLocations(database, name)
            for loc in [location] + partitions where objects(state, under: loc).isEmpty {
                problems.append("\(qualified) points at \(loc), which holds nothing")
            }
            guard complete else { continue }
            let root = "dbt/\(database)/\(name)/"
            let folders = Set(state.keys(bucket: dataBucket, prefix: root).compactMap { $0.dropFirst(root.count).split(separator: "/").first })
            for f in folders.sorted() {
                let url = "s3://\(dataBucket)/\(root)\(f)/"
                if !([location] + partitions).contains(where: { ($0.hasSuffix("/") ? $0 : $0 + "/").hasPrefix(url) }) {
                    problems.append("\(url) is left behind, unreferenced")
                }
            }
        }
        if complete {
            for k in state.keys(bucket: leaseFolder.bucket, prefix: leaseFolder.prefix) { problems.append("lease \(k) is left") }
        }
        return problems
    }

    static func objects(_ state: FakeAWSState, under location: String) -> [String] {
        guard location.hasPrefix("s3://") else { return [] }
        let rest = location.dropFirst(5)
        guard let slash = rest.firstIndex(of: "/") else { return [] }
        let key = String(rest[rest.index(after: slash)...])
        return state.keys(bucket: String(rest[..<slash]), prefix: key.hasSuffix("/") ? key : key + "/")
    }

    /// Statuses by unique id from target/run_results.json, and the run's invocation id.
    static func results(_ dir: String) throws -> (statuses: [String: String], invocation: String) {
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/target/run_results.json"))
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        var statuses: [String: String] = [:]
        for r in json["results"] as? [[String: Any]] ?? [] {
            if let id = r["unique_id"] as? String { statuses[id] = r["status"] as? String ?? "" }
        }
        let invocation = (json["metadata"] as? [String: Any])?["invocation_id"] as? String ?? ""
        return (statuses, invocation)
    }
}
