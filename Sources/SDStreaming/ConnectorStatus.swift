/// A connector's state and its tasks' (ConnectorStateInfo).
public struct ConnectorStatus: Sendable, Hashable {
    public struct Task: Sendable, Hashable {
        public var id: Int
        public var state: String
        public var workerId: String
        public var trace: String?
    }
    public var name: String
    public var state: String
    public var workerId: String
    public var trace: String?
    public var tasks: [Task]
}
