import Foundation
import SDBasics

/// Renders `<< env_var('X', 'default') >>` (and other template expressions) inside YAML strings.
/// The compiler supplies it; SDProject knows nothing of the template language.
public typealias YAMLStringRenderer = @Sendable (_ text: String, _ range: SourceRange, _ diagnostics: inout DiagnosticBag) -> String

/// profiles.yml: finds the file, the profile and the target, as dbt does.
public enum Profiles {
    /// The folders searched, in order: `--profiles-dir`, `$SWIFTDBT_PROFILES_DIR`, the project folder,
    /// `~/.swiftdbt/`, then dbt's own places, so a dbt user's existing profile is found:
    /// `$DBT_PROFILES_DIR` and `~/.dbt/` (https://docs.getdbt.com/docs/core/connect-data-platform/connection-profiles).
    public static func searchPath(profilesDir: String?, projectDir: String, environment: [String: String]) -> [String] {
        var dirs: [String] = []
        if let profilesDir { dirs.append(profilesDir) }
        if let env = environment["SWIFTDBT_PROFILES_DIR"], !env.isEmpty { dirs.append(env) }
        dirs.append(projectDir)
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
        if let home { dirs.append(home + "/.swiftdbt") }
        if let env = environment["DBT_PROFILES_DIR"], !env.isEmpty { dirs.append(env) }
        if let home { dirs.append(home + "/.dbt") }
        return dirs
    }

    /// The profiles.yml that `searchPath` leads to, as `loadTarget` reads it (for `swiftdbt debug`).
    public static func file(in searchPath: [String], fileSystem: FileSystem) -> String? {
        searchPath.first { fileSystem.fileExists($0 + "/profiles.yml") }.map { $0 + "/profiles.yml" }
    }

    /// `--profiles-dir` names one folder on purpose: when it does not exist, falling back to another
    /// profiles.yml would run against a target the user did not choose.
    public static func profilesDirFinding(_ profilesDir: String?, fileSystem: FileSystem) -> Diagnostic? {
        guard let profilesDir, !fileSystem.isDirectory(profilesDir) else { return nil }
        let isFile = fileSystem.fileExists(profilesDir)
        return .error(
            "--profiles-dir '\(profilesDir)' \(isFile ? "is a file, not a folder" : "does not exist")",
            hint: isFile ? "pass the folder that holds profiles.yml" : "pass the folder that holds profiles.yml, or leave --profiles-dir out")
    }

