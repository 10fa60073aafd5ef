import Foundation
import SDBasics
import SDTemplate

/// What templates said with `log(…)` and `print(…)` during a compile, for the command to show
/// (dbt prints them as they happen: `log(msg, info=true)` at info, `log(msg)` at debug, `print` on
/// stdout).
///
/// A node is rendered more than once in one command: the parse render (dbt's parse phase), then the
/// real render, sometimes again for hooks. A message shows once: a render's message is new only when
/// the node's earlier renders did not say it (same text, level and call; counted, so a loop that
/// logs the same line three times shows three lines). A message guarded by `execute` is said only by
/// the real render, and one the parse render said is not repeated by it.
public struct CompileMessages: Sendable {
    /// What each node said so far, by unique id.
    private var said: [String: [TemplateMessage]] = [:]
    /// Said and not shown yet, in the order the nodes were rendered.
    public private(set) var pending: [TemplateMessage] = []
    /// Whether any template said anything in this compile: such a compile is not cached, since a
    /// cached compile would not say it again (CompileCommand).
    public private(set) var any = false

    public init() {}

    /// Records what one render of node `id` said; the messages its earlier renders did not say become pending.
    mutating func record(_ id: String, _ messages: [TemplateMessage]) {
        guard !messages.isEmpty else { return }
        any = true
        var earlier = said[id] ?? []
        var new: [TemplateMessage] = []
        for m in messages {
            if let i = earlier.firstIndex(of: m) { earlier.remove(at: i) } else { new.append(m) }
        }
        said[id, default: []].append(contentsOf: new)
        pending.append(contentsOf: new)
    }

    /// The pending messages, which are then no longer pending.
    public mutating func take() -> [TemplateMessage] {
        defer { pending = [] }
        return pending
    }
}

extension Compiler {
    /// `runOperation`, keeping what the macro says with `log(…)`/`print(…)` in `messages`.
    public func runOperation(
        _ macro: String, arguments: [String: JSONValue], in compiled: CompiledProject, diagnostics: inout DiagnosticBag,
        messages: inout CompileMessages
    ) -> String? {
        let log = TemplateMessageLog()
        defer { messages.record("run-operation", log.messages) }
        return runOperation(macro, arguments: arguments, in: compiled, diagnostics: &diagnostics, messages: log)
    }
}

/// Collects each node's messages from renders running on both cores (ParallelMap).
final class MessageSink: @unchecked Sendable {
    private let lock = NSLock()
    private var byNode: [String: [TemplateMessage]] = [:]

    /// Keeps what one render of node `id` said.
    func keep(_ id: String, _ log: TemplateMessageLog) {
        // Most renders say nothing: those take no lock, which every render on every core contended for.
        let messages = log.messages
        guard !messages.isEmpty else { return }
        lock.withLock { byNode[id, default: []].append(contentsOf: messages) }
    }

    /// Records every node's messages into `messages`, in `order`.
    func flush(into messages: inout CompileMessages, order: [String]) {
        let all = lock.withLock { byNode }
        for id in order { if let m = all[id] { messages.record(id, m) } }
    }
}
