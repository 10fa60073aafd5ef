import SDCompiler
import SDProject

/// Turns a test's failure count into PASS, WARN or FAIL by its `severity`, `warn_if` and
/// `error_if` configs, as dbt does: with severity error, `error_if` decides FAIL and `warn_if` WARN;
/// with severity warn, only `warn_if` is read.
public struct TestVerdict: Sendable {
    public var status: NodeResult.Status
    /// The condition that fired, e.g. `!= 0`, for the summary (`configured to fail if != 0`).
    public var condition: String

    public static func judge(failures: Int, config: NodeConfig) -> TestVerdict {
        let severity = (config.string("severity") ?? "error").lowercased()
        let errorIf = config.string("error_if") ?? "!=0"
        let warnIf = config.string("warn_if") ?? "!=0"
        if severity != "warn", holds(errorIf, failures) { return TestVerdict(status: .fail, condition: pretty(errorIf)) }
        if holds(warnIf, failures) { return TestVerdict(status: .warn, condition: pretty(warnIf)) }
        return TestVerdict(status: .pass, condition: "")
    }

    /// Evaluates `>0`, `>=10`, `!=0`, `=3`, `==3`, `<5`, `<=5` against a count; an unreadable
    /// condition counts as `!=0`.
    public static func holds(_ condition: String, _ n: Int) -> Bool {
        let c = condition.replacingOccurrences(of: " ", with: "")
        for op in [">=", "<=", "!=", "<>", "==", ">", "<", "="] where c.hasPrefix(op) {
            guard let v = Int(c.dropFirst(op.count)) ?? Double(c.dropFirst(op.count)).map({ Int($0) }) else { break }
            switch op {
            case ">=": return n >= v
            case "<=": return n <= v
            case "!=", "<>": return n != v
            case "==", "=": return n == v
            case ">": return n > v
            case "<": return n < v
            default: break
            }
        }
        return n != 0
    }

    static func pretty(_ condition: String) -> String {
        let c = condition.replacingOccurrences(of: " ", with: "")
        for op in [">=", "<=", "!=", "<>", "==", ">", "<", "="] where c.hasPrefix(op) {
            return op + " " + c.dropFirst(op.count)
        }
        return condition
    }
}
