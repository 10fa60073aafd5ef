import SDBasics
import SDProject
import SDTemplate

/// Model versions as dbt implements them (https://docs.getdbt.com/docs/mesh/govern/model-versions):
/// version `2` of model `m` is the file `m_v2.sql` (or the version's `defined_in`), has the unique
/// id `model.<project>.m.v2`, the name `m`, the fqn `[…, m, v2]` and builds the relation `m_v2`;
/// `ref('m')` means the latest version, `ref('m', v=1)` a given one.
struct VersionSlot: Sendable {
    var model: String
    var version: ModelVersion
    var latest: String
    /// The model's properties with this version's description, columns, config and tests.
    var properties: NodeProperties
}

extension Compiler {
    /// For every model file that implements a version, which model and version it is; files and
    /// versions that do not pair up are errors at the version's `v:` or at the file.
    func versionSlots(diagnostics: inout DiagnosticBag) -> [String: VersionSlot] {
        // Only the models with versions are sorted and looked for: most projects have none, and
        // sorting every described model's name was a walk of the whole project on one core.
        let versioned = project.properties.models.compactMap { name, props in props.versions.isEmpty ? nil : name }
        guard !versioned.isEmpty else { return [:] }
        let files = Dictionary(project.models.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var slots: [String: VersionSlot] = [:]
        for name in versioned.sorted() {
            guard let props = project.properties.models[name], !props.versions.isEmpty,
                let latest = props.effectiveLatestVersion
            else { continue }
            for version in props.versions {
                let fileName = version.fileName(model: name)
                guard files[fileName] != nil else {
                    diagnostics.append(
                        .error(
                            "no model file for version \(version.v) of model '\(name)'", at: version.range,
                            hint: "name the file \(fileName).sql, or set 'defined_in:' to the file's name"))
                    continue
                }
                if let other = slots[fileName] {
                    diagnostics.append(
                        .error(
                            "\(fileName).sql cannot implement two versions", at: version.range,
                            notes: [
                                .note(
                                    "it already implements version \(other.version.v) of '\(other.model)'",
                                    at: other.version.range)
                            ]))
                    continue
                }
                var merged = props
                merged.description = version.description ?? props.description
                merged.columns = version.columns
                merged.config = version.config
                merged.tests = props.tests + version.tests
                merged.constraints = version.constraints ?? props.constraints
                slots[fileName] = VersionSlot(model: name, version: version, latest: latest, properties: merged)
            }
            // A plain m.sql next to m's versions would be a second model of the same name.
            if let plain = files[name], slots[name] == nil {
                diagnostics.append(
                    .error(
                        "model '\(name)' has versions, so \(plain.path) implements none of them", path: plain.path,
                        hint: "rename it to \(name)_v<version>.sql, or set 'defined_in: \(name)' on the version it is"))
            }
        }
        return slots
    }

    /// The unique id, name, fqn and relation name of a model file, versioned or not.
    static func modelIdentity(_ file: ProjectFile, slot: VersionSlot?, package: String)
        -> (id: String, name: String, fqn: [String], relationName: String)
    {
        guard let slot else { return ("model.\(package).\(file.name)", file.name, [package] + file.folders + [file.name], file.name) }
        let v = "v\(slot.version.v)"
        return (
            "model.\(package).\(slot.model).\(v)", slot.model, [package] + file.folders + [slot.model, v],
            slot.version.relationName(model: slot.model)
        )
    }

    /// Where project.yml's `models:` configs for a file are looked up: its fqn below the package, so
    /// `m:` configures every version of m and `m: v2:` one, as dbt's fqn-based config paths do.
    static func configPath(_ file: ProjectFile, _ slot: VersionSlot?) -> [String] {
        guard let slot else { return file.folders + [file.name] }
        return file.folders + [slot.model, "v\(slot.version.v)"]
    }

    /// `ref('m', v=2)` or `version=2` as the version's identifier; the two spellings together, or a
    /// value that is no string or number, are errors.
    static func refVersion(_ b: BoundArguments, call: SourceRange) throws(DiagnosticError) -> String? {
        if b["v"] != nil, b["version"] != nil {
            throw DiagnosticError(.error("ref() takes 'v' or 'version', not both", at: call))
        }
        guard let a = b["v"] ?? b["version"] else { return nil }
        switch a.value {
        case .none: return nil
        case .int(let i): return String(i)
        case .string(let s): return s
        case .double(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        default:
            throw DiagnosticError(.error("the version of ref() must be a number or a string, not \(a.value.typeName)", at: a.range))
        }
    }

    /// The unique id `ref(name, v=version)` stands for, or the error saying which versions exist.
    static func versionedTarget(_ ref: RecordedRef, version: String, nodes: [String: CompiledNode]) -> Result<String, DiagnosticError> {
        let candidates = nodes.values.filter { $0.resourceType == .model && $0.name == ref.name }
        let versions = candidates.compactMap(\.version).sorted(by: ModelVersion.precedes)
        if let hit = candidates.first(where: { $0.version == version }) { return .success(hit.uniqueId) }
        if candidates.isEmpty {
            return .failure(
                DiagnosticError(
                    Diagnostic.error("no model named '\(ref.name)'", at: ref.range)
                        .suggesting(ref.name, from: Set(nodes.values.filter { $0.resourceType == .model }.map(\.name)))))
        }
        if versions.isEmpty {
            return .failure(
                DiagnosticError(
                    .error(
                        "model '\(ref.name)' has no versions", at: ref.range,
                        hint: "remove the version from the ref, or declare 'versions:' for '\(ref.name)'")))
        }
        let latest = candidates.first?.latestVersion ?? ""
        return .failure(
            DiagnosticError(
                .error(
                    "model '\(ref.name)' has no version \(version)", at: ref.range,
                    hint: "versions of '\(ref.name)': \(versions.joined(separator: ", ")) (latest \(latest))")))
    }

    /// `ref('m', v=2)`, `ref('m', version='2')` or `ref('pkg', 'm', v=2)` written as a YAML string (a
    /// test argument, an exposure's depends_on): the model and version; nil for anything else.
    static func versionedRefCall(_ text: String) -> (name: String, version: String)? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.hasPrefix("ref("), t.hasSuffix(")") else { return nil }
        var parts = t.dropFirst(4).dropLast().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard let last = parts.popLast(), let eq = last.firstIndex(of: "=") else { return nil }
        let key = last[..<eq].trimmingCharacters(in: .whitespaces)
        var value = last[last.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        guard key == "v" || key == "version", !value.isEmpty else { return nil }
        if let q = value.first, q == "'" || q == "\"" {
            guard value.count >= 2, value.last == q else { return nil }
            value = String(value.dropFirst().dropLast())
        }
        guard let call = dependencyCall("ref(" + parts.joined(separator: ",") + ")"), (1...2).contains(call.arguments.count),
            let name = call.arguments.last
        else { return nil }
        return (name, value)
    }
}
