import SDBasics
import SDCompiler

extension ConsoleReporter {
    /// dbt's LogSnapshotResult line (core/dbt/events/types.py): `OK snapshotted <relation>` with the
    /// adapter's message (`SUCCESS n`) as the status, or `ERROR snapshotting <relation>` with `ERROR`.
    static func snapshotLine(
        _ node: CompiledNode, result: NodeResult, index: Int, total: Int, colour: (String, Bool) -> String
    ) -> String {
        let rel = node.relation?.description ?? node.name
        if result.status == .error {
            return fancyLine(
                index: index, total: total, message: "\(colour("ERROR", false)) snapshotting \(rel)", status: colour("ERROR", false),
                seconds: result.executionTime)
        }
        return fancyLine(
            index: index, total: total, message: "\(colour("OK", true)) snapshotted \(rel)", status: colour(result.message, true),
            seconds: result.executionTime)
    }

    /// LogSnapshotResult's fields: description, status, result_message, total.
    static func snapshotEventData(_ node: CompiledNode, result: NodeResult, total: Int) -> [String: JSONValue] {
        [
            "description": .string(node.relation?.description ?? node.name),
            "status": .string(result.status == .error ? "error" : result.status.rawValue),
            "result_message": .string(result.message), "total": .int(total),
        ]
    }
}
