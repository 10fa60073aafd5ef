import SDBasics

/// dbt's `--warn-error` and `--warn-error-options` (docs.getdbt.com, "Warnings" global config):
/// which warning events become errors. `error` is `"all"`/`"*"` or a list of event names, `warn`
/// names events that stay warnings even so, `silence` names events not printed at all; dbt's older
/// `include`/`exclude` spell `error`/`warn`. swiftdbt's compile warnings are the event `Note`
/// (the name they carry in the JSON log, ConsoleReporter+Diagnostics.swift) and a warning test is
/// `LogTestResult` (dbt's name; dbt's test task checks exactly that name), a source past `warn_after`
/// is `LogFreshnessResult` (`source freshness`), so those are the names
/// the lists take; any other name is refused rather than silently matching nothing.
struct WarnErrorPolicy: Equatable {
    /// The warning events swiftdbt emits, by the names the JSON log gives them.
    static let eventNames = ["Note", "LogTestResult", "LogFreshnessResult"]

    var errorAll = false
    var error: Set<String> = []
    var warn: Set<String> = []
    var silence: Set<String> = []

    /// Whether a warning logged as `event` becomes an error.
    func promotes(_ event: String) -> Bool {
        (errorAll || error.contains(event)) && !warn.contains(event) && !silence.contains(event)
    }

    func silences(_ event: String) -> Bool { silence.contains(event) }

    /// `--warn-error` alone, or the options' JSON text; errors go to `bag`, positioned in the text.
    static func parse(warnError: Bool, options text: String?, into bag: inout DiagnosticBag) -> WarnErrorPolicy {
        var policy = WarnErrorPolicy(errorAll: warnError)
        guard let text, !text.isEmpty else { return policy }
        let file = SourceFile(path: "--warn-error-options", text: text)
        let whole = SourceRange(file: file, bytes: 0..<text.utf8.count)
        guard let value = try? JSONValue.parse(text), case .object(let keys) = value else {
            bag.append(
                .error(
                    "--warn-error-options is not a JSON object", at: whole,
                    hint: "write it as '{\"error\": [\"all\"], \"warn\": [\"Diagnostic\"]}'"))
            return policy
        }
        for (key, v) in keys.sorted(by: { $0.key < $1.key }) {
            let names: [String]
            switch v {
            case .string(let s): names = [s]
            case .array(let a) where a.allSatisfy({ $0.stringValue != nil }): names = a.compactMap(\.stringValue)
            default:
                bag.append(.error("'\(key)' in --warn-error-options must be \"all\" or a list of event names", at: whole))
                continue
            }
            let all = names.contains { $0 == "all" || $0 == "*" }
            for n in names where n != "all" && n != "*" && !eventNames.contains(n) {
                bag.append(
                    .error(
                        "'\(n)' is no warning event swiftdbt emits", at: whole,
                        hint: "swiftdbt's warnings are the events \(eventNames.joined(separator: ", ")); use \"all\" for every one"
                    )
                    .suggesting(n, from: eventNames))
            }
            let set = Set(names.filter { eventNames.contains($0) })
            switch key {
            case "error", "include":
                policy.errorAll = policy.errorAll || all
                policy.error.formUnion(set)
            case "warn", "exclude": policy.warn.formUnion(all ? Set(eventNames) : set)
            case "silence": policy.silence.formUnion(all ? Set(eventNames) : set)
            default:
                bag.append(
                    .error(
                        "unknown key '\(key)' in --warn-error-options", at: whole,
                        hint: "the keys are error, warn and silence"
                    ).suggesting(key, from: ["error", "warn", "silence"]))
            }
        }
        return policy
    }
}
