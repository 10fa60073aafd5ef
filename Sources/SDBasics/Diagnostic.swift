/// One finding about user input: an error, warning or note, optionally anchored in a file.
public struct Diagnostic: Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error, warning, note
        private var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .note: 2
            }
        }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public var severity: Severity
    /// Lower-case, no trailing period (swift-format style).
    public var message: String
    public var range: SourceRange?
    /// A path to name when there is no range (a missing file, a whole-project finding).
    public var path: String?
    /// Follow-up notes (did-you-mean, where the other definition is).
    public var notes: [Diagnostic]
    /// A hint printed after the excerpt, not anchored anywhere.
    public var hint: String?

    public init(
        _ severity: Severity, _ message: String, at range: SourceRange? = nil, path: String? = nil,
        notes: [Diagnostic] = [], hint: String? = nil
    ) {
        self.severity = severity
        self.message = message
        self.range = range
        self.path = path
        self.notes = notes
        self.hint = hint
    }

    public static func error(_ message: String, at range: SourceRange? = nil, path: String? = nil, notes: [Diagnostic] = [], hint: String? = nil) -> Diagnostic
    {
        Diagnostic(.error, message, at: range, path: path, notes: notes, hint: hint)
    }
    public static func warning(_ message: String, at range: SourceRange? = nil, path: String? = nil, notes: [Diagnostic] = [], hint: String? = nil)
        -> Diagnostic
    {
        Diagnostic(.warning, message, at: range, path: path, notes: notes, hint: hint)
    }
    public static func note(_ message: String, at range: SourceRange? = nil, path: String? = nil) -> Diagnostic {
        Diagnostic(.note, message, at: range, path: path)
    }

    /// Adds a did-you-mean note when a close candidate exists.
    public func suggesting(_ name: String, from candidates: some Sequence<String>, at range: SourceRange? = nil) -> Diagnostic {
        guard let best = EditDistance.closest(to: name, in: candidates) else { return self }
        var copy = self
        copy.notes.append(.note("did you mean '\(best)'?", at: range ?? self.range, path: range == nil ? self.path : nil))
        return copy
    }
}

/// An error that carries diagnostics, thrown between phases and rendered once by the driver.
public struct DiagnosticError: Error, Sendable {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public init(_ diagnostic: Diagnostic) { self.diagnostics = [diagnostic] }
}

/// Collects the diagnostics of a phase so that all its errors are reported at once.
public struct DiagnosticBag: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []
    public init() {}
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public mutating func append(_ d: Diagnostic) { diagnostics.append(d) }
    public mutating func append(contentsOf ds: [Diagnostic]) { diagnostics.append(contentsOf: ds) }
    public mutating func error(_ message: String, at range: SourceRange? = nil, path: String? = nil, hint: String? = nil) {
        diagnostics.append(.error(message, at: range, path: path, hint: hint))
    }
    public mutating func warning(_ message: String, at range: SourceRange? = nil, path: String? = nil, hint: String? = nil) {
        diagnostics.append(.warning(message, at: range, path: path, hint: hint))
    }
    /// Throws the collected diagnostics when any of them is an error.
    public func check() throws(DiagnosticError) {
        if hasErrors { throw DiagnosticError(diagnostics) }
    }
}
