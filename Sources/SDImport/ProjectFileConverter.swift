import Foundation
import SDBasics
import SDProject

/// dbt_project.yml → project.yml. swiftdbt's project.yml uses dbt's own keys (docs/dbt-compatibility.md),
/// so the file is kept line for line, comments included: keys swiftdbt has no use for are commented
/// out with a note, `{{ }}` becomes `<< >>`, and every key swiftdbt refuses today is reported with
/// DbtSupport's own message (the same finding `swiftdbt compile` would give), so this report stays
/// right as refusals are lifted.
public enum ProjectFileConverter {
    /// The first line of every project.yml this importer writes; a folder whose project.yml starts
    /// with it was written by a previous import and may be written again.
    public static let marker = "# Converted from dbt_project.yml by swiftdbt import-dbt (docs/import-dbt.md)."

    /// Top-level keys of dbt_project.yml as dbt documents them (docs.getdbt.com, "dbt_project.yml").
    static let documentedKeys: Set<String> = [
        "name", "config-version", "version", "profile", "model-paths", "seed-paths", "test-paths", "analysis-paths",
        "macro-paths", "snapshot-paths", "docs-paths", "asset-paths", "function-paths", "packages-install-path",
        "clean-targets", "query-comment", "require-dbt-version", "quoting", "on-run-start", "on-run-end", "dispatch",
        "models", "seeds", "snapshots", "sources", "data_tests", "tests", "unit_tests", "metrics", "semantic-models",
        "saved-queries", "exposures", "vars", "flags", "target-path", "log-path", "restrict-access", "dbt-cloud",
        "functions",
    ]

    /// Keys dropped with a note: they change nothing swiftdbt does.
    static func dropReason(_ key: String, _ value: YAMLNode) -> String? {
        switch key {
        case "require-dbt-version":
            return "swiftdbt is not dbt, so no dbt version applies; docs/dbt-compatibility.md lists what it implements"
        case "dbt-cloud": return "dbt Cloud settings have no meaning for swiftdbt"
        case "log-path": return "swiftdbt writes no log file (redirect --log-format json instead)"
        case "quoting" where quotingOff(value.json):
            // DuckDB treats quoted identifiers as case-insensitive too, and Athena lower-cases every name
            // (DuckDB "Keywords and Identifiers", Athena "Names for tables, databases, and columns").
            return "swiftdbt always quotes names; on DuckDB and Athena quoted names match unquoted ones, so nothing changes"
        default: return nil
        }
    }

    /// dbt's `quoting:` turns quoting off per part with `false`.
    static func quotingOff(_ v: JSONValue) -> Bool {
        if case .object(let o) = v { o.values.contains { $0 == .bool(false) || $0 == .string("false") } } else { false }
    }

    /// Keys whose strings swiftdbt renders as templates (hooks run rendered SQL).
    static let templatedKeys: Set<String> = ["on-run-start", "on-run-end", "pre-hook", "post-hook", "+pre-hook", "+post-hook"]

    /// The converted text and the findings, positioned in `file` (the dbt_project.yml).
    public static func convert(_ file: SourceFile) -> (text: String, diagnostics: [Diagnostic]) {
        var diags: [Diagnostic] = []
        let (root, syntax) = YAMLNode.parse(file)
        diags.append(contentsOf: syntax)
        guard let root, let entries = root.entries, !syntax.contains(where: { $0.severity == .error }) else {
            if root != nil && root?.entries == nil {
                diags.append(.error("dbt_project.yml must be a mapping", at: root?.range))
            }
            return (marker + "\n" + file.text, diags)
        }
        var dropLines = Set<Int>()
        for (key, value) in entries {
            guard let k = key.string else { continue }
            if let reason = dropReason(k, value) {
                diags.append(.warning("'\(k)' is dropped: \(reason)", at: key.range, hint: "the line is kept in project.yml as a comment"))
                let first = key.range.start.line
                let last = lastLine(of: value)
                for l in first...max(first, last) { dropLines.insert(l) }
                continue
            }
            if !documentedKeys.contains(k) {
                diags.append(
                    Diagnostic.warning("'\(k)' is not a dbt_project.yml key dbt documents", at: key.range, hint: "it is copied as written")
                        .suggesting(k, from: documentedKeys))
            }
            if let d = DbtSupport.refusal(k, value.json, in: DbtSupport.projectKeys, at: key.range) {
                diags.append(Self.asImportFinding(d))
            }
            if ["models", "seeds", "snapshots"].contains(k) { checkConfigs(value, &diags) }
        }
        diags.append(contentsOf: templatedValues(root, file))
        // Comment out dropped lines, then convert the delimiters of what remains.
        var lines = file.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for l in dropLines.sorted() where l - 1 < lines.count {
            lines[l - 1] = "# import-dbt: not used by swiftdbt: " + lines[l - 1]
        }
        let commented = SourceFile(path: file.path, text: lines.joined(separator: "\n"))
        let translated = JinjaTranslator(mode: .yaml).translate(commented)
        return (marker + "\n" + translated.text, diags + translated.diagnostics)
    }

