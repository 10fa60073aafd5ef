import Foundation
import SDAWS
import SDBasics

/// Which run a temporary Glue table or S3 build folder belongs to, read from its name alone, so
/// the next run can tell what a killed run left behind from what a live run is still using.
///
/// A build id is a v4 UUID with two changes: its variant digit (the first of the fourth group)
/// is `0`, which RFC 4122 UUIDs never have, so a folder swiftdbt wrote cannot be mistaken for one
/// another tool wrote in the same place (dbt-athena also uses UUID folders); and its last twelve
/// digits are the run's 8-digit tag followed by 4 digits of its own. Temporary tables are named
/// `<model>__swiftdbt_<last twelve digits>`, so they carry the tag too.
public enum BuildOwnership {
    static let temporaryMarker = "__swiftdbt_"

    /// The 8 lower-case hex digits that stand for a run: the first of its invocation id's hex digits.
    public static func tag(ofRun runID: String) -> String {
        let hex = runID.lowercased().filter { $0.isHexDigit }
        return String((hex + "00000000").prefix(8))
    }

    /// A build id from a fresh UUID and the run's tag (see the type's comment).
    public static func buildID(fresh: String, tag: String) -> String {
        let chars = Array(fresh.lowercased())
        guard chars.count == 36 else { return fresh }
        return String(chars[0..<19]) + "0" + String(chars[20..<24]) + tag + String(chars[32..<36])
    }

    /// The run tag of a build folder name, nil when the name is not a build id swiftdbt makes.
    public static func tag(ofFolder name: Substring) -> String? {
        guard AthenaEngineNames.isUUIDShaped(name) else { return nil }
        let chars = Array(name)
        guard chars[19] == "0" else { return nil }
        return String(chars[24..<32])
    }

    /// `<model>__swiftdbt_<12 hex digits>`: the model's name and the run tag, else nil.
    public static func temporary(_ identifier: String) -> (base: String, tag: String)? {
        guard let r = identifier.range(of: temporaryMarker, options: .backwards) else { return nil }
        let suffix = identifier[r.upperBound...]
        guard suffix.count == 12, suffix.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        return (String(identifier[..<r.lowerBound]), String(suffix.prefix(8)))
    }

    /// The temporary name for `identifier` built under `buildID`.
    static func temporaryName(_ identifier: String, buildID: String) -> String {
        identifier + temporaryMarker + String(buildID.filter { $0 != "-" }.suffix(12))
    }
}

/// The lease a run keeps while it may still write (S3 object `<s3_staging_dir>swiftdbt-runs/<invocation id>.json`):
/// the run's id and when the lease ends unless renewed. A killed run stops renewing it; once it
/// has ended, what carries that run's tag is an orphan another run may remove.
public struct RunLease: Sendable, Equatable {
    public var runID: String
    public var expires: Date

    public var tag: String { BuildOwnership.tag(ofRun: runID) }

    static let folder = "swiftdbt-runs/"

    var data: Data {
        Data(JSONValue.object(["invocation_id": .string(runID), "expires": .double(expires.timeIntervalSince1970)]).serialized().utf8)
    }

    /// A lease object's contents; nil when it is not one (then it is taken as live: fail safe).
    static func parse(_ data: Data) -> RunLease? {
        guard let v = try? JSONValue.parse(data), let id = v["invocation_id"]?.stringValue else { return nil }
        let seconds: Double
        switch v["expires"] {
        case .double(let d): seconds = d
        case .int(let i): seconds = Double(i)
        default: return nil
        }
        return RunLease(runID: id, expires: Date(timeIntervalSince1970: seconds))
    }
}

/// What a dead run left, decided from listings alone (no AWS calls), so every rule is unit-tested.
struct OrphanPlan: Equatable {
    /// Temporary Glue tables to delete.
    var tables: [String] = []
    /// S3 build folders (with a trailing `/`) to delete.
    var folders: [String] = []

    /// - temporaries: temporary tables with their run tag and location;
    /// - folders: build folders found under table-specific roots, with their run tag;
    /// - inUse: every location a table other than a temporary points at (table and partitions);
    /// - live: tags of runs whose lease has not ended (the caller's own included).
    ///
    /// A temporary table of a dead run goes, and so does its folder if that folder carries the same
    /// tag; a folder goes when its run is dead. Neither goes while any table or partition points
    /// into it: a run killed between repointing a table and dropping the temporary entry leaves
    /// both pointing at the same, now live, data.
    static func make(
        temporaries: [(name: String, tag: String, location: String?)], folders: [(folder: String, tag: String)],
        inUse: [String], live: Set<String>
    ) -> OrphanPlan {
        func slash(_ s: String) -> String { s.hasSuffix("/") ? s : s + "/" }
        let busy = inUse.map(slash)
        func used(_ folder: String) -> Bool { busy.contains { $0.hasPrefix(folder) || folder.hasPrefix($0) } }
        var plan = OrphanPlan()
        var doomed = Set<String>()
        for t in temporaries where !live.contains(t.tag) {
            plan.tables.append(t.name)
            guard let location = t.location.map(slash), let last = location.split(separator: "/").last,
                BuildOwnership.tag(ofFolder: last) == t.tag, !used(location)
            else { continue }
            doomed.insert(location)
        }
        for f in folders where !live.contains(f.tag) && !used(slash(f.folder)) { doomed.insert(slash(f.folder)) }
        plan.tables.sort()
        plan.folders = doomed.sorted()
        return plan
    }
}

/// Plain names for the UUID shape check, shared by the swap's old-data rule and the ownership rules.
enum AthenaEngineNames {
    /// 8-4-4-4-12 lower-case hex digits.
    static func isUUIDShaped(_ name: Substring) -> Bool {
        let bytes = Array(name.utf8)
        guard bytes.count == 36 else { return false }
        for (i, c) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(i) {
                if c != 45 { return false }
            } else if !((c >= 48 && c <= 57) || (c >= 97 && c <= 102)) {
                return false
            }
        }
        return true
    }
}
