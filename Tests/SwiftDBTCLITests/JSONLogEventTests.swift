import Foundation
import Testing

/// `--log-format json` writes the events dbt writes, with dbt's names, codes and `data` fields
/// (dbt-core's core/dbt/events/core_types.proto), so tools that follow dbt's structured logs
/// (orchestrators, log shippers) read swiftdbt's too (issue 15 item 5).
@Suite("JSON log events")
struct JSONLogEventTests {
    typealias Event = [String: Any]

    /// Every stdout line, parsed; a line that is not a JSON object fails the test.
    static func events(_ stdout: String) throws -> [Event] {
        try stdout.split(separator: "\n").map { line in
            let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? Event
            return try #require(obj, "not a JSON event: \(line)")
        }
    }

    static func name(_ e: Event) -> String { (e["info"] as? Event)?["name"] as? String ?? "" }
    static func info(_ e: Event) -> Event { e["info"] as? Event ?? [:] }
    static func data(_ e: Event) -> Event { e["data"] as? Event ?? [:] }
    static func nodeInfo(_ e: Event) -> Event { data(e)["node_info"] as? Event ?? [:] }

    static let files: [String: String] = [
        "seeds/people.csv": "id,name\n1,ann\n2,bob\n",
        "models/people_t.sql": "<< config(materialized='table') >>\nselect * from << ref('people') >>\n",
        "models/people_v.sql": "select id from << ref('people_t') >>\n",
        "models/broken.sql": "select nope from << ref('people_t') >>\n",
        "models/after_broken.sql": "select * from << ref('broken') >>\n",
        "models/_props.yml": """
        version: 2
        models:
          - name: people_t
            meta: {owner: ops}
          - name: people_v
            columns:
              - name: id
                tests:
                  - accepted_values:
                      values: [1]
                      quote: false

        """,
    ]

    @Test func buildWritesDbtsEventsWithTheirFields() async throws {
        let p = try TempProject(files: Self.files)
        let r = try await CLI.swiftdbt(["build", "--log-format", "json", "--threads", "2"], in: p)
        #expect(r.status == 1, "broken fails: \(r.stderr)")
        let events = try Self.events(r.stdout)
        let names = events.map(Self.name)

        // First and last: the version and the command's outcome.
        #expect(names.first == "MainReportVersion")
        #expect(Self.info(events[0])["code"] as? String == "A001")
        #expect(Self.data(events[0])["log_version"] as? Int == 3)
        #expect(names.last == "CommandCompleted")
        let done = try #require(events.last)
        #expect(Self.info(done)["code"] as? String == "Q039")
        #expect(Self.data(done)["success"] as? Bool == false)
        #expect(Self.data(done)["command"] as? String == "swiftdbt build")
        #expect(Self.data(done)["completed_at"] as? String != nil)

        // Every started node: NodeStart, then LogStartLine with description/index/total, on a worker thread.
        let starts = events.filter { Self.name($0) == "LogStartLine" }
        #expect(starts.count == 5, "seed, 3 runnable models, 1 test: \(names)")
        let threads = Set(
            events.filter {
                ["NodeStart", "LogStartLine", "LogModelResult", "LogSeedResult", "LogTestResult", "NodeFinished"]
                    .contains(Self.name($0))
            }.map { Self.info($0)["thread"] as? String ?? "" })
        #expect(threads.isSubset(of: ["Thread-1 (worker)", "Thread-2 (worker)"]) && !threads.isEmpty, "\(threads)")
        for s in starts {
            #expect(Self.info(s)["code"] as? String == "Q011")
            #expect(Self.data(s)["total"] as? Int == 6)
            #expect((Self.data(s)["index"] as? Int ?? 0) >= 1)
            #expect((Self.data(s)["description"] as? String ?? "").isEmpty == false)
            #expect((Self.nodeInfo(s)["node_started_at"] as? String ?? "").isEmpty == false)
            #expect(Self.nodeInfo(s)["node_status"] as? String == "started")
            let id = Self.nodeInfo(s)["unique_id"] as? String
            let i = try #require(events.firstIndex { Self.name($0) == "NodeStart" && Self.nodeInfo($0)["unique_id"] as? String == id })
            #expect(Self.info(events[i])["code"] as? String == "Q024")
        }

        // Seeds log as seeds, models as models, tests as tests, each with its own fields.
        let seed = try #require(events.first { Self.name($0) == "LogSeedResult" })
        #expect(Self.info(seed)["code"] as? String == "Q016")
        #expect(Self.data(seed)["status"] as? String == "success")
        #expect(Self.data(seed)["relation"] as? String == "people")
        #expect(Self.data(seed)["schema"] as? String == "main")
        #expect(Self.data(seed)["result_message"] as? String != nil)
        let table = try #require(events.first { Self.name($0) == "LogModelResult" && Self.nodeInfo($0)["node_name"] as? String == "people_t" })
        #expect(Self.info(table)["code"] as? String == "Q012")
        #expect(Self.nodeInfo(table)["materialized"] as? String == "table")
        #expect(Self.nodeInfo(table)["resource_type"] as? String == "model")
        #expect(Self.nodeInfo(table)["unique_id"] as? String == "model.proj.people_t")
        #expect(Self.nodeInfo(table)["node_status"] as? String == "success")
        #expect((Self.nodeInfo(table)["node_finished_at"] as? String ?? "").isEmpty == false)
        #expect((Self.nodeInfo(table)["meta"] as? Event)?["owner"] as? String == "ops")
        #expect(Self.data(table)["execution_time"] as? Double != nil)
        #expect(Self.data(table)["index"] as? Int != nil && Self.data(table)["total"] as? Int == 6)
        #expect((Self.data(table)["description"] as? String ?? "").contains("people_t"))
        let broken = try #require(events.first { Self.name($0) == "LogModelResult" && Self.nodeInfo($0)["node_name"] as? String == "broken" })
        #expect(Self.data(broken)["status"] as? String == "ERROR")
        #expect(Self.info(broken)["level"] as? String == "error")
        let test = try #require(events.first { Self.name($0) == "LogTestResult" })
        #expect(Self.info(test)["code"] as? String == "Q007")
        #expect(Self.data(test)["status"] as? String == "fail")
        #expect(Self.data(test)["num_failures"] as? Int == 1)
        let finished = events.filter { Self.name($0) == "NodeFinished" }
        #expect(finished.count == 5)
        #expect(finished.allSatisfy { (Self.data($0)["run_result"] as? Event)?["status"] as? String != nil })

        // The skipped child, and the summary with its numbers.
        let skip = try #require(events.first { Self.name($0) == "SkippingDetails" })
        #expect(Self.data(skip)["node_name"] as? String == "after_broken")
        #expect(Self.data(skip)["resource_type"] as? String == "model")
        let summary = try #require(events.first { Self.name($0) == "EndOfRunSummary" })
        #expect(Self.data(summary)["num_errors"] as? Int == 2)
        #expect(Self.data(summary)["keyboard_interrupt"] as? Bool == false)
        let statsLine = try #require(events.first { Self.name($0) == "StatsLine" })
        let stats = try #require(Self.data(statsLine)["stats"] as? Event)
        #expect(stats["error"] as? Int == 2 && stats["skip"] as? Int == 1 && stats["total"] as? Int == 6 && stats["pass"] as? Int == 3)
        #expect(names.contains("FinishedRunningStats") && names.contains("RunResultFailure") && names.contains("RunResultError"))

        // run_results.json names the same threads.
        let results = try #require(try JSONSerialization.jsonObject(with: Data(p.read("target/run_results.json").utf8)) as? Event)
        let ran = (results["results"] as? [Event] ?? []).filter { $0["status"] as? String != "skipped" }
        #expect(!ran.isEmpty && ran.allSatisfy { threads.contains($0["thread_id"] as? String ?? "") })
    }

