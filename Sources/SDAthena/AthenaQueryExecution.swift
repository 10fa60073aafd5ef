import SDBasics

/// A finished query as GetQueryExecution describes it.
public struct AthenaQueryExecution: Sendable {
    public var id: String
    /// SUCCEEDED, FAILED or CANCELLED.
    public var state: String
    /// DDL, DML or UTILITY.
    public var statementType: String
    public var bytesScanned: Int
    public var error: AthenaQueryError?

    init(json q: JSONValue) {
        id = q["QueryExecutionId"]?.stringValue ?? ""
        state = q["Status"]?["State"]?.stringValue ?? "UNKNOWN"
        statementType = q["StatementType"]?.stringValue ?? "DML"
        bytesScanned = AthenaQueryExecution.int(q["Statistics"]?["DataScannedInBytes"]) ?? 0
        if state == "FAILED" || state == "CANCELLED" {
            let e = q["Status"]?["AthenaError"]
            let message = q["Status"]?["StateChangeReason"]?.stringValue ?? e?["ErrorMessage"]?.stringValue ?? "no reason given"
            error = AthenaQueryError(
                queryID: id, state: state, category: AthenaQueryExecution.int(e?["ErrorCategory"]),
                type: AthenaQueryExecution.int(e?["ErrorType"]),
                retryable: { if case .bool(let b) = e?["Retryable"] ?? .null { b } else { false } }(),
                message: message)
        }
    }

    var isTerminal: Bool { state == "SUCCEEDED" || state == "FAILED" || state == "CANCELLED" }

    static func int(_ v: JSONValue?) -> Int? {
        switch v {
        case .int(let i): i
        case .double(let d): Int(d)
        case .string(let s): Int(s)
        default: nil
        }
    }
}
