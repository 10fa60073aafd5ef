import SDBasics

/// Where one package comes from, as packages.yml or dependencies.yml declares it
/// (https://docs.getdbt.com/docs/build/packages: hub, git and local packages).
public enum PackageSource: Sendable, Equatable {
    /// `local: ../path`, relative to the project that declares it.
    case local(path: String)
    /// `git: URL` with `revision:` (a branch, tag or commit; nil is the default branch) and `subdirectory:`.
    case git(url: String, revision: String?, subdirectory: String?)
    /// `package: org/name` with `version:` constraints (`"1.1.1"`, `">=1.0.0"`, or a list that must all hold).
    case hub(name: String, versions: [String], installPrerelease: Bool)
}

/// One `- ...` entry of the `packages:` list, with where it is written.
public struct PackageDeclaration: Sendable {
    public var source: PackageSource
    public var range: SourceRange
}

/// packages.yml or dependencies.yml: the packages a project installs with `swiftdbt deps`.
public struct PackagesFile: Sendable {
    public var file: SourceFile
    public var packages: [PackageDeclaration]

    /// The two file names dbt reads; a project may have one of them, never both.
    public static let fileNames = ["packages.yml", "dependencies.yml"]

    static let keys: Set<String> = [
        "local", "git", "revision", "subdirectory", "warn-unpinned", "package", "version", "install-prerelease",
    ]

    /// Reads the file. Every mistake is a positioned diagnostic; an entry with an error is left out.
    public static func parse(_ file: SourceFile, diagnostics: inout DiagnosticBag) -> PackagesFile {
        var result = PackagesFile(file: file, packages: [])
        let (root, syntax) = YAMLNode.parse(file)
        diagnostics.append(contentsOf: syntax)
        guard let root, !root.isNull else { return result }
        guard let entries = root.entries else {
            diagnostics.error("\(file.path) must be a mapping with a 'packages:' list, found \(root.kindName)", at: root.range)
            return result
        }
        for (k, v) in entries {
            switch k.string {
            case "packages": break
            case "projects":
                // dbt Mesh's cross-project references (dependencies.yml) need dbt Cloud's metadata.
                diagnostics.append(
                    .error(
                        "cross-project dependencies ('projects:') are not supported", at: k.range,
                        hint: "install the other project as a package with 'local:' or 'git:'"))
            default:
                diagnostics.append(
                    Diagnostic.error("unknown key '\(k.string ?? "")' in \(file.path)", at: k.range)
                        .suggesting(k.string ?? "", from: ["packages"]))
            }
            _ = v
        }
        guard let list = root["packages"], !list.isNull else { return result }
        guard let items = list.items else {
            diagnostics.error("'packages' must be a list, found \(list.kindName)", at: list.range)
            return result
        }
        for item in items {
            if let p = declaration(item, file: file, inLock: false, diagnostics: &diagnostics) { result.packages.append(p) }
        }
        return result
    }

    /// One pinned entry of package-lock.yml, which adds `name:` to a declaration's keys.
    static func parse(entry: YAMLNode, file: SourceFile, diagnostics: inout DiagnosticBag) -> PackageDeclaration? {
        declaration(entry, file: file, inLock: true, diagnostics: &diagnostics)
    }

    private static func declaration(_ item: YAMLNode, file: SourceFile, inLock: Bool, diagnostics: inout DiagnosticBag) -> PackageDeclaration? {
        guard let entries = item.entries else {
            diagnostics.append(
                .error(
                    "a package entry must be a mapping, found \(item.kindName)", at: item.range,
                    hint: "write '- package: org/name' with 'version:', '- git: URL' with 'revision:', or '- local: path'"))
            return nil
        }
        var ok = true
        for (k, _) in entries {
            guard let key = k.string, !(inLock && key == "name") else { continue }
            if key == "name", item["tarball"] != nil {
                ok = false
            } else if key == "tarball" || key == "private" {
                diagnostics.append(
                    .error(
                        "'\(key)' packages are not supported", at: k.range,
                        hint: "install the package from its git repository with 'git:' and 'revision:'"))
                ok = false
            } else if !keys.contains(key) {
                diagnostics.append(Diagnostic.error("unknown package key '\(key)'", at: k.range).suggesting(key, from: keys))
                ok = false
            }
        }
        let kinds = ["local", "git", "package"].filter { item[$0] != nil }
        guard kinds.count == 1, let kind = kinds.first else {
            if ok {
                diagnostics.append(
                    .error(
                        kinds.isEmpty
                            ? "a package entry needs one of 'package:', 'git:' or 'local:'"
                            : "a package entry may have only one of 'package:', 'git:' and 'local:'",
                        at: item.range))
            }
            return nil
        }
        var reader = YAMLReader(diagnostics: diagnostics)
        defer { diagnostics = reader.diagnostics }
        // Keys of another kind of package would be silently ignored: refuse them where they are written.
        let allowed: [String: Set<String>] = [
            "local": ["local"], "git": ["git", "revision", "subdirectory", "warn-unpinned"],
            "package": ["package", "version", "install-prerelease"],
        ]
        for (k, _) in entries {
            guard let key = k.string, keys.contains(key), allowed[kind]?.contains(key) == false else { continue }
            reader.diagnostics.error("'\(key)' does not apply to a '\(kind):' package", at: k.range)
            ok = false
        }
        guard let value = reader.requiredString(item, kind, in: "the package entry"), ok else { return nil }
        switch kind {
        case "local":
            return PackageDeclaration(source: .local(path: value), range: item.range)
        case "git":
            let revision = reader.optionalString(item, "revision")
            let warn = item["warn-unpinned"].map { $0.json != .bool(false) } ?? true
            if revision == nil, warn, !inLock, let r = item["git"]?.range {
                reader.diagnostics.append(
                    .warning(
                        "git package '\(value)' has no revision, so each 'swiftdbt deps --upgrade' may install other code",
                        at: r, hint: "pin it with 'revision:' (a tag or commit), or set 'warn-unpinned: false'"))
            }
            return PackageDeclaration(
                source: .git(url: value, revision: revision, subdirectory: reader.optionalString(item, "subdirectory")),
                range: item.range)
        default:
            let parts = value.split(separator: "/", omittingEmptySubsequences: false)
            if parts.count != 2 || parts.contains(where: \.isEmpty), let r = item["package"]?.range {
                reader.diagnostics.append(
                    .error(
                        "hub package '\(value)' must be named 'org/name'", at: r,
                        hint: "write the name as the hub shows it, e.g. 'dbt-labs/dbt_utils'"))
                return nil
            }
            guard let v = item["version"], !v.isNull else {
                reader.diagnostics.append(
                    .error(
                        "hub package '\(value)' needs a 'version:'", at: item["package"]?.range ?? item.range,
                        hint: "e.g. 'version: [\">=1.0.0\", \"<2.0.0\"]'"))
                return nil
            }
            var versions: [String] = []
            for node in v.items ?? [v] {
                guard let s = node.string, (try? VersionConstraint.parse(s)) != nil else {
                    reader.diagnostics.append(
                        .error(
                            "'\(node.string ?? node.kindName)' is not a version constraint", at: node.range,
                            hint: "write a version like '1.2.0' or a comparison like '>=1.0.0' or '<2.0.0'"))
                    return nil
                }
                versions.append(s)
            }
            let pre = item["install-prerelease"].map { $0.json == .bool(true) } ?? false
            return PackageDeclaration(source: .hub(name: value, versions: versions, installPrerelease: pre), range: item.range)
        }
    }
}
