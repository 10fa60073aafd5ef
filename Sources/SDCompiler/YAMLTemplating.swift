import SDBasics
import SDProject
import SDTemplate

/// Renders `<< >>` expressions inside YAML strings (profiles.yml, source `external:` blocks) with
/// `env_var`, `var` and, once known, `target`.
public enum YAMLTemplating {
    /// A renderer for YAML strings. Diagnostics point into the YAML file at the string's position.
    /// `allowSecretEnvVars` is true only for profiles.yml, the one file that may read secret variables.
    public static func renderer(environment: [String: String], vars: [String: JSONValue], target: Target?,
                                profileName: String, allowSecretEnvVars: Bool = false) -> YAMLStringRenderer
    {
        return { text, range, diagnostics in
            // Lay the value over a blank copy of the YAML file so that positions stay those of the file.
            let original = range.file
            var start = range.bytes.lowerBound
            if start < original.utf8.count, original.utf8[start] == UInt8(ascii: "'") || original.utf8[start] == UInt8(ascii: "\"") {
                start += 1
            }
            var bytes = original.utf8.map { $0 == 0x0A ? UInt8(0x0A) : UInt8(0x20) }
            let value = Array(text.utf8)
            if start + value.count <= bytes.count {
                bytes.replaceSubrange(start..<(start + value.count), with: value)
            } else {
                bytes = value
            }
            let file = SourceFile(path: original.path, text: String(decoding: bytes, as: UTF8.self))
            // Findings point into the blank copy; show them in the real file so the excerpt is the line as written.
            func remap(_ d: Diagnostic) -> Diagnostic {
                var d = d
                if let r = d.range, r.file === file { d.range = SourceRange(file: original, bytes: r.bytes) }
                d.notes = d.notes.map(remap)
                return d
            }
            let (template, syntax) = Template.parse(file)
            diagnostics.append(contentsOf: syntax.map(remap))
            if syntax.contains(where: { $0.severity == .error }) { return text }
            let host = YAMLHost(environment: environment, vars: vars, target: target, profileName: profileName,
                                allowSecrets: allowSecretEnvVars)
            do {
                let out = try TemplateRenderer(host: host).render(template)
                return out.trimmingCharacters(in: .whitespacesAndNewlines)
            } catch let error as DiagnosticError {
                diagnostics.append(contentsOf: error.diagnostics.map(remap))
                return text
            } catch {
                diagnostics.append(.error("\(error)", at: range))
                return text
            }
        }
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
