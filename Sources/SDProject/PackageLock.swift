import SDBasics

/// package-lock.yml, in the shape dbt 1.7+ writes it: the packages `swiftdbt deps` installed, each
/// pinned (a git commit, an exact hub version), and `sha1_hash` of the declarations they were
/// resolved from. A later `deps` installs the pins while the declarations are unchanged, and loading
/// a project compares the hash so that an edited packages.yml asks for `deps` instead of running
/// with stale code (https://docs.getdbt.com/reference/commands/deps).
public struct PackageLock: Sendable, Equatable {
    public struct Pin: Sendable, Equatable {
        /// The installed project's name: the folder under packages-install-path and the macro namespace.
        public var name: String
        /// `.git` with `revision` the commit, `.hub` with `versions` the one exact version.
        public var source: PackageSource

        public init(name: String, source: PackageSource) {
            self.name = name
            self.source = source
        }
    }

    public var pins: [Pin]
    public var sha1Hash: String

    public init(pins: [Pin], sha1Hash: String) {
        self.pins = pins
        self.sha1Hash = sha1Hash
    }

    public static let fileName = "package-lock.yml"

    /// The hash of what the declarations ask for (not of the file's bytes, so a comment or a
    /// reordered key does not ask for a new `deps`): one canonical line per package, in order.
    public static func hash(of declarations: [PackageDeclaration]) -> String {
        let lines = declarations.map { d -> String in
            switch d.source {
            case .local(let p): "local=\(p)"
            case .git(let u, let r, let s): "git=\(u) revision=\(r ?? "") subdirectory=\(s ?? "")"
            case .hub(let n, let v, let pre): "package=\(n) version=\(v.joined(separator: ",")) prerelease=\(pre)"
            }
        }
        return SHA1Digest.hex(Array(lines.joined(separator: "\n").utf8))
    }

    /// The file's text: block YAML, every scalar double-quoted, so reading it back gives the same lock.
    public var text: String {
        func q(_ s: String) -> String {
            var out = ""
            JSONValue.writeString(s, into: &out)
            return out
        }
        var out = "packages:\n"
        for pin in pins {
            out += "  - name: \(q(pin.name))\n"
            switch pin.source {
            case .local(let p):
                out += "    local: \(q(p))\n"
            case .git(let u, let r, let s):
                out += "    git: \(q(u))\n"
                if let r { out += "    revision: \(q(r))\n" }
                if let s { out += "    subdirectory: \(q(s))\n" }
            case .hub(let n, let v, _):
                out += "    package: \(q(n))\n    version: \(q(v.first ?? ""))\n"
            }
        }
        return out + "sha1_hash: \(q(sha1Hash))\n"
    }

    /// Reads a lock file; a file swiftdbt cannot read is an error that asks for `deps --upgrade`.
    public static func parse(_ file: SourceFile, diagnostics: inout DiagnosticBag) -> PackageLock? {
        let (root, syntax) = YAMLNode.parse(file)
        diagnostics.append(contentsOf: syntax)
        let redo = "delete it and run 'swiftdbt deps' to write it again"
        guard let root, let hash = root["sha1_hash"]?.string else {
            diagnostics.append(.error("\(file.path) has no 'sha1_hash'", at: root?.range, path: root == nil ? file.path : nil, hint: redo))
            return nil
        }
        var pins: [Pin] = []
        for item in root["packages"]?.items ?? [] {
            var bag = DiagnosticBag()
            let declared = PackagesFile.parse(entry: item, file: file, diagnostics: &bag)
            guard let name = item["name"]?.string, let declared, !bag.hasErrors else {
                diagnostics.append(.error("unreadable package pin in \(file.path)", at: item.range, hint: redo))
                return nil
            }
            pins.append(Pin(name: name, source: declared.source))
        }
        return PackageLock(pins: pins, sha1Hash: hash)
    }
}
