import Foundation
import SDBasics

extension ConsoleReporter {
    /// Prints a diagnostic as the reporter prints any line. With `--log-format json` it is one event
    /// with dbt's name for it — an error is MainEncounteredError (Z002, `data.exc`), a warning or note
    /// a Note (Z050, `data.msg`) — whose `msg` is exactly what `DiagnosticRenderer` prints in text
    /// mode (so both formats say the same thing). `data.diagnostic` adds what dbt's events have no
    /// field for, so a tool need not parse the text: severity, message, file, line, column, hint, notes.
    public func diagnostic(_ d: Diagnostic) {
        let level: String
        switch d.severity {
        case .error: level = "error"
        case .warning: level = "warn"
        case .note: level = "info"
        }
        let text = DiagnosticRenderer().render(d).trimmingCharacters(in: .newlines)
        let isError = d.severity == .error
        info(
            text, event: isError ? "MainEncounteredError" : "Note", code: isError ? "Z002" : "Z050", level: level,
            data: [isError ? "exc" : "msg": .string(text), "diagnostic": ConsoleReporter.parts(of: d)])
    }

    static func parts(of d: Diagnostic) -> JSONValue {
        var o: [String: JSONValue] = ["severity": .string(d.severity.rawValue), "message": .string(d.message)]
        if let range = d.range {
            o["file"] = .string(range.file.path)
            o["line"] = .int(range.start.line)
            o["column"] = .int(range.start.column)
        } else if let path = d.path {
            o["file"] = .string(path)
        }
        if let hint = d.hint { o["hint"] = .string(hint) }
        if !d.notes.isEmpty { o["notes"] = .array(d.notes.map(parts(of:))) }
        return .object(o)
    }
}
