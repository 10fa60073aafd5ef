import SDBasics

extension Compiler {
    /// Adds `options.extraNodes` (streaming lineage) to the graph and the parents they declare for
    /// project nodes, so selectors and the manifest cross the boundary (issue 7 item 4). A node
    /// whose id is taken, or an edge into a node that does not exist, is an error rather than a
    /// silent drop.
    func mergeExtraNodes(into nodes: inout [String: CompiledNode], diagnostics: inout DiagnosticBag) {
        for extra in options.extraNodes {
            if nodes[extra.uniqueId] != nil {
                diagnostics.append(
                    .error("'\(extra.uniqueId)' is declared twice", at: extra.declaration, path: extra.declaration == nil ? extra.originalFilePath : nil))
                continue
            }
            nodes[extra.uniqueId] = extra
        }
        for child in options.extraParents.keys.sorted() {
            guard var node = nodes[child] else {
                diagnostics.append(.error("'\(child)' is named as fed by a streaming node, but there is no such node"))
                continue
            }
            node.dependsOn = Array(Set(node.dependsOn).union(options.extraParents[child] ?? [])).sorted()
            nodes[child] = node
        }
    }
}
