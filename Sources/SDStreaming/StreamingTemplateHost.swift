import SDBasics
import SDTemplate

/// The globals a streaming declaration may use inside `<< >>`: `var` and `env_var`, as in dbt YAML.
final class StreamingTemplateHost: TemplateHost {
    let environment: [String: String]
    let vars: [String: JSONValue]

    init(environment: [String: String], vars: [String: JSONValue]) {
        self.environment = environment
        self.vars = vars
    }

    var globalNames: [String] { ["env_var", "var"] }

    func global(named name: String) -> Value? {
        switch name {
        case "env_var":
            return .function("env_var") { [environment] args in
                let b = try args.bind(["name", "default"], required: 1)
                let n = try b.string("name")
                if SecretEnvVars.isSecret(n) { throw DiagnosticError(SecretEnvVars.misplaced(n, at: b["name"]?.range ?? args.range)) }
                if let v = environment[n] { return .string(v) }
                if let d = b["default"] { return d.value }
                throw DiagnosticError(.error("environment variable '\(n)' is not set and env_var() was given no default",
                                             at: b["name"]?.range ?? args.range,
                                             hint: "export \(n)=… before running, or give a default: env_var('\(n)', '…')"))
            }
        case "var":
            return .function("var") { [vars] args in
                let b = try args.bind(["name", "default"], required: 1)
                let n = try b.string("name")
                if let v = vars[n] { return StreamingTemplateHost.value(v) }
                if let d = b["default"] { return d.value }
                throw DiagnosticError(Diagnostic.error("required var '\(n)' is not defined", at: b["name"]?.range ?? args.range)
                    .suggesting(n, from: vars.keys))
            }
        default:
            return nil
        }
    }

    static func value(_ json: JSONValue) -> Value {
        switch json {
        case .null: .none
        case .bool(let b): .bool(b)
        case .int(let i): .int(i)
        case .double(let d): .double(d)
        case .string(let s): .string(s)
        case .array(let a): .list(a.map(value))
        case .object(let o): .dict(o.keys.sorted().map { ($0, value(o[$0] ?? .null)) })
        }
    }
}
