import Foundation
import Testing

/// `log(…)` and `print(…)` in models reach the console as dbt shows them (dbt-core's
/// `dbt/context/base.py` `log`/`print`; events JinjaLogInfo I062 and JinjaLogDebug I063), each once per
/// command although a model is rendered for parsing and again for real.
@Suite(.serialized) struct TemplateMessageCommandTests {
    static func project() throws -> TempProject {
        try TempProject(files: [
            "models/m1.sql": """
            << log('said at parse and run', info=true) >><< log('a detail') >><< print('printed line') >>
            << if execute >><< log('said when executing', info=true) >><< endif >>
            select 1 as a
            """,
            "models/m2.sql": "select * from << ref('m1') >>",
        ])
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// Whether `text` has a line that is the timestamp then `message`, as dbt's text log prints info.
    static func timestamped(_ message: String, in text: String) -> Bool {
        text.split(separator: "\n").contains { line in
            line.wholeMatch(of: /\d\d:\d\d:\d\d  (.*)/).map { String($0.1) == message } ?? false
        }
    }

    @Test func textModeShowsInfoWithATimestampAndPrintsOncePerCommand() async throws {
        let p = try Self.project()
        let r = try await CLI.swiftdbt(["run"], in: p)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.timestamped("said at parse and run", in: r.stdout), "\(r.stdout)")
        #expect(Self.timestamped("said when executing", in: r.stdout))
        #expect(Self.count("said at parse and run", in: r.stdout) == 1)
        #expect(Self.count("said when executing", in: r.stdout) == 1)
        #expect(r.stdout.split(separator: "\n").filter { $0 == "printed line" }.count == 1, "\(r.stdout)")
        #expect(!r.stdout.contains("a detail"), "debug messages need --debug")

        let debug = try await CLI.swiftdbt(["run", "--debug", "-s", "m1"], in: p)
        #expect(Self.timestamped("a detail", in: debug.stdout), "\(debug.stdout)")
        #expect(Self.count("a detail", in: debug.stdout) == 1)

        // --quiet hides info messages; print() is shown even then, as dbt's is.
        let quiet = try await CLI.swiftdbt(["run", "-q"], in: p)
        #expect(quiet.stdout == "printed line\n", "\(quiet.stdout)")
    }

    @Test func noPrintSuppressesPrintOnly() async throws {
        let p = try Self.project()
        let r = try await CLI.swiftdbt(["compile", "--no-print"], in: p)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("printed line"), "\(r.stdout)")
        #expect(Self.timestamped("said at parse and run", in: r.stdout))
        let printed = try await CLI.swiftdbt(["compile"], in: p)
        #expect(printed.stdout.contains("printed line\n"), "\(printed.stdout)")
    }

    @Test func jsonModeWritesJinjaLogEvents() async throws {
        let p = try Self.project()
        let r = try await CLI.swiftdbt(["run", "--log-format", "json", "--log-level", "debug", "-s", "m1"], in: p)
        #expect(r.status == 0, "\(r.stderr)")
        var events: [(name: String, code: String, level: String, msg: String, data: String)] = []
        var plain: [String] = []
        for line in r.stdout.split(separator: "\n").map(String.init) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let info = object["info"] as? [String: Any], let data = object["data"] as? [String: Any]
            else {
                plain.append(line)
                continue
            }
            func text(_ d: [String: Any], _ key: String) -> String { d[key] as? String ?? "" }
            events.append((text(info, "name"), text(info, "code"), text(info, "level"), text(info, "msg"), text(data, "msg")))
        }
        let logs = events.filter { $0.name.hasPrefix("JinjaLog") }
        #expect(logs.map(\.msg) == ["said at parse and run", "a detail", "said when executing"], "\(r.stdout)")
        #expect(logs.map(\.code) == ["I062", "I063", "I062"])
        #expect(logs.map(\.level) == ["info", "debug", "info"])
        #expect(logs.allSatisfy { $0.data == $0.msg })
        // print() writes its text alone, as dbt's (Python's print) does in either format.
        #expect(plain == ["printed line"], "\(plain)")
    }

    @Test func aCompileThatSaidSomethingIsNotReplayedFromTheCache() async throws {
        let p = try Self.project()
        let first = try await CLI.swiftdbt(["compile"], in: p)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try await CLI.swiftdbt(["compile"], in: p)
        #expect(Self.timestamped("said at parse and run", in: second.stdout), "\(second.stdout)")
        #expect(second.stdout.contains("printed line\n"))
    }

    @Test func runOperationShowsWhatItsMacroSays() async throws {
        let p = try Self.project()
        try p.write("macros/say.sql", "<< macro say(who) >><< log('hello ' ~ who, info=true) >><< print('printed by say') >><< endmacro >>")
        let r = try await CLI.swiftdbt(["run-operation", "say", "--args", "{who: you}"], in: p)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.timestamped("hello you", in: r.stdout), "\(r.stdout)")
        #expect(r.stdout.split(separator: "\n").filter { $0 == "printed by say" }.count == 1, "\(r.stdout)")
    }
}
