import SDBasics
import SDGraph

/// Compares this compile's manifest with the one `--state DIR` names, node by node, into the parts
/// dbt's `state:modified.<part>` selects (docs.getdbt.com, "Node selector methods" → `state`, and
/// "Caveats to state comparison"). Both sides are manifest documents, so the fingerprint is computed
/// by the same code from a fresh compile and from a stored manifest.
///
/// Where swiftdbt differs from dbt on purpose:
/// - the body compares the template with whitespace and comments removed (SQL `--`/`/* */` and
///   `<<# #>>`), so reformatting a model is not a change; quoted text is kept as written;
/// - a var or env var the node read with a different value is a body change (dbt does not see it);
/// - `.macros` follows the macros the node actually called, directly or through other macros
///   (`depends_on.macros`, RenderReads.swift): editing a macro no node calls modifies nothing,
///   where dbt marks every node using any macro of the package.
public enum StateComparison {
    /// Which current nodes the state knows, and what changed in each.
    public static func compare(current: JSONValue, previous: JSONValue) -> NodeStates {
        let oldMacros = previous["macros"]?.objectValue ?? [:]
        let newMacros = current["macros"]?.objectValue ?? [:]
        var oldNodes = previous["nodes"]?.objectValue ?? [:]
        oldNodes.merge(previous["sources"]?.objectValue ?? [:]) { a, _ in a }
        var newNodes = current["nodes"]?.objectValue ?? [:]
        newNodes.merge(current["sources"]?.objectValue ?? [:]) { a, _ in a }
        var states = NodeStates()
        for (id, new) in newNodes {
            guard let old = oldNodes[id] else { continue }
            states.known.insert(id)
            var changes = Set<StateChange>()
            if !sameBody(old, new) { changes.insert(.body) }
            if old["config"] != new["config"] || old["external"] != new["external"] { changes.insert(.configs) }
            if relation(old) != relation(new) { changes.insert(.relation) }
            if persistedDescriptions(old) != persistedDescriptions(new) { changes.insert(.persistedDescriptions) }
            if !sameMacros(old, new, oldMacros: oldMacros, newMacros: newMacros) { changes.insert(.macros) }
            if contract(old) != contract(new) { changes.insert(.contract) }
            if !changes.isEmpty { states.changes[id] = changes }
        }
        return states
    }

    /// Seeds by checksum (contents, or path for large files, as dbt); SQL nodes by normalised
    /// template and the values they read.
    static func sameBody(_ old: JSONValue, _ new: JSONValue) -> Bool {
        if new["resource_type"]?.stringValue == "seed" { return old["checksum"] == new["checksum"] }
        let reads = { (n: JSONValue) in n["unrendered_config"]?["swiftdbt_reads"] ?? .null }
        return normalised(old["raw_code"]?.stringValue ?? "") == normalised(new["raw_code"]?.stringValue ?? "")
            && reads(old) == reads(new)
    }

    /// Where the node's relation lives, as configured: the `database`, `schema` and `alias` config
    /// keys (a source's schema and identifier from its YAML). Not the resolved relation: a CI or dev
    /// target writes to its own schema, and that must not make every node modified (dbt's
    /// `same_database_representation` compares the configured values for the same reason).
    static func relation(_ n: JSONValue) -> [JSONValue?] {
        if n["resource_type"]?.stringValue == "source" { return [n["schema"], n["identifier"]] }
        let config = n["config"]
        return [config?["database"], config?["schema"], config?["alias"]]
    }

    /// The descriptions `persist_docs` writes, only for the parts it is enabled for (dbt's
    /// `same_persisted_description`).
    static func persistedDescriptions(_ n: JSONValue) -> [JSONValue?] {
        let docs = n["config"]?["persist_docs"]
        var out: [JSONValue?] = [docs]
        if docs?["relation"]?.boolValue == true { out.append(n["description"]) }
        if docs?["columns"]?.boolValue == true {
            let columns = n["columns"]?.objectValue ?? [:]
            for name in columns.keys.sorted() { out.append(columns[name]?["description"]) }
        }
        return out
    }

    /// The macros called and, for each, its normalised text; a macro missing on the old side is a change.
    static func sameMacros(_ old: JSONValue, _ new: JSONValue, oldMacros: [String: JSONValue], newMacros: [String: JSONValue]) -> Bool {
        let ids = { (n: JSONValue) in (n["depends_on"]?["macros"]?.arrayValue ?? []).compactMap(\.stringValue) }
        let newIds = ids(new)
        guard Set(ids(old)) == Set(newIds) else { return false }
        for id in newIds {
            guard let a = oldMacros[id]?["macro_sql"]?.stringValue, let b = newMacros[id]?["macro_sql"]?.stringValue else { return false }
            if normalised(a) != normalised(b) { return false }
        }
        return true
    }

    /// The contract and, when it is enforced on either side, each column's declared data type.
    static func contract(_ n: JSONValue) -> [JSONValue?] {
        let enforced = n["config"]?["contract"]?["enforced"]?.boolValue == true || n["contract"]?["enforced"]?.boolValue == true
        var out: [JSONValue?] = [n["config"]?["contract"], n["contract"]?["enforced"]]
        if enforced {
            let columns = n["columns"]?.objectValue ?? [:]
            for name in columns.keys.sorted() {
                out.append(JSONValue.string(name))
                out.append(columns[name]?["data_type"])
            }
        }
        return out
    }

    /// A template with comments removed and every run of whitespace made one space, outside quotes.
    public static func normalised(_ text: String) -> String {
        let b = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        var pendingSpace = false
        func emit(_ c: UInt8) {
            if pendingSpace, !out.isEmpty { out.append(UInt8(ascii: " ")) }
            pendingSpace = false
            out.append(c)
        }
        func starts(_ s: String, at j: Int) -> Bool {
            let p = Array(s.utf8)
            return j + p.count <= b.count && Array(b[j..<(j + p.count)]) == p
        }
        func skip(to end: [String], from j: Int) -> Int {
            var k = j
            while k < b.count {
                for e in end where starts(e, at: k) { return k + e.utf8.count }
                k += 1
            }
            return k
        }
        while i < b.count {
            let c = b[i]
            if starts("<<#", at: i) || starts("<<-#", at: i) {
                i = skip(to: ["#->>", "#>>"], from: i + 3)
                pendingSpace = true
            } else if starts("--", at: i) {
                i = skip(to: ["\n"], from: i + 2)
                pendingSpace = true
            } else if starts("/*", at: i) {
                i = skip(to: ["*/"], from: i + 2)
                pendingSpace = true
            } else if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") {
                var k = i + 1
                while k < b.count, b[k] != c { k += 1 }
                let end = min(k + 1, b.count)
                emit(c)
                out.append(contentsOf: b[(i + 1)..<end])
                i = end
            } else if c == UInt8(ascii: " ") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") {
                pendingSpace = true
                i += 1
            } else {
                emit(c)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
