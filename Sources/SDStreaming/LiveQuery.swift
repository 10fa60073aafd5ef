/// A persistent query (RunningQuery).
public struct LiveQuery: Sendable, Hashable {
    public var id: String
    public var queryString: String
    public var state: String
    public var sinks: [String]

    public init(id: String, queryString: String, state: String, sinks: [String] = []) {
        self.id = id
        self.queryString = queryString
        self.state = state
        self.sinks = sinks
    }
}
