import Foundation
import SDBasics
import SDCompiler

/// Writes `run_results.json` in dbt's run-results v6 shape (schemas.getdbt.com/dbt/run-results/v6.json).
public enum RunResults {
    public static let schemaURL = "https://schemas.getdbt.com/dbt/run-results/v6.json"

    public static func document(
        outcome: RunOutcome, nodes: [String: CompiledNode], invocationId: String,
        generatedAt: Date, version: String, args: [String: JSONValue]
    ) -> JSONValue {
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let results: [JSONValue] = outcome.results.map { r in
            let n = nodes[r.uniqueId]
            var status = r.status.rawValue
            if r.status == .noOp { status = "no-op" }
            let message: JSONValue
            switch r.status {
            case .skipped: message = .null
            case .fail, .warn: message = .string(r.failureSummary)
            default: message = .string(r.message)
            }
            return .object([
                "status": .string(status),
                "timing": r.status == .skipped
                    ? .array([])
                    : .array([
                        .object([
                            "name": "compile", "started_at": .string(iso.string(from: r.startedAt)), "completed_at": .string(iso.string(from: r.startedAt)),
                        ]),
                        .object([
                            "name": "execute", "started_at": .string(iso.string(from: r.startedAt)), "completed_at": .string(iso.string(from: r.completedAt)),
                        ]),
                    ]),
                "thread_id": .string(r.threadId),
                "execution_time": .double(r.executionTime),
                "adapter_response": r.response?.json ?? .object([:]),
                "message": message,
                "failures": r.failures.map { .int($0) } ?? .null,
                "unique_id": .string(r.uniqueId),
                "compiled": .bool(n?.compiledCode.isEmpty == false),
                "compiled_code": n.map { .string($0.compiledCode) } ?? .null,
                "relation_name": n?.relation.map { .string($0.quoted) } ?? .null,
                "batch_results": .null,
            ])
        }
        return .object([
            "metadata": .object([
                "dbt_schema_version": .string(schemaURL),
                "dbt_version": .string(version),
                "generated_at": .string(iso.string(from: generatedAt)),
                "invocation_id": .string(invocationId),
                "invocation_started_at": .string(iso.string(from: outcome.startedAt)),
                "env": .object([:]),
            ]),
            "results": .array(results),
            "elapsed_time": .double(outcome.elapsed),
            "args": .object(args),
        ])
    }
}
