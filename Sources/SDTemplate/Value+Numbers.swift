/// Numeric views used by arithmetic and comparisons.
extension Value {
    var doubleValue: Double {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        default: .nan
        }
    }

    var intValue: Int {
        if case .int(let i) = self { return i }
        return 0
    }
}