    @Test func compileErrorsAndWarningsAreEvents() async throws {
        let p = try TempProject(files: [
            "models/a.sql": "select 1 as id\n",
            "models/b.sql": "select * from << ref('nope') >>\n",
            "project.yml": "name: proj\nprofile: proj\nmodels:\n  proj:\n    +materialised: table\n",
        ])
        let r = try await CLI.swiftdbt(["compile", "--log-format", "json"], in: p)
        #expect(r.status == 1)
        #expect(r.stderr.isEmpty, "diagnostics go to the JSON log, not stderr: \(r.stderr)")
        let events = try Self.events(r.stdout)
        let error = try #require(events.first { Self.name($0) == "MainEncounteredError" }, "\(r.stdout)")
        #expect(Self.info(error)["code"] as? String == "Z002")
        #expect(Self.info(error)["level"] as? String == "error")
        #expect((Self.data(error)["exc"] as? String ?? "").contains("nope"))
        let detail = try #require(Self.data(error)["diagnostic"] as? Event)
        #expect(detail["file"] as? String == "models/b.sql")
        #expect(detail["line"] as? Int == 1)
        #expect(detail["column"] as? Int != nil)
        let warning = try #require(events.first { Self.name($0) == "Note" && Self.info($0)["level"] as? String == "warn" }, "\(r.stdout)")
        #expect(Self.info(warning)["code"] as? String == "Z050")
        #expect((Self.data(warning)["msg"] as? String ?? "").contains("materialised"))
        #expect(events.map(Self.name).first == "MainReportVersion")
        #expect(events.map(Self.name).last == "CommandCompleted")
        #expect(Self.data(try #require(events.last))["success"] as? Bool == false)
    }

    @Test func compileThatSucceedsIsAllEvents() async throws {
        let p = try TempProject(files: ["models/a.sql": "select 1 as id\n"])
        let r = try await CLI.swiftdbt(["compile", "--log-format", "json"], in: p)
        #expect(r.status == 0, "\(r.stderr)")
        let events = try Self.events(r.stdout)
        #expect(events.map(Self.name) == ["MainReportVersion", "FoundStats", "Note", "CommandCompleted"])
        #expect((Self.data(events[1])["stat_line"] as? String ?? "").contains("1 model"))
        #expect(Self.data(events[3])["success"] as? Bool == true)
        #expect(Self.data(events[3])["command"] as? String == "swiftdbt compile")
    }
}