    /// Loads the target `targetName` (or the profile's default) of `profileName`.
    public static func loadTarget(
        profileName: String, targetName: String?, searchPath: [String], fileSystem: FileSystem,
        render: YAMLStringRenderer, projectFile: SourceFile?, profileRange: SourceRange? = nil,
        adapters: TargetAdapterRegistry, diagnostics: inout DiagnosticBag
    ) -> Target? {
        guard let path = file(in: searchPath, fileSystem: fileSystem) else {
            diagnostics.append(
                .error(
                    "no profiles.yml found; looked in: \(searchPath.map { $0 + "/profiles.yml" }.joined(separator: ", "))",
                    hint: "copy profiles.example.yml to profiles.yml, or pass --profiles-dir"))
            return nil
        }
        let text: String
        do { text = try fileSystem.readFile(path) } catch {
            diagnostics.error("cannot read \(path): \(error)")
            return nil
        }
        let shown = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        let file = SourceFile(path: shown, text: text)
        let (rootNode, syntax) = YAMLNode.parse(file)
        diagnostics.append(contentsOf: syntax)
        guard let root = rootNode, root.entries != nil else {
            if syntax.isEmpty {
                // An empty file has no node to point at; its first line is where the profiles go.
                let range = rootNode?.range ?? SourceRange(file: file, bytes: 0..<0)
                diagnostics.append(
                    .error(
                        rootNode == nil ? "profiles.yml is empty" : "profiles.yml must be a mapping of profile names, found \(rootNode?.kindName ?? "nothing")",
                        at: range, hint: "map each profile name to its 'target' and 'outputs', as profiles.example.yml does"))
            }
            return nil
        }
        let profileNames = (root.entries ?? []).compactMap { $0.key.string }.filter { $0 != "config" }
        guard let profile = root[profileName] else {
            // The mistake is in project.yml's `profile:` as often as in profiles.yml: point at the name.
            let d = Diagnostic.error(
                "no profile named '\(profileName)' in \(shown)", at: profileRange,
                path: profileRange == nil ? shown : nil,
                hint: "\(shown) defines: \(profileNames.sorted().joined(separator: ", "))")
            diagnostics.append(d.suggesting(profileName, from: profileNames))
            return nil
        }
        if let outputs = profile["outputs"], outputs.entries == nil, !outputs.isNull {
            diagnostics.append(
                .error(
                    "'outputs' of profile '\(profileName)' must be a mapping of target names, found \(outputs.kindName)",
                    at: outputs.range, hint: "write each target as a key under 'outputs:', as in '  local:', not as a list item"))
            return nil
        }
        guard let outputs = profile["outputs"], let outputEntries = outputs.entries else {
            let profileKey = root.entries?.first { $0.key.string == profileName }?.key.range
            var d = Diagnostic.error(
                "profile '\(profileName)' has no 'outputs' mapping", at: profileKey ?? profile.range,
                hint: "targets go under 'outputs:', one mapping per target name")
            if let typo = profile.entries?.first(where: { $0.key.string != "outputs" && EditDistance.distance($0.key.string ?? "", "outputs") <= 2 }) {
                d.notes.append(.note("did you mean 'outputs'?", at: typo.key.range))
            }
            diagnostics.append(d)
            return nil
        }
        let chosen: String
        var chosenRange: SourceRange? = nil
        if let targetName {
            chosen = targetName
        } else if let t = profile["target"], let s = t.string {
            chosen = render(s, t.range, &diagnostics)
            chosenRange = t.range
        } else {
            diagnostics.error("profile '\(profileName)' names no default 'target'; pass --target", at: profile.range)
            return nil
        }
        let names = outputEntries.compactMap { $0.key.string }
        guard let entry = outputEntries.first(where: { $0.key.string == chosen }) else {
            // A name from --target is in no file: say so rather than point at an unrelated line.
            let d = Diagnostic.error(
                chosenRange == nil
                    ? "no target named '\(chosen)' (from --target) in profile '\(profileName)' of \(shown)"
                    : "no target named '\(chosen)' in profile '\(profileName)'",
                at: chosenRange, path: chosenRange == nil ? shown : nil,
                hint: "profile '\(profileName)' has targets: \(names.sorted().joined(separator: ", "))")
            diagnostics.append(d.suggesting(chosen, from: names))
            return nil
        }
        return parseTarget(
            name: chosen, node: entry.value, keyRange: entry.key.range, render: render, adapters: adapters,
            diagnostics: &diagnostics)
    }

    static func parseTarget(
        name: String, node: YAMLNode, keyRange: SourceRange? = nil, render: YAMLStringRenderer,
        adapters: TargetAdapterRegistry, diagnostics: inout DiagnosticBag
    ) -> Target? {
        guard let entries = node.entries else {
            diagnostics.error("target '\(name)' must be a mapping, found \(node.kindName)", at: node.range)
            return nil
        }
        var settings: [String: JSONValue] = [:]
        var ranges: [String: SourceRange] = [:]
        for (k, v) in entries {
            guard let key = k.string else { continue }
            ranges[key] = v.range
            settings[key] = renderedSetting(key, v, render: render, diagnostics: &diagnostics)
        }
        let types = adapters.typeNames
        guard let typeNode = node["type"] else {
            diagnostics.error("target '\(name)' is missing required key 'type' (\(types.joined(separator: " or ")))", at: node.range)
            return nil
        }
        guard case .string(let typeName) = settings["type"] ?? .null, let adapter = adapters.adapter(named: typeName) else {
            let given = settings["type"]?.stringValue ?? ""
            diagnostics.append(
                Diagnostic.error(
                    "unknown target type '\(given)'", at: typeNode.range,
                    hint: "swiftdbt supports: \(types.joined(separator: ", "))"
                )
                .suggesting(given, from: types))
            return nil
        }
        guard
            checkSettings(
                entries, settings, ranges: ranges, adapter: adapter, targetName: name, at: keyRange ?? node.range,
                diagnostics: &diagnostics)
        else {
            return nil
        }
        var threads = 1
        if let t = settings["threads"] {
            if case .int(let n) = t, n >= 1 {
                threads = n
            } else {
                diagnostics.error("'threads' must be a positive integer", at: ranges["threads"])
            }
        }
        let (schema, database) = adapter.defaultLocation(settings)
        return Target(
            name: name, adapter: adapter, schema: schema, database: database, threads: threads,
            settings: settings, ranges: ranges, range: node.range)
    }

    /// Keys every target block has, whatever its type (dbt's profile keys).
    static let commonSettings: [TargetSetting] = [TargetSetting("type"), TargetSetting("threads", .integer)]

