/// How far a `+` graph operator reaches: `+x` is unlimited, `2+x` two generations.
public enum GraphOperatorDepth: Hashable, Sendable {
    case unlimited
    case generations(Int)

    var limit: Int? {
        switch self {
        case .unlimited: nil
        case .generations(let n): n
        }
    }
}
