import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 19, item 2: the `duckdb` child never outlives swiftdbt, a locked database names its holder,
/// SIGTERM stops a run like Ctrl-C, and a second signal exits at once.
@Suite(.serialized) struct DuckDBProcessLifetimeTests {
    static let slowModel = "<< config(materialized='table') >>\nselect count(*) as n from range(100000000000) as a(x) where x % 7 = 3"

    static func project() throws -> TempProject {
        try TempProject(files: ["models/slow.sql": slowModel, "models/quick.sql": "<< config(materialized='table') >>\nselect 1 as n"])
    }

    /// Starts `swiftdbt run --select slow` and waits until the slow statement runs in DuckDB.
    static func startSlowRun(_ root: String) throws -> BackgroundRun {
        let run = try BackgroundRun(["run", "--select", "slow"], root: root)
        #expect(run.waitFor("START sql table model main.slow"))
        Thread.sleep(forTimeInterval: 0.5)
        return run
    }

    @Test func killDashNineLeavesNoDuckDBAndTheNextRunSucceeds() async throws {
        let p = try Self.project()
        defer { ProcessTable.killAll(mentioning: p.root) }
        let root = p.root
        let (before, left, status) = try await CLI.offPool { () -> ([String], [Int32], Int32) in
            let run = try Self.startSlowRun(root)
            let before = ProcessTable.pids(mentioning: root).map { pid in
                String(decoding: FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data(), as: UTF8.self)
            }
            kill(run.pid, SIGKILL)
            let status = run.finish().status
            return (before, ProcessTable.waitUntilGone(root, seconds: 2), status)
        }
        #expect(status == 128 + SIGKILL)
        #expect(before.count == 1, "the run's duckdb process should have been found: \(before)")
        // Exactly one process: the real binary, no Python launcher in front of it.
        #expect(before.allSatisfy { $0.split(separator: "\0").first?.hasSuffix("duckdb_cli/duckdb") == true }, "\(before)")
        #expect(left.isEmpty, "duckdb processes of the killed run still alive: \(left)")
        let next = try await CLI.swiftdbt(["run", "--select", "quick"], in: p)
        #expect(next.status == 0, "\(next.stdout)\n\(next.stderr)")
        #expect(try await p.query("select n from main.quick") == ["n", "1"])
    }

    @Test func aLockedDatabaseNamesItsHolder() async throws {
        let p = try Self.project()
        defer { ProcessTable.killAll(mentioning: p.root) }
        let root = p.root
        let (holderPid, second, first) = try await CLI.offPool { () -> (Int32, CLI.Result, (status: Int32, stdout: String, stderr: String)) in
            let run = try Self.startSlowRun(root)
            let second = try CLI.runBlocking(CLI.binary, ["run", "--select", "quick"], cwd: root)
            kill(run.pid, SIGINT)
            return (run.pid, second, run.finish())
        }
        // Still true: the second run fails fast with DuckDB's lock message; now it also says who holds it.
        #expect(second.status == 1)
        #expect(second.stderr.contains("Could not set lock on file"), "\(second.stderr)")
        #expect(second.stderr.contains("a swiftdbt run that is still alive: PID \(holderPid) ("), "\(second.stderr)")
        #expect(second.stderr.contains("kill -INT \(holderPid)"), "\(second.stderr)")
        #expect(first.status == 130, "\(first.stdout)\n\(first.stderr)")

        // A duckdb that no swiftdbt started, busy with a long query.
        let lone = Process()
        lone.executableURL = URL(fileURLWithPath: CLI.duckdb)
        lone.arguments = [p.database, "-c", "select count(*) from range(100000000000) as a(x) where x % 7 = 3"]
        lone.standardInput = FileHandle.nullDevice
        lone.standardOutput = FileHandle.nullDevice
        try lone.run()
        defer {
            lone.terminate()
            ProcessTable.killAll(mentioning: p.root)
        }
        var third = try await CLI.swiftdbt(["run", "--select", "quick"], in: p)
        for _ in 0..<50 where !third.stderr.contains("Could not set lock") {
            try await Task.sleep(nanoseconds: 100_000_000)  // the CLI opens the file a moment after it starts
            third = try await CLI.swiftdbt(["run", "--select", "quick"], in: p)
        }
        #expect(third.status == 1)
        #expect(third.stderr.contains("not a swiftdbt run"), "\(third.stderr)")
        #expect(third.stderr.contains("end it with `kill "), "\(third.stderr)")
    }

    /// SIGTERM (what `timeout` and orchestrators send) stops the run like Ctrl-C: the statement is
    /// cancelled, run_results.json is written, the exit code is 130.
    @Test func sigtermStopsTheRunLikeCtrlC() async throws {
        let p = try Self.project()
        defer { ProcessTable.killAll(mentioning: p.root) }
        let root = p.root
        let (result, elapsed) = try await CLI.offPool { () -> ((status: Int32, stdout: String, stderr: String), Double) in
            let run = try Self.startSlowRun(root)
            let sent = Date()
            kill(run.pid, SIGTERM)
            let result = run.finish()
            return (result, Date().timeIntervalSince(sent))
        }
        #expect(result.status == 130, "\(result.stdout)\n\(result.stderr)")
        #expect(elapsed < 10)
        #expect(result.stdout.contains("ERROR creating sql table model main.slow"), "\(result.stdout)")
        #expect(p.exists("target/run_results.json"))
        #expect(ProcessTable.waitUntilGone(p.root, seconds: 2).isEmpty)
    }

    /// A second Ctrl-C exits at once even when the statement cannot be cancelled (here the CLI is
    /// stopped with SIGSTOP), and the CLI goes with swiftdbt.
    @Test func aSecondSignalExitsAtOnceAndTakesTheChild() async throws {
        let p = try Self.project()
        defer { ProcessTable.killAll(mentioning: p.root) }
        let root = p.root
        let (status, elapsed, left) = try await CLI.offPool { () -> (Int32, Double, [Int32]) in
            let run = try Self.startSlowRun(root)
            for pid in ProcessTable.pids(mentioning: root) { kill(pid, SIGSTOP) }
            let sent = Date()
            kill(run.pid, SIGINT)
            Thread.sleep(forTimeInterval: 0.3)
            kill(run.pid, SIGTERM)
            let status = run.finish().status
            return (status, Date().timeIntervalSince(sent), ProcessTable.waitUntilGone(root, seconds: 2))
        }
        #expect(status == 130)
        #expect(elapsed < 3)
        #expect(left.isEmpty, "\(left)")
    }
}