    /// Warns about keys the adapter does not read, refuses values of the wrong shape and reports the
    /// required keys that are missing, together, at the target's name. False when the target cannot be used.
    static func checkSettings(
        _ entries: [(key: YAMLNode, value: YAMLNode)], _ settings: [String: JSONValue], ranges: [String: SourceRange],
        adapter: any TargetAdapter, targetName: String, at range: SourceRange?, diagnostics: inout DiagnosticBag
    ) -> Bool {
        let type = adapter.typeName
        let keys = commonSettings.filter { c in !adapter.settingKeys.contains { $0.name == c.name } } + adapter.settingKeys
        let known = Set(keys.map(\.name))
        var usable = true
        for (k, v) in entries {
            guard let key = k.string else { continue }
            if let setting = keys.first(where: { $0.name == key }) {
                // `threads` has its own, older message below.
                if key != "threads", let value = settings[key], !setting.accepts(value) {
                    diagnostics.error("\(type) target setting '\(key)' must be \(setting.shape), found \(TargetSetting.describe(value))", at: v.range)
                    usable = false
                }
            } else if let why = adapter.unsupportedSettings[key] {
                diagnostics.append(.warning("swiftdbt's \(type) target does not implement '\(key)'; it is ignored", at: k.range, hint: why))
            } else {
                diagnostics.append(Diagnostic.warning("unknown \(type) target setting '\(key)'", at: k.range).suggesting(key, from: known))
            }
        }
        let inner = adapter.checkSettings(settings, ranges: ranges)
        diagnostics.append(contentsOf: inner)
        if inner.contains(where: { $0.severity == .error }) { usable = false }
        // One finding listing every missing setting, at the target's name: the user adds them together.
        let missing = keys.filter { $0.required && settings[$0.name] == nil && $0.alias.map { settings[$0] == nil } != false }
            .map { $0.alias ?? $0.name }
        if !missing.isEmpty {
            let list = missing.map { "'\($0)'" }.joined(separator: ", ")
            diagnostics.error(
                "\(type) target '\(targetName)' is missing required setting\(missing.count == 1 ? "" : "s") \(list)",
                at: range, hint: adapter.requiredHint)
            usable = false
        }
        return usable
    }

    /// A setting with `<< >>` rendered at every depth, as dbt renders the whole profile: DuckDB's
    /// `settings:` and `attach:` hold credentials read with `env_var` as often as top-level keys do.
    static func renderedSetting(
        _ key: String, _ node: YAMLNode, render: YAMLStringRenderer,
        diagnostics: inout DiagnosticBag
    ) -> JSONValue {
        switch node {
        case .scalar(let s, _, let range) where s.contains("<<"):
            let rendered = render(s, range, &diagnostics)
            let typed = YAMLNode.typedScalar(rendered)
            // A key or token that happens to look like a number stays the string it is.
            if case .string = typed { return typed }
            return key.hasSuffix("key") || key.hasSuffix("token") || Target.isSecretKey(key) ? .string(rendered) : typed
        case .sequence(let items, _):
            return .array(items.map { renderedSetting(key, $0, render: render, diagnostics: &diagnostics) })
        case .mapping(let entries, _):
            var object: [String: JSONValue] = [:]
            for (k, v) in entries {
                guard let name = k.string else { continue }
                object[name] = renderedSetting(name, v, render: render, diagnostics: &diagnostics)
            }
            return .object(object)
        default:
            return node.json
        }
    }

    /// Credential values written literally in profiles.yml, found line by line (`key: value` where
    /// the key names a credential), so they can be scrubbed even when the file does not parse or the
    /// target fails to load, and a diagnostic's excerpt would quote the line. Templates are skipped:
    /// their values are known once rendered.
    public static func literalCredentials(in text: String) -> [String] {
        var found: [String] = []
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            var rest = line.drop { $0 == " " || $0 == "\t" || $0 == "-" }
            guard let colon = rest.firstIndex(of: ":") else { continue }
            let key = rest[..<colon].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
            guard Target.isSecretKey(key) else { continue }
            rest = rest[rest.index(after: colon)...]
            var value = rest.trimmingCharacters(in: .whitespaces)
            if let q = value.first, q == "'" || q == "\"" {
                value.removeFirst()
                if let end = value.lastIndex(of: q) { value = String(value[..<end]) }
            } else if let comment = value.range(of: " #") {
                value = String(value[..<comment.lowerBound]).trimmingCharacters(in: .whitespaces)
            }
            if !value.isEmpty, !value.contains("<<") { found.append(value) }
        }
        return found
    }
}
