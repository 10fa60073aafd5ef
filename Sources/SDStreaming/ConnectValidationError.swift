/// One setting Connect's validate endpoint rejected (ConfigValueInfo.errors).
public struct ConnectValidationError: Sendable, Hashable {
    public var key: String
    public var messages: [String]
}
