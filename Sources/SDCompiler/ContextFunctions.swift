import SDBasics
import SDTemplate

/// `env_var` and `var`, shared by models (NodeHost) and YAML strings (YAMLHost) so both read the
/// same way and fail with the same messages.
enum ContextFunctions {
    /// `env_var('NAME', 'default')`: the environment's value, else the default, else an error.
    /// Secret variables (`SecretEnvVars`) are refused unless `allowSecrets` (profiles.yml only),
    /// whether or not they are set, as dbt does: the mistake is where the call is written.
    static func envVar(_ args: CallArguments, environment: [String: String], allowSecrets: Bool = false) throws -> Value {
        let b = try args.bind(["name", "default"], required: 1)
        let name = try b.string("name")
        if !allowSecrets, SecretEnvVars.isSecret(name) {
            throw DiagnosticError(SecretEnvVars.misplaced(name, at: b["name"]?.range ?? args.range))
        }
        if let v = environment[name] { return .string(v) }
        if let d = b["default"] { return d.value }
        throw DiagnosticError(
            .error(
                "environment variable '\(name)' is not set and env_var() was given no default",
                at: b["name"]?.range ?? args.range, hint: envVarHint(name)))
    }

    /// What to do about an unset variable: set it, or let the template fall back.
    static func envVarHint(_ name: String) -> String {
        "export \(name)=… before running swiftdbt, or give a default: env_var('\(name)', '…')"
    }

    /// `var('name', default)`: `--vars` over project.yml's vars, else the default, else an error.
    static func variable(_ args: CallArguments, vars: [String: JSONValue]) throws -> Value {
        let b = try args.bind(["name", "default"], required: 1)
        let name = try b.string("name")
        if let v = vars[name] { return Value(json: v) }
        if let d = b["default"] { return d.value }
        throw DiagnosticError(
            Diagnostic.error(
                "required var '\(name)' is not defined", at: b["name"]?.range ?? args.range,
                hint: "define it under 'vars:' in project.yml, pass --vars '{\(name): …}', or give var() a default"
            )
            .suggesting(name, from: vars.keys))
    }
}
