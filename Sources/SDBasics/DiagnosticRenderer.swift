/// Renders diagnostics the way compilers do:
///
///     models/gold/x.sql:3:13: error: no model named 'silver_dialy_close'
///       3 |   from << ref('silver_dialy_close') >>
///         |             ^~~~~~~~~~~~~~~~~~~~~~~~~
///     models/gold/x.sql:3:13: note: did you mean 'silver_daily_close'?
public struct DiagnosticRenderer: Sendable {
    public var colour: Bool

    public init(colour: Bool = false) { self.colour = colour }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { render($0) }.joined()
    }

    public func render(_ d: Diagnostic) -> String {
        var out = header(d)
        if let range = d.range { out += excerpt(range) }
        for note in d.notes {
            out += header(note)
            if let r = note.range, r != d.range { out += excerpt(r) }
        }
        if let hint = d.hint { out += "  hint: \(hint)\n" }
        return out
    }

    private func header(_ d: Diagnostic) -> String {
        var prefix = ""
        if let range = d.range {
            prefix = "\(range.file.path):\(range.start.line):\(range.start.column): "
        } else if let path = d.path {
            prefix = "\(path): "
        }
        let sev = paint(d.severity.rawValue, d.severity)
        return "\(prefix)\(sev): \(d.message)\n"
    }

    private func paint(_ s: String, _ severity: Diagnostic.Severity) -> String {
        guard colour else { return s }
        let code: String
        switch severity {
        case .error: code = "\u{1B}[1;31m"
        case .warning: code = "\u{1B}[1;33m"
        case .note: code = "\u{1B}[1;36m"
        }
        return code + s + "\u{1B}[0m"
    }

    /// The source line of the range start with a caret and tildes under the span (first line only).
    private func excerpt(_ range: SourceRange) -> String {
        let loc = range.start
        let line = range.file.line(loc.line)
        let gutter = String(loc.line)
        let pad = String(repeating: " ", count: gutter.count)
        let endLoc = range.file.location(of: range.bytes.upperBound)
        let lineLength = line.count
        var width = 1
        if endLoc.line == loc.line {
            width = max(1, endLoc.column - loc.column)
        } else {
            width = max(1, lineLength - loc.column + 1)
        }
        // Tabs in the prefix keep their width so the caret lines up in a terminal.
        let prefixChars = line.prefix(max(0, loc.column - 1)).map { $0 == "\t" ? "\t" : " " }.joined()
        let marker = "^" + String(repeating: "~", count: width - 1)
        return "  \(gutter) | \(line)\n  \(pad) | \(prefixChars)\(paint(marker, .error))\n"
    }
}
