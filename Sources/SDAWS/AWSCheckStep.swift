/// One step of `swiftdbt debug`'s AWS check: what was checked, whether it worked, and what was seen.
public struct AWSCheckStep: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var succeeded: Bool
    /// What was found (an ARN, a workgroup state) or why it failed; never a secret.
    public var detail: String

    public init(name: String, succeeded: Bool, detail: String) {
        self.name = name
        self.succeeded = succeeded
        self.detail = detail
    }

    public var description: String { "\(succeeded ? "ok" : "FAILED")  \(name): \(detail)" }
}
