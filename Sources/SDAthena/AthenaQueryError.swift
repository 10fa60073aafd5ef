/// A query that ended FAILED or CANCELLED, with Athena's own error fields (GetQueryExecution
/// `Status.AthenaError`) and the compiled file it came from.
public struct AthenaQueryError: Error, Sendable, CustomStringConvertible {
    public var queryID: String
    public var state: String
    /// 1 system, 2 user, 3 other.
    public var category: Int?
    /// Athena's error type number (Athena "Error type reference").
    public var type: Int?
    public var retryable: Bool
    /// `StateChangeReason`, else `AthenaError.ErrorMessage`.
    public var message: String
    /// The compiled or run file of the node, when known.
    public var path: String?

    public init(queryID: String, state: String, category: Int?, type: Int?, retryable: Bool, message: String, path: String? = nil) {
        self.queryID = queryID
        self.state = state
        self.category = category
        self.type = type
        self.retryable = retryable
        self.message = message
        self.path = path
    }

    public var categoryName: String {
        switch category {
        case 1: "system error"
        case 2: "user error"
        case 3: "other error"
        default: "error"
        }
    }

    public var description: String {
        var s = state == "CANCELLED" ? "query \(queryID) was cancelled" : "athena query \(queryID) failed"
        if state != "CANCELLED" {
            s += " (\(categoryName)"
            if let category { s += ", category \(category)" }
            if let type { s += ", type \(type)" }
            s += ")"
        }
        s += ": \(message)"
        if let path { s += "\n  compiled SQL: \(path)" }
        return s
    }
}
