import SDBasics

/// Where a YAML-defined snapshot reads from: `relation: ref('orders')` or `source('shop', 'orders')`.
public struct SnapshotRelation: Sendable {
    public var text: String
    public var range: SourceRange
}

extension PropertySet {
    /// `snapshots:` entries: a model's keys (description, columns, tests, config) plus `relation`, which
    /// makes the entry a snapshot of its own (dbt 1.9's YAML snapshots); without it the entry describes
    /// a `<< snapshot >>` block of the same name.
    mutating func readSnapshots(_ node: YAMLNode, file: SourceFile, keys: ModelConfigKeys, diagnostics: inout DiagnosticBag) {
        if node.isNull { return }
        guard let items = node.items else {
            diagnostics.error("'snapshots' must be a list, found \(node.kindName)", at: node.range)
            return
        }
        var stripped: [YAMLNode] = []
        for item in items {
            guard case .mapping(let entries, let range) = item else {
                stripped.append(item)
                continue
            }
            if let rel = item["relation"], let name = item["name"]?.string {
                if let text = rel.string, !text.isEmpty {
                    if snapshotRelations[name] == nil { snapshotRelations[name] = SnapshotRelation(text: text, range: rel.range) }
                } else {
                    diagnostics.error(
                        "'relation' of snapshot '\(name)' must be ref('model') or source('source', 'table')", at: rel.range)
                }
            }
            stripped.append(.mapping(entries.filter { $0.key.string != "relation" }, range: range))
        }
        readNodes(.sequence(stripped, range: node.range), file: file, kind: "snapshot", keys: keys, into: \.snapshots, diagnostics: &diagnostics)
    }
}
