import Foundation

/// A semantic version as the dbt hub lists them (https://semver.org: `1.2.3`, `1.0.0-b1`).
public struct SemanticVersion: Sendable, Comparable, Hashable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int
    /// `b1` in `1.0.0-b1`; nil for a release. A prerelease sorts before its release.
    public var prerelease: String?

    public init?(_ text: String) {
        var s = Substring(text.hasPrefix("v") ? String(text.dropFirst()) : text)
        if let plus = s.firstIndex(of: "+") { s = s[..<plus] }
        var pre: String?
        if let dash = s.firstIndex(of: "-") {
            pre = String(s[s.index(after: dash)...])
            s = s[..<dash]
            if pre?.isEmpty ?? true { return nil }
        }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count) else { return nil }
        let numbers = parts.map { p in p.allSatisfy(\.isASCII) ? Int(p) : nil }
        guard numbers.allSatisfy({ ($0 ?? -1) >= 0 }) else { return nil }
        major = numbers[0] ?? 0
        minor = numbers.count > 1 ? numbers[1] ?? 0 : 0
        patch = numbers.count > 2 ? numbers[2] ?? 0 : 0
        prerelease = pre
    }

    public var description: String { "\(major).\(minor).\(patch)" + (prerelease.map { "-" + $0 } ?? "") }

    public static func < (a: SemanticVersion, b: SemanticVersion) -> Bool {
        if (a.major, a.minor, a.patch) != (b.major, b.minor, b.patch) { return (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch) }
        switch (a.prerelease, b.prerelease) {
        case (nil, nil), (nil, _?): return false
        case (_?, nil): return true
        case (let x?, let y?): return x.compare(y, options: .numeric) == .orderedAscending
        }
    }
}

/// One of a hub package's `version:` constraints: `1.2.3` (exactly), or `>=`, `>`, `<=`, `<`, `=` a version,
/// as dbt's semver module reads them. A list of constraints must all hold.
public struct VersionConstraint: Sendable, Equatable {
    public enum Comparison: String, Sendable { case equal = "=", greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<=" }

    public var comparison: Comparison
    public var version: SemanticVersion

    public struct Invalid: Error {}

    public static func parse(_ text: String) throws(Invalid) -> VersionConstraint {
        let t = text.trimmingCharacters(in: .whitespaces)
        for op in [Comparison.greaterOrEqual, .lessOrEqual, .greater, .less, .equal] where t.hasPrefix(op.rawValue) {
            guard let v = SemanticVersion(String(t.dropFirst(op.rawValue.count)).trimmingCharacters(in: .whitespaces)) else { throw Invalid() }
            return VersionConstraint(comparison: op, version: v)
        }
        guard let v = SemanticVersion(t) else { throw Invalid() }
        return VersionConstraint(comparison: .equal, version: v)
    }

    public func admits(_ v: SemanticVersion) -> Bool {
        switch comparison {
        case .equal: v == version
        case .greater: v > version
        case .greaterOrEqual: v >= version
        case .less: v < version
        case .lessOrEqual: v <= version
        }
    }

    /// The highest of `available` that every constraint admits; prereleases only when asked for, or
    /// when a constraint names one exactly (dbt's `install-prerelease`).
    public static func best(_ constraints: [VersionConstraint], among available: [String], prerelease: Bool) -> String? {
        let pinnedPre = constraints.contains { $0.comparison == .equal && $0.version.prerelease != nil }
        let candidates = available.compactMap { s in SemanticVersion(s).map { (s, $0) } }
            .filter { _, v in (v.prerelease == nil || prerelease || pinnedPre) && constraints.allSatisfy { $0.admits(v) } }
        return candidates.max { $0.1 < $1.1 }?.0
    }
}
