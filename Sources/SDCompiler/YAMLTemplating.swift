import Foundation
import SDBasics
import SDProject
import SDTemplate

/// Renders `<< >>` inside YAML strings: profiles.yml, source `external:` blocks and every streaming
/// declaration (SDStreaming), with `env_var`, `var` and, once known, `target`. The one templating
/// path for YAML: the value is laid over a blank copy of the file where it was written (a literal
/// block `|` line by line at its indentation), so template positions are the file's positions and
/// every finding points at the line and column the user wrote.
public struct YAMLTemplating: Sendable {
    public var environment: [String: String]
    public var vars: [String: JSONValue]
    /// The target, for `target.*`; nil while the target itself is being read.
    public var target: Target?
    public var profileName: String
    /// True only for profiles.yml, the one file that may read secret variables (docs/secrets.md).
    public var allowSecretEnvVars: Bool

    public init(
        environment: [String: String], vars: [String: JSONValue], target: Target? = nil, profileName: String = "",
        allowSecretEnvVars: Bool = false
    ) {
        self.environment = environment
        self.vars = vars
        self.target = target
        self.profileName = profileName
        self.allowSecretEnvVars = allowSecretEnvVars
    }

    /// A renderer for the project loader's YAML strings (profiles, sources): the rendered value trimmed.
    public static func renderer(
        environment: [String: String], vars: [String: JSONValue], target: Target?,
        profileName: String, allowSecretEnvVars: Bool = false
    ) -> YAMLStringRenderer {
        let templating = YAMLTemplating(
            environment: environment, vars: vars, target: target, profileName: profileName,
            allowSecretEnvVars: allowSecretEnvVars)
        return { text, range, diagnostics in
            templating.render(text, at: range, diagnostics: &diagnostics).text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// The rendered text (a block dedented) and, when the value could be laid out, the laid-out file
    /// (streaming keeps it to map a ksqlDB query's positions back to the YAML). On a finding the text
    /// comes back as written and the findings are in `diagnostics`.
    public func render(_ text: String, at range: SourceRange, diagnostics: inout DiagnosticBag) -> (text: String, layout: SourceFile?) {
        let layout = YAMLTemplating.layout(text, at: range)
        guard text.contains("<<") else { return (text, layout) }
        let file = layout ?? SourceFile(path: range.file.path, text: text)
        // Findings point into the blank copy; show them in the real file so the excerpt is the line as written.
        func remap(_ d: Diagnostic) -> Diagnostic {
            var d = d
            if let r = d.range, r.file === file {
                d.range = layout == nil ? range : SourceRange(file: range.file, bytes: r.bytes)
            }
            d.notes = d.notes.map(remap)
            return d
        }
        let (template, syntax) = Template.parse(file)
        diagnostics.append(contentsOf: syntax.map(remap))
        if syntax.contains(where: { $0.severity == .error }) { return (text, layout) }
        let host = YAMLHost(
            environment: environment, vars: vars, target: target, profileName: profileName,
            allowSecrets: allowSecretEnvVars)
        do {
            let out = try template.render(host: host)
            return (layout == nil ? out : YAMLTemplating.dedent(out), layout)
        } catch {
            diagnostics.append(contentsOf: error.diagnostics.map(remap))
            return (text, layout)
        }
    }

    /// A copy of the file with every byte blanked except newlines and the value, laid where it was
    /// written; nil when the value cannot be placed exactly (a folded block, escapes that do not fit).
    static func layout(_ text: String, at range: SourceRange) -> SourceFile? {
        let original = range.file
        var bytes = original.utf8.map { $0 == 0x0A ? UInt8(0x0A) : UInt8(0x20) }
        let start = range.bytes.lowerBound
        guard start < bytes.count else { return nil }
        let first = original.utf8[start]
        if first == UInt8(ascii: "|") {
            // Literal block: value line i is file line (indicator line + 1 + i) at the block's indentation.
            let startLine = original.location(of: start).line
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            var indent: Int?
            for (i, line) in lines.enumerated() {
                let fileLine = startLine + 1 + i
                guard fileLine <= original.lineStarts.count else { break }
                if line.isEmpty { continue }
                let raw = original.line(fileLine)
                if indent == nil { indent = raw.prefix { $0 == " " }.count }
                guard let indent else { return nil }
                let lineStart = original.lineStarts[fileLine - 1]
                let value = Array(line.utf8)
                guard indent + value.count <= raw.utf8.count else { return nil }
                bytes.replaceSubrange((lineStart + indent)..<(lineStart + indent + value.count), with: value)
            }
            return SourceFile(path: original.path, text: String(decoding: bytes, as: UTF8.self))
        }
        guard first != UInt8(ascii: ">"), !text.contains("\n") else { return nil }
        let at = first == UInt8(ascii: "'") || first == UInt8(ascii: "\"") ? start + 1 : start
        let value = Array(text.utf8)
        guard at + value.count <= range.bytes.upperBound else { return nil }
        bytes.replaceSubrange(at..<(at + value.count), with: value)
        return SourceFile(path: original.path, text: String(decoding: bytes, as: UTF8.self))
    }

    /// Drops blank lines around the text and the indentation common to its lines.
    static func dedent(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while let f = lines.first, f.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeFirst() }
        while let l = lines.last, l.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeLast() }
        let indent = lines.filter { !$0.allSatisfy { $0 == " " } }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
        return lines.map { line in
            let trimmed = line.dropFirst(min(indent, line.prefix { $0 == " " }.count))
            var s = String(trimmed)
            while s.last == " " { s.removeLast() }
            return s
        }.joined(separator: "\n")
    }
}

/// The globals available inside YAML strings.
final class YAMLHost: TemplateHost {
    let environment: [String: String]
    let vars: [String: JSONValue]
    let target: TargetObject?
    let allowSecrets: Bool

    init(environment: [String: String], vars: [String: JSONValue], target: Target?, profileName: String, allowSecrets: Bool) {
        self.environment = environment
        self.allowSecrets = allowSecrets
        self.vars = vars
        self.target = target.map { TargetObject($0, profileName: profileName) }
    }

    var globalNames: [String] { target == nil ? ["env_var", "var"] : ["env_var", "target", "var"] }

    func global(named name: String) -> Value? {
        switch name {
        case "env_var":
            return .function("env_var") { [environment, allowSecrets] args in
                try ContextFunctions.envVar(args, environment: environment, allowSecrets: allowSecrets)
            }
        case "var":
            return .function("var") { [vars] args in try ContextFunctions.variable(args, vars: vars) }
        case "target":
            return target.map { .object($0) }
        default:
            return nil
        }
    }
}
