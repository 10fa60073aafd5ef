import SDBasics

/// What a template said with `log(…)` or `print(…)` while rendering, for the caller to show.
public struct TemplateMessage: Sendable, Equatable {
    /// Where the message would show: `log(msg)` is debug, `log(msg, info=true)` info, and
    /// `print(msg)` is shown even under `--quiet`, as dbt documents for its `print`.
    public enum Level: Sendable, Equatable {
        case debug, info, print
    }

    /// The message text (non-strings as they render).
    public let text: String
    public let level: Level
    /// The call that produced it.
    public let range: SourceRange
}

/// Collects `TemplateMessage`s; a renderer without one drops them (the parse-phase render of a
/// node would otherwise say everything twice).
public final class TemplateMessageLog: @unchecked Sendable {
    /// The messages in the order they were said.
    public private(set) var messages: [TemplateMessage] = []

    public init() {}

    func append(_ message: TemplateMessage) { messages.append(message) }
}

extension Evaluator {
    /// dbt's `log(msg, info=false)`: writes nothing into the SQL.
    func log(_ args: CallArguments) throws -> Value {
        let bound = try args.bind(["msg", "info"], required: 1)
        let text = bound["msg"]?.value.renderedText ?? ""
        let info = bound["info"]?.value.isTruthy ?? false
        messageLog?.append(TemplateMessage(text: text, level: info ? .info : .debug, range: args.range))
        return .string("")
    }

    /// dbt's `print(msg)`: writes nothing into the SQL.
    func printMessage(_ args: CallArguments) throws -> Value {
        let bound = try args.bind(["msg"], required: 0)
        let text = bound["msg"]?.value.renderedText ?? ""
        messageLog?.append(TemplateMessage(text: text, level: .print, range: args.range))
        return .string("")
    }
}
