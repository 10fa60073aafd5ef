import SDBasics
import SDGraph
import SDProject

/// dbt's `selectors.yml` at the project root (docs.getdbt.com, "YAML selectors"): named selector
/// definitions for `--selector NAME`, one of them possibly `default: true` (used when a command is
/// given no `--select`, `--exclude` or `--selector`). Every key is read or refused with its position.
struct SelectorsFile {
    struct Entry {
        var name: String
        var isDefault: Bool
        var definition: YAMLNode
        var range: SourceRange
    }

    var entries: [Entry] = []

    /// The graph operators a `method`/`value` entry may carry, as dbt names them.
    static let leafKeys = ["method", "value", "children", "parents", "childrens_parents", "children_depth", "parents_depth"]

    /// Reads `text` (the file at `path`); nil when the file has errors (reported in `bag`).
    static func parse(path: String, text: String, into bag: inout DiagnosticBag) -> SelectorsFile? {
        let (root, errors) = YAMLNode.parse(SourceFile(path: path, text: text))
        bag.append(contentsOf: errors)
        guard let root else { return errors.isEmpty ? SelectorsFile() : nil }
        guard let list = root["selectors"]?.items else {
            bag.append(
                .error(
                    "selectors.yml must have a 'selectors:' list", at: root.range,
                    hint: "selectors:\n  - name: nightly\n    definition: 'tag:nightly'"))
            return nil
        }
        var file = SelectorsFile()
        let before = bag.errorCount
        for item in list {
            guard let keys = item.entries else {
                bag.append(.error("a selector is a mapping with 'name' and 'definition'", at: item.range))
                continue
            }
            for (k, _) in keys where !["name", "description", "definition", "default"].contains(k.string ?? "") {
                bag.append(
                    Diagnostic.error(
                        "unknown key '\(k.string ?? "")' in a selector", at: k.range,
                        hint: "a selector has name, description, definition and default"
                    )
                    .suggesting(k.string ?? "", from: ["name", "description", "definition", "default"]))
            }
            guard let name = item["name"]?.string, let definition = item["definition"] else {
                bag.append(.error("a selector needs 'name' and 'definition'", at: item.range))
                continue
            }
            if file.entries.contains(where: { $0.name == name }) {
                bag.append(.error("selector '\(name)' is defined twice", at: item["name"]?.range ?? item.range))
            }
            let isDefault = item["default"]?.string == "true"
            if let d = item["default"], !isDefault, d.string != "false" {
                bag.append(.error("'default' must be true or false", at: d.range))
            }
            file.entries.append(Entry(name: name, isDefault: isDefault, definition: definition, range: item.range))
        }
        let defaults = file.entries.filter(\.isDefault)
        if defaults.count > 1 {
            bag.append(
                .error(
                    "\(defaults.count) selectors say 'default: true' (\(defaults.map(\.name).joined(separator: ", ")))",
                    at: defaults[1].range, hint: "at most one selector may be the default"))
        }
        return bag.errorCount == before ? file : nil
    }

    var defaultName: String? { entries.first(where: \.isDefault)?.name }

    /// The definition of selector `name`, reading `selector:` references (cycles refused).
    func definition(_ name: String, at range: SourceRange?, into bag: inout DiagnosticBag, visiting: [String] = []) -> SelectorDefinition? {
        guard let entry = entries.first(where: { $0.name == name }) else {
            bag.append(
                Diagnostic.error(
                    "no selector named '\(name)' in selectors.yml", at: range, path: range == nil ? "--selector" : nil,
                    hint: entries.isEmpty ? "define it under 'selectors:' in selectors.yml at the project root" : nil
                )
                .suggesting(name, from: entries.map(\.name)))
            return nil
        }
        if visiting.contains(name) {
            bag.append(.error("selector '\(name)' refers to itself (\((visiting + [name]).joined(separator: " → ")))", at: range))
            return nil
        }
        return read(entry.definition, into: &bag, visiting: visiting + [name])
    }

    private func read(_ node: YAMLNode, into bag: inout DiagnosticBag, visiting: [String]) -> SelectorDefinition? {
        if let s = node.string { return .expression(s) }
        if let items = node.items {
            bag.append(.error("a list here is ambiguous", at: node.range, hint: "write 'union:' or 'intersection:' above the list"))
            _ = items
            return nil
        }
        guard let keys = node.entries, !keys.isEmpty else {
            bag.append(.error("a selector definition is a string, a method/value mapping, union, intersection or exclude", at: node.range))
            return nil
        }
        if keys.count == 1, let key = keys[0].key.string, ["union", "intersection", "exclude"].contains(key) {
            guard let list = keys[0].value.items else {
                bag.append(.error("'\(key)' takes a list of definitions", at: keys[0].value.range))
                return nil
            }
            let parts = list.compactMap { read($0, into: &bag, visiting: visiting) }
            guard parts.count == list.count else { return nil }
            switch key {
            case "union": return .union(parts)
            case "intersection": return .intersection(parts)
            default: return .exclude(parts)
            }
        }
        // `tag: nightly` is shorthand for method tag, value nightly.
        if keys.count == 1, let key = keys[0].key.string, !SelectorsFile.leafKeys.contains(key), let value = keys[0].value.string {
            if key == "selector" { return definition(value, at: keys[0].value.range, into: &bag, visiting: visiting) }
            return .expression("\(key):\(value)")
        }
        return leaf(node, keys, into: &bag, visiting: visiting)
    }

    /// `method`/`value` with graph operators, as the CLI string it stands for (`2+tag:x+`, `@tag:x`).
    private func leaf(
        _ node: YAMLNode, _ keys: [(key: YAMLNode, value: YAMLNode)], into bag: inout DiagnosticBag,
        visiting: [String]
    ) -> SelectorDefinition? {
        var ok = true
        for (k, _) in keys where !SelectorsFile.leafKeys.contains(k.string ?? "") {
            bag.append(
                Diagnostic.error(
                    "unknown key '\(k.string ?? "")' in a selector definition", at: k.range,
                    hint: "a method entry takes \(SelectorsFile.leafKeys.joined(separator: ", "))"
                )
                .suggesting(k.string ?? "", from: SelectorsFile.leafKeys))
            ok = false
        }
        guard let method = node["method"]?.string, let value = node["value"]?.string else {
            bag.append(.error("a selector definition needs 'method' and 'value'", at: node.range))
            return nil
        }
        func flag(_ key: String) -> Bool {
            guard let v = node[key] else { return false }
            if v.string == "true" { return true }
            if v.string != "false" { bag.append(.error("'\(key)' must be true or false", at: v.range)); ok = false }
            return false
        }
        func depth(_ key: String) -> String {
            guard let v = node[key] else { return "" }
            guard let s = v.string, Int(s) != nil else {
                bag.append(.error("'\(key)' must be a whole number", at: v.range))
                ok = false
                return ""
            }
            return s
        }
        if method == "selector" { return ok ? definition(value, at: node["value"]?.range, into: &bag, visiting: visiting) : nil }
        let parents = flag("parents")
        let children = flag("children")
        let both = flag("childrens_parents")
        let pd = depth("parents_depth")
        let cd = depth("children_depth")
        guard ok else { return nil }
        if both { return .expression("@\(method):\(value)") }
        let prefix = parents || !pd.isEmpty ? pd + "+" : ""
        let suffix = children || !cd.isEmpty ? "+" + cd : ""
        return .expression(prefix + method + ":" + value + suffix)
    }
}
