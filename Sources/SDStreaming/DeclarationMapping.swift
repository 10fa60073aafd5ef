import SDBasics
import SDProject

/// One YAML mapping of a declaration, read key by key: every key read is remembered so that the
/// rest can be reported as unknown with a did-you-mean (docs/architecture.md, Diagnostics: unknown
/// keys are never silently ignored).
struct DeclarationMapping {
    let node: YAMLNode
    let what: String
    let known: [String]
    private(set) var entries: [(key: YAMLNode, value: YAMLNode)]

    /// nil (with an error) when the node is not a mapping.
    init?(_ node: YAMLNode, what: String, known: [String], diagnostics: inout DiagnosticBag) {
        guard let entries = node.entries else {
            diagnostics.error("\(what) must be a mapping, not \(node.kindName)", at: node.range)
            return nil
        }
        self.node = node
        self.what = what
        self.known = known
        self.entries = entries
    }

    subscript(_ key: String) -> YAMLNode? {
        entries.first { $0.key.string == key }.map(\.value)
    }

    func keyRange(_ key: String) -> SourceRange? {
        entries.first { $0.key.string == key }?.key.range
    }

    /// Warns about keys that are not known, with the closest known key.
    func reportUnknownKeys(_ diagnostics: inout DiagnosticBag) {
        for (k, _) in entries {
            guard let name = k.string, !known.contains(name) else { continue }
            diagnostics.append(
                Diagnostic.warning(
                    "unknown key '\(name)' in \(what)", at: k.range,
                    hint: "known keys: \(known.joined(separator: ", "))"
                )
                .suggesting(name, from: known))
        }
    }

    /// A scalar as a string; an error when it is present but not a scalar.
    func string(_ key: String, _ diagnostics: inout DiagnosticBag) -> (String, SourceRange)? {
        guard let v = self[key], !v.isNull else { return nil }
        guard let s = v.string else {
            diagnostics.error("'\(key)' in \(what) must be a single value, not \(v.kindName)", at: v.range)
            return nil
        }
        return (s, v.range)
    }

    /// A required scalar: missing is an error at the mapping.
    func required(_ key: String, _ diagnostics: inout DiagnosticBag, hint: String? = nil) -> (String, SourceRange)? {
        if let v = string(key, &diagnostics) { return v }
        if self[key] == nil || self[key]?.isNull == true {
            diagnostics.error("\(what) is missing required setting '\(key)'", at: firstKeyRange, hint: hint)
        }
        return nil
    }

    /// A positive integer.
    func int(_ key: String, _ diagnostics: inout DiagnosticBag, minimum: Int = 1) -> (Int, SourceRange)? {
        guard let (s, r) = string(key, &diagnostics) else { return nil }
        guard let i = Int(s), i >= minimum else {
            diagnostics.error("'\(key)' in \(what) must be an integer of at least \(minimum), not '\(s)'", at: r)
            return nil
        }
        return (i, r)
    }

    func bool(_ key: String, _ diagnostics: inout DiagnosticBag) -> (Bool, SourceRange)? {
        guard let (s, r) = string(key, &diagnostics) else { return nil }
        switch s.lowercased() {
        case "true", "yes", "on": return (true, r)
        case "false", "no", "off": return (false, r)
        default:
            diagnostics.error("'\(key)' in \(what) must be true or false, not '\(s)'", at: r)
            return nil
        }
    }

    /// The range errors about the whole mapping point at: its first key (a mapping's own range
    /// spans many lines; its first line is where the user looks).
    var firstKeyRange: SourceRange { entries.first?.key.range ?? node.range }
}
