/// A node config value as selection sees it: enough for `config.<key>:<value>` matching.
public enum ConfigValue: Hashable, Sendable {
    case string(String)
    case bool(Bool)
    case number(Double)
    case list([String])

    /// Whether a `config.<key>:` selector value matches, following dbt: strings and list items
    /// compare as globs, booleans by `true`/`false` (any case), numbers by numeric value.
    func matches(_ glob: Glob) -> Bool {
        switch self {
        case .string(let s):
            return glob.matches(s)
        case .list(let items):
            return items.contains { glob.matches($0) }
        case .bool(let b):
            let lowered = glob.pattern.lowercased()
            return (b && lowered == "true") || (!b && lowered == "false")
        case .number(let n):
            if let p = Double(glob.pattern) { return p == n }
            return glob.matches(ConfigValue.format(n))
        }
    }

    /// Integral numbers print without a fractional part, so `config.threads:4` reads naturally.
    static func format(_ n: Double) -> String {
        if n.rounded() == n, abs(n) < 1e15 { return String(Int64(n)) }
        return String(n)
    }
}
