import SDBasics

/// A source table's `freshness:` criteria and `loaded_at_field`, as dbt documents them
/// (docs.getdbt.com/reference/resource-properties/freshness): `warn_after` and `error_after` are each
/// a `count` of `period`s (minute, hour, day), `filter` a SQL condition that limits the rows scanned.
///
/// Inheritance follows dbt-core's `merge_freshness`: a table without `freshness:` takes its
/// source's; `freshness: null` on the table turns it off; otherwise the table's `warn_after`,
/// `error_after` and `filter` replace the source's one key at a time. `loaded_at_field` on the
/// table replaces the source's.
public struct SourceFreshness: Sendable, Equatable {
    public enum Period: String, Sendable, CaseIterable {
        case minute, hour, day

        public var seconds: Double {
            switch self {
            case .minute: 60
            case .hour: 3600
            case .day: 86400
            }
        }
    }

    public struct Threshold: Sendable, Equatable {
        public var count: Int
        public var period: Period
        public init(count: Int, period: Period) {
            self.count = count
            self.period = period
        }
        public var seconds: Double { Double(count) * period.seconds }
        public var json: JSONValue { .object(["count": .int(count), "period": .string(period.rawValue)]) }
        /// How dbt writes a threshold that is not set.
        public static let unset: JSONValue = .object(["count": .null, "period": .null])
    }

    /// dbt's freshness statuses (sources.json v3 `status`).
    public enum Status: String, Sendable {
        case pass, warn, error
        case runtimeError = "runtime error"
    }

    public var warnAfter: Threshold?
    public var errorAfter: Threshold?
    public var filter: String?

    public init(warnAfter: Threshold? = nil, errorAfter: Threshold? = nil, filter: String? = nil) {
        self.warnAfter = warnAfter
        self.errorAfter = errorAfter
        self.filter = filter
    }

    /// Whether there is anything to check (dbt's `has_freshness`).
    public var checksSomething: Bool { warnAfter != nil || errorAfter != nil }

    /// dbt's `FreshnessThreshold.status`: error past `error_after`, else warn past `warn_after`.
    public func status(ageInSeconds age: Double) -> Status {
        if let e = errorAfter, age > e.seconds { return .error }
        if let w = warnAfter, age > w.seconds { return .warn }
        return .pass
    }

    /// The `criteria` object of sources.json and the manifest's `freshness`.
    public var json: JSONValue {
        .object([
            "warn_after": warnAfter?.json ?? Threshold.unset, "error_after": errorAfter?.json ?? Threshold.unset,
            "filter": filter.map { .string($0) } ?? .null,
        ])
    }

    /// The three keys a `freshness:` mapping sets; `nil` for a key means "not written here".
    struct Written {
        var warnAfter: Threshold??
        var errorAfter: Threshold??
        var filter: String??
    }

    /// The table's criteria from the source's and the table's `freshness:` nodes (either may be absent).
    static func resolve(source: YAMLNode?, table: YAMLNode?, _ bag: inout DiagnosticBag) -> SourceFreshness? {
        // The source's block is read again for each of its tables; its findings are reported once.
        var sourceBag = DiagnosticBag()
        let base = source.flatMap { $0.isNull ? nil : read($0, &sourceBag) }
        for d in sourceBag.diagnostics where !bag.diagnostics.contains(d) { bag.append(d) }
        if let table, table.isNull { return nil }
        let own = table.flatMap { read($0, &bag) }
        guard base != nil || own != nil else { return nil }
        var out = SourceFreshness()
        for w in [base, own].compactMap({ $0 }) {
            if let v = w.warnAfter { out.warnAfter = v }
            if let v = w.errorAfter { out.errorAfter = v }
            if let v = w.filter { out.filter = v }
        }
        return out
    }

    static func read(_ node: YAMLNode, _ bag: inout DiagnosticBag) -> Written? {
        guard let entries = node.entries else {
            bag.error(
                "'freshness' must be a mapping, found \(node.kindName)", at: node.range,
                hint: "freshness:\n  warn_after: {count: 12, period: hour}\n  error_after: {count: 24, period: hour}")
            return nil
        }
        var w = Written()
        for (k, v) in entries {
            switch k.string {
            case "warn_after": w.warnAfter = .some(threshold(v, "warn_after", &bag))
            case "error_after": w.errorAfter = .some(threshold(v, "error_after", &bag))
            case "filter":
                if v.isNull {
                    w.filter = .some(nil)
                } else if let s = v.string {
                    w.filter = .some(s)
                } else {
                    bag.error(
                        "'filter' must be a SQL condition (a string), found \(v.kindName)", at: v.range, hint: "filter: \"loaded_at >= current_date - 3\"")
                }
            default:
                bag.append(
                    Diagnostic.error("unknown key '\(k.string ?? "")' in freshness", at: k.range)
                        .suggesting(k.string ?? "", from: ["warn_after", "error_after", "filter"]))
            }
        }
        return w
    }

    private static func threshold(_ node: YAMLNode, _ key: String, _ bag: inout DiagnosticBag) -> Threshold? {
        if node.isNull { return nil }
        let example = "\(key): {count: 12, period: hour}"
        guard node.entries != nil else {
            bag.error("'\(key)' must be a mapping with 'count' and 'period', found \(node.kindName)", at: node.range, hint: example)
            return nil
        }
        for (k, _) in node.entries ?? [] where !["count", "period"].contains(k.string ?? "") {
            bag.append(Diagnostic.error("unknown key '\(k.string ?? "")' in \(key)", at: k.range).suggesting(k.string ?? "", from: ["count", "period"]))
        }
        // dbt treats a threshold with a null count or period as no threshold at all.
        let countNode = node["count"]
        let periodNode = node["period"]
        if countNode?.isNull ?? true, periodNode?.isNull ?? true { return nil }
        guard let countNode, let text = countNode.string, let count = Int(text), count > 0 else {
            bag.error("'\(key)' needs a positive whole 'count'", at: (countNode ?? node).range, hint: example)
            return nil
        }
        guard let periodNode, let p = periodNode.string, let period = Period(rawValue: p) else {
            let d = Diagnostic.error("'\(key)' needs a 'period' of minute, hour or day", at: (periodNode ?? node).range, hint: example)
            bag.append(periodNode?.string.map { d.suggesting($0, from: Period.allCases.map(\.rawValue)) } ?? d)
            return nil
        }
        return Threshold(count: count, period: period)
    }
}
