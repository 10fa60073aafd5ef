/// One line of `swiftdbt debug`'s connection report: what was checked, whether it worked, and what
/// was seen (an ARN, a workgroup state) or why it failed; never a secret. The AWS client's
/// connectivity report and every adapter's preflight are lists of these.
public struct CheckStep: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var succeeded: Bool
    public var detail: String

    public init(name: String, succeeded: Bool, detail: String) {
        self.name = name
        self.succeeded = succeeded
        self.detail = detail
    }

    public var description: String { "\(succeeded ? "ok" : "FAILED")  \(name): \(detail)" }
}
