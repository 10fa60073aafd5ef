/// A mutable list shared by every value that refers to it.
public final class TemplateList {
    /// The elements, in order.
    public var items: [Value]
    public init(_ items: [Value] = []) { self.items = items }
}
