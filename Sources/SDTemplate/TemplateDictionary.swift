/// A mutable dictionary with string keys that keeps insertion order (like Python's dict).
public final class TemplateDictionary {
    /// The entries in insertion order.
    public private(set) var entries: [(key: String, value: Value)]
    private var index: [String: Int]

    public init(_ entries: [(String, Value)] = []) {
        self.entries = []
        self.index = [:]
        for (k, v) in entries { self[k] = v }
    }

    /// The number of entries.
    public var count: Int { entries.count }
    /// The keys in insertion order.
    public var keys: [String] { entries.map(\.key) }

    /// The value for `key`; assigning nil removes the entry.
    public subscript(key: String) -> Value? {
        get { index[key].map { entries[$0].value } }
        set {
            if let i = index[key] {
                if let newValue { entries[i].value = newValue } else { remove(at: i) }
            } else if let newValue {
                index[key] = entries.count
                entries.append((key, newValue))
            }
        }
    }

    private func remove(at i: Int) {
        index[entries[i].key] = nil
        entries.remove(at: i)
        for k in i..<entries.count { index[entries[k].key] = k }
    }
}
