import SDBasics

/// A node's configuration: the merged result of project.yml folder blocks, property files and the
/// model's own `config(...)` call, in that order of precedence (later wins; tags and meta merge).
public struct NodeConfig: Sendable, Hashable {
    public var values: [String: JSONValue]

    public init(_ values: [String: JSONValue] = [:]) { self.values = values }

    public subscript(key: String) -> JSONValue? {
        get { values[NodeConfig.canonical(key)] }
        set { values[NodeConfig.canonical(key)] = newValue }
    }

    /// `pre_hook` and `pre-hook` are the same key.
    static func canonical(_ key: String) -> String {
        switch key {
        case "pre_hook": "pre-hook"
        case "post_hook": "post-hook"
        default: key
        }
    }

    public func string(_ key: String) -> String? {
        switch self[key] {
        case .string(let s): s
        case .int(let i): String(i)
        case .bool(let b): b ? "true" : "false"
        default: nil
        }
    }

    public func bool(_ key: String) -> Bool? {
        switch self[key] {
        case .bool(let b): b
        case .string(let s): ["true", "yes", "1"].contains(s.lowercased()) ? true : (["false", "no", "0"].contains(s.lowercased()) ? false : nil)
        default: nil
        }
    }

    public var materialized: String { string("materialized") ?? "view" }
    public var enabled: Bool { bool("enabled") ?? true }

    /// Tags as a sorted, de-duplicated list (a single string is one tag).
    public var tags: [String] {
        switch self["tags"] {
        case .string(let s): [s]
        case .array(let a): Array(Set(a.compactMap(\.stringValue))).sorted()
        default: []
        }
    }

    /// Applies `other` on top of this config: scalars replace, tags and hooks accumulate, meta merges.
    public mutating func merge(_ other: [String: JSONValue]) {
        for (rawKey, value) in other {
            let key = NodeConfig.canonical(rawKey)
            guard ConfigKeys.additive.contains(key), let existing = values[key] else {
                values[key] = value
                continue
            }
            switch (existing, value) {
            case (.object(var a), .object(let b)):
                for (k, v) in b { a[k] = v }
                values[key] = .object(a)
            default:
                let list = NodeConfig.asList(existing) + NodeConfig.asList(value)
                if key == "tags" {
                    var seen = Set<JSONValue>()
                    values[key] = .array(list.filter { seen.insert($0).inserted })
                } else {
                    values[key] = .array(list)
                }
            }
        }
    }

    static func asList(_ v: JSONValue) -> [JSONValue] {
        switch v {
        case .array(let a): a
        case .null: []
        default: [v]
        }
    }
}