    /// A refusal from DbtSupport, said as an import finding: the key is copied, and swiftdbt refuses it.
    static func asImportFinding(_ d: Diagnostic) -> Diagnostic {
        var d = d
        d.message = "copied, but swiftdbt refuses it: " + d.message
        return d
    }

    /// `+key` configs in folder blocks (also un-prefixed keys that are configs, as dbt reads them).
    static func checkConfigs(_ node: YAMLNode, _ diags: inout [Diagnostic]) {
        for (key, value) in node.entries ?? [] {
            guard let k = key.string else { continue }
            let name = k.hasPrefix("+") ? String(k.dropFirst()) : k
            if let d = DbtSupport.refusal(name, value.json, in: DbtSupport.config, at: key.range) {
                diags.append(asImportFinding(d))
            } else if !k.hasPrefix("+"), value.entries != nil {
                checkConfigs(value, &diags)
            }
        }
    }

    /// `{{ }}` in values swiftdbt reads as plain text: dbt renders them, swiftdbt would not.
    static func templatedValues(_ node: YAMLNode, _ file: SourceFile, key: String? = nil) -> [Diagnostic] {
        if let key, templatedKeys.contains(key) { return [] }
        switch node {
        case .mapping(let entries, _):
            return entries.flatMap { templatedValues($0.value, file, key: $0.key.string) }
        case .sequence(let items, _):
            return items.flatMap { templatedValues($0, file, key: key) }
        case .scalar(let s, _, let r) where s.contains("{{") || s.contains("{%"):
            return [
                .error(
                    "swiftdbt does not render templates in project.yml values", at: r,
                    hint: "write the value itself, or move the logic into a macro or a model; the tag is converted to << >> but stays text")
            ]
        default: return []
        }
    }

    static func lastLine(of node: YAMLNode) -> Int {
        let r = node.range
        // A block value's range ends at the start of the next key's line: step back over it.
        let end = max(r.bytes.lowerBound, r.bytes.upperBound - 1)
        var line = r.file.location(of: end).line
        while line > r.start.line, r.file.line(line).trimmingCharacters(in: .whitespaces).isEmpty { line -= 1 }
        return line
    }
}

/// Where swiftdbt renders `<< >>` inside property YAML: descriptions (`doc()`), hooks, and sources'
/// `external:` blocks (docs/template-language.md). Elsewhere a dbt tag would stay plain text.
enum PropertyTemplates {
    static let renderedKeys: Set<String> = ["description", "external", "pre-hook", "post-hook", "pre_hook", "post_hook"]
    /// Files the loader renders as a whole (profiles) or that other commands read (packages).
    static let renderedFiles: Set<String> = ["profiles.yml", "packages.yml", "dependencies.yml", "package-lock.yml"]

    static func findings(_ file: SourceFile) -> [Diagnostic] {
        if renderedFiles.contains(file.path.split(separator: "/").last.map(String.init) ?? "") { return [] }
        guard file.text.contains("{{") || file.text.contains("{%") else { return [] }
        let (root, _) = YAMLNode.parse(file)
        guard let root else { return [] }
        return walk(root, inRendered: false)
    }

    static func walk(_ node: YAMLNode, inRendered: Bool) -> [Diagnostic] {
        switch node {
        case .mapping(let entries, _):
            return entries.flatMap { walk($0.value, inRendered: inRendered || renderedKeys.contains($0.key.string ?? "")) }
        case .sequence(let items, _):
            return items.flatMap { walk($0, inRendered: inRendered) }
        case .scalar(let s, _, let r) where !inRendered && (s.contains("{{") || s.contains("{%")):
            return [
                .error(
                    "swiftdbt does not render templates in this property value", at: r,
                    hint: "write the value itself; the tag is converted to << >> but would be read as text")
            ]
        default: return []
        }
    }
}
