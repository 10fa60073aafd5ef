import Foundation
import SDBasics

extension RunResults {
    /// run_results.json for `run-operation`: the operation's one result (dbt-core's
    /// task/run_operation.py writes the same shape), elapsed time from its start to its end.
    public static func operation(
        _ result: NodeResult, invocationId: String, version: String, args: [String: JSONValue]
    ) -> JSONValue {
        let outcome = RunOutcome(results: [result], interrupted: false, startedAt: result.startedAt, elapsed: result.executionTime)
        return document(outcome: outcome, nodes: [:], invocationId: invocationId, generatedAt: result.completedAt, version: version, args: args)
    }
}
