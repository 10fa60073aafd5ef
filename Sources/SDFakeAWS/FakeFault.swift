/// A failure the fake injects into matching requests, for as many times as `times` says.
public struct FakeFault: Sendable {
    public enum Action: Sendable {
        /// HTTP 400 `ThrottlingException` (S3: 503 `SlowDown`).
        case throttle
        /// HTTP 500 `InternalServerException` (S3: `InternalError`).
        case serverError
        /// The request is carried out, then the connection is closed before the response is complete.
        case dropAfterProcessing
        /// The connection is closed before anything is done.
        case dropBeforeProcessing
        /// Another writer changes this Glue table (its VersionId moves on) just before the request is handled.
        case concurrentUpdate(database: String, table: String)
        /// For StartQueryExecution: the query runs and ends FAILED with Athena's error fields.
        /// Athena leaves partial output behind; the fake writes one partial object at a CTAS location.
        case failQuery(category: Int, type: Int, message: String, retryable: Bool)
    }

    /// The operation: `StartQueryExecution`, `UpdateTable`, `DeleteObjects`, `ListObjectsV2`, `PutObject`, ….
    public var operation: String
    /// When set, only requests whose body (or, for queries, SQL) contains this text match.
    public var containing: String?
    public var action: Action
    public var times: Int

    public init(operation: String, containing: String? = nil, action: Action, times: Int = 1) {
        self.operation = operation
        self.containing = containing
        self.action = action
        self.times = times
    }
}

extension FakeFault {
    /// The next query whose SQL contains `text` ends FAILED with these Athena error fields
    /// (GetQueryExecution `Status.AthenaError`).
    public static func failingQuery(
        containing text: String, category: Int = 2, type: Int = 1000, message: String,
        retryable: Bool = false, times: Int = 1
    ) -> FakeFault {
        FakeFault(
            operation: "Query", containing: text, action: .failQuery(category: category, type: type, message: message, retryable: retryable),
            times: times)
    }
}

extension FakeFault {
    /// The next query whose SQL contains `token` ends FAILED, its message reporting where the token
    /// is the way Athena does: `{position}` in `message` becomes `line L:C`, Trino's 1-based line and
    /// 1-based column in code points (`io.trino.spi.Location`; Athena's "Error type reference" lists
    /// COLUMN_NOT_FOUND and SYNTAX_ERROR messages such as `COLUMN_NOT_FOUND: line 3:8: Column 'x'
    /// cannot be resolved`, https://docs.aws.amazon.com/athena/latest/ug/error-reference.html).
    public static func failingQuery(at token: String, type: Int = 1100, message: String) -> FakeFault {
        failingQuery(containing: token, category: 2, type: type, message: message)
    }

    /// `line L:C` of the first occurrence of `token` in `sql`, lines ended by `\n`.
    static func position(of token: String, in sql: String) -> String {
        guard let r = sql.firstRange(of: token) else { return "line 1:1" }
        let before = sql.unicodeScalars[..<r.lowerBound]
        let line = before.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
        let lineStart = before.lastIndex(of: "\n").map { sql.unicodeScalars.index(after: $0) } ?? sql.startIndex
        return "line \(line):\(sql.unicodeScalars[lineStart..<r.lowerBound].count + 1)"
    }
}
