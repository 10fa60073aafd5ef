/// One query parameter, unencoded; order and repeats are kept.
public struct AWSQueryItem: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
