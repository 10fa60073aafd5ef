/// The one set of typed reads of a `JSONValue`, used by every module. The rules, pinned by
/// `JSONValueAccessTests`:
/// - Each accessor answers only for its own kind; there is no coercion between strings, numbers and
///   booleans (`"3"` is not an int, `true` is not 1, `0` is not false).
/// - `intValue` is `.int`, or a `.double` whose value has no fraction and lies within ±2^53 (where
///   every integer is exact), so `3e2` reads as 300; `1.5` is not an int.
/// - `doubleValue` is any number, an `.int` widened.
/// - `arrayValue` and `objectValue` are nil for every other kind; the subscript is nil unless the
///   value is an object holding the key.
extension JSONValue {
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d == d.rounded() && abs(d) <= 9_007_199_254_740_992: return Int(d)
        default: return nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let o) = self { return o }
        return nil
    }
}
