import SDBasics

/// A call such as `ref('orders')` whose arguments are all literals, found without rendering.
public struct StaticCall: Sendable {
    /// A literal argument value with its range.
    public enum Literal: Sendable, Hashable {
        case none
        case bool(Bool)
        case int(Int)
        case double(Double)
        case string(String)
    }

    /// The called name.
    public let name: String
    /// Positional literal arguments with their ranges.
    public let positional: [(value: Literal, range: SourceRange)]
    /// Keyword literal arguments with their ranges.
    public let keywords: [(name: String, value: Literal, range: SourceRange)]
    /// The whole call expression.
    public let range: SourceRange

    /// The positional string arguments, when every positional argument is a string.
    public var stringArguments: [String]? {
        var out: [String] = []
        for p in positional {
            guard case .string(let s) = p.value else { return nil }
            out.append(s)
        }
        return out
    }
}
