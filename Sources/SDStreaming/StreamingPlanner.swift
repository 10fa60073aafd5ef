import SDBasics

/// Compares declarations with live state and classifies each difference by what ksqlDB allows
/// (docs/streaming.md, plan; KLIP-28 / StructuredDataSource.canUpgradeTo): a pure function.
public enum StreamingPlanner {
    /// `serverVersion` is `/info`'s version: CREATE OR REPLACE exists from ksqlDB 0.12 (ksql#6534),
    /// so an older server gets drop-and-recreate where a newer one would replace in place.
    /// `liveConnectors` names every connector on the worker (GET /connectors); those no declaration
    /// names are planned for removal, like undeclared streams and tables.
    public static func plan(
        _ project: StreamingProject, live: [LiveSource], liveConfigs: [String: [String: String]],
        serverVersion: String? = nil, liveConnectors: [String] = []
    ) -> StreamingPlan {
        let canReplace = serverVersion.map(supportsCreateOrReplace) ?? true
        var byName: [String: LiveSource] = [:]
        for l in live { byName[l.name] = l }
        var steps: [StreamingPlan.SourceStep] = []
        var recreated = Set<String>()
        for s in project.sources {
            guard let l = byName[s.name] else {
                steps.append(.init(source: s, action: .create))
                continue
            }
            var action = compare(s, l)
            if !canReplace, case .replace(let reasons) = action {
                action = .recreate(reasons: reasons + ["ksqlDB \(serverVersion ?? "") has no CREATE OR REPLACE (0.12 and later)"])
            }
            // A query reading a recreated source must go too (DROP fails while queries read it:
            // EngineContext "You need to terminate them before dropping").
            let upstream = s.reads.filter { recreated.contains($0) }
            if !upstream.isEmpty {
                var reasons: [String] = []
                if case .recreate(let r) = action { reasons = r }
                if case .replace(let r) = action { reasons = r }
                reasons.append("reads \(upstream.joined(separator: ", ")), which is recreated")
                action = .recreate(reasons: reasons)
            }
            if case .recreate = action { recreated.insert(s.name) }
            steps.append(.init(source: s, action: action))
        }
        var connectorSteps: [StreamingPlan.ConnectorStep] = []
        for c in project.connectors {
            guard let current = liveConfigs[c.name] else {
                connectorSteps.append(.init(connector: c, action: .create))
                continue
            }
            let keys = Set(current.keys).union(c.config.keys).filter { current[$0] != c.config[$0] }.sorted()
            connectorSteps.append(.init(connector: c, action: keys.isEmpty ? .unchanged : .update(changedKeys: keys)))
        }
        var plan = StreamingPlan(sources: steps, connectors: connectorSteps)
        (plan.removals, plan.kept) = removals(project, live: live, liveConnectors: liveConnectors)
        return plan
    }

    /// Streams the server creates for itself (processing-log.md: ksql.logging.processing.stream.auto.create).
    static let systemSources: Set<String> = ["KSQL_PROCESSING_LOG"]

    /// What no declaration names, in removal order: every query writing an undeclared source, then
    /// the sources downstream first (DROP fails while a query reads the source: EngineContext "You
    /// need to terminate them before dropping"), then connectors. A source read by a query that
    /// writes a declared source is kept, with the reason.
    static func removals(_ project: StreamingProject, live: [LiveSource], liveConnectors: [String]) -> ([StreamingPlan.Removal], [String]) {
        let declared = Set(project.sources.map(\.name))
        var undeclared = live.filter { !declared.contains($0.name) && !systemSources.contains($0.name) }
        var kept: [String] = []
        undeclared.removeAll { u in
            let readers = u.readQueries.filter { q in q.sinks.contains { declared.contains($0) } }
            guard let q = readers.first else { return false }
            kept.append("\(u.kind.rawValue.lowercased()) \(u.name) is not declared but \(q.id) of \(q.sinks.joined(separator: ", ")) reads it (kept)")
            return true
        }
        // Downstream first: a source goes once no remaining undeclared query reads it.
        var order: [LiveSource] = []
        var remaining = undeclared.sorted { $0.name < $1.name }
        while !remaining.isEmpty {
            let readByRemaining = Set(remaining.flatMap { r in r.writeQueries.flatMap { KsqlQueryScanner.reads($0.queryString).map(\.name) } })
            let next = remaining.firstIndex { !readByRemaining.contains($0.name) } ?? 0
            order.append(remaining.remove(at: next))
        }
        var out: [StreamingPlan.Removal] = []
        for s in order {
            for q in s.writeQueries { out.append(.terminate(queryId: q.id, writing: s.name)) }
        }
        out += order.map { .drop(kind: $0.kind, name: $0.name) }
        let connectors = Set(project.connectors.map(\.name))
        out += liveConnectors.filter { !connectors.contains($0) }.sorted().map { .deleteConnector($0) }
        return (out, kept)
    }

    /// Whether a ksqlDB version (`0.29.0`, `7.5.0-ksqldb` style CP versions are 6.1+ here) has CREATE OR REPLACE.
    static func supportsCreateOrReplace(_ version: String) -> Bool {
        let parts = version.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard let major = parts.first else { return true }
        let minor = parts.count > 1 ? parts[1] : 0
        if major == 0 { return minor >= 12 }
        // Confluent Platform numbering: CP 6.1 shipped ksqlDB 0.14.
        if major >= 5 && major <= 6 { return major == 6 && minor >= 1 }
        return true
    }

    /// Classifies one declared source against its live description.
    static func compare(_ s: KsqlSource, _ l: LiveSource) -> StreamingPlan.SourceAction {
        var breaking: [String] = []
        var upgrades: [String] = []
        if l.kind != s.kind { breaking.append("is a \(l.kind.rawValue.lowercased()) on the server, declared a \(s.kind.rawValue.lowercased())") }
        if l.topic != s.topic { breaking.append("topic '\(l.topic)' → '\(s.topic)'") }
        if l.keyFormat.uppercased() != s.keyFormat.rawValue, !(l.keyFormat.isEmpty) { breaking.append("key format \(l.keyFormat) → \(s.keyFormat.rawValue)") }
        if l.valueFormat.uppercased() != s.valueFormat.rawValue, !(l.valueFormat.isEmpty) {
            breaking.append("value format \(l.valueFormat) → \(s.valueFormat.rawValue)")
        }
        if let p = s.partitions, let lp = l.partitions, p != lp { breaking.append("partitions \(lp) → \(p) (cannot change on an existing topic)") }
        if (l.timestamp ?? "") != (s.timestamp ?? "") { breaking.append("timestamp column '\(l.timestamp ?? "ROWTIME")' → '\(s.timestamp ?? "ROWTIME")'") }
        if l.writeQueries.isEmpty != (s.query == nil) {
            breaking.append(
                s.query == nil ? "is derived by a query on the server, declared over a topic" : "is declared derived, but the server's has no query")
        }

        // Columns: keys identical; values may only be appended (canUpgradeTo).
        if !s.columns.isEmpty {
            let typed = s.query == nil  // derived columns' types are the query's business
            func same(_ a: KsqlColumn, _ b: KsqlColumn) -> Bool { typed ? a == b : (a.name == b.name && a.isKey == b.isKey) }
            let lk = l.fields.filter(\.isKey), sk = s.keyColumns
            if lk.count != sk.count || zip(lk, sk).contains(where: { !same($0, $1) }) {
                breaking.append("key columns \(describe(lk)) → \(describe(sk))")
            }
            let lv = l.fields.filter { !$0.isKey }, sv = s.valueColumns
            if sv.count >= lv.count, zip(lv, sv).allSatisfy({ same($0, $1) }) {
                if sv.count > lv.count { upgrades.append("value columns appended: \(describe(Array(sv[lv.count...])))") }
            } else {
                breaking.append("value columns \(describe(lv)) → \(describe(sv)) (only appending at the end can be done in place)")
            }
        }

        // The query: a data-selection change may be replaced in place, unless the query joins,
        // windows or aggregates (not upgradeable), or reads another source (StreamSource topicName).
        if let q = s.query, let live = l.writeQueries.first {
            if !sameQuery(q, live.queryString) {
                let desired = selectPart(q), current = selectPart(live.queryString)
                let liveReads = Set(KsqlQueryScanner.reads(current).map(\.name)), reads = Set(s.reads)
                let words = KsqlQueryScanner.keywords(desired).union(KsqlQueryScanner.keywords(current))
                if liveReads != reads {
                    breaking.append("query reads \(reads.sorted().joined(separator: ", ")) instead of \(liveReads.sorted().joined(separator: ", "))")
                } else if let stateful = ["JOIN", "WINDOW", "GROUP"].first(where: { words.contains($0) }) {
                    breaking.append("query changed, and a query with \(stateful == "GROUP" ? "GROUP BY" : stateful) cannot be upgraded in place")
                } else {
                    upgrades.append("query changed (\(live.id) keeps its offsets)")
                }
            }
        }
        if !breaking.isEmpty { return .recreate(reasons: breaking) }
        if !upgrades.isEmpty { return .replace(reasons: upgrades) }
        return .unchanged
    }

    static func describe(_ cols: [KsqlColumn]) -> String {
        "(" + cols.map { "\($0.name) \(KsqlType.canonical($0.type))" }.joined(separator: ", ") + ")"
    }

    /// Whether the declared query and the server's mean the same: structurally when both parse
    /// (KsqlQueryShape: the server returns its formatter's rewrite, ksql#9570), else as normalized text.
    static func sameQuery(_ declared: String, _ live: String) -> Bool {
        if let a = KsqlQueryShape.canonical(declared), let b = KsqlQueryShape.canonical(live) { return a == b }
        return selectPart(declared) == selectPart(live)
    }

    /// The SELECT of a statement or query, normalized for comparison: case outside literals, runs
    /// of whitespace, the trailing semicolon (servers echo statements normalized: ksql#9570).
    static func selectPart(_ text: String) -> String {
        let words = KsqlQueryScanner.tokens(text)
        var start = text.startIndex
        for (i, w) in words.enumerated() where w.name == "AS" && i + 1 < words.count && words[i + 1].name == "SELECT" {
            start = text.utf8.index(text.startIndex, offsetBy: words[i + 1].bytes.lowerBound)
            break
        }
        var s = String(text[start...])
        while let last = s.last, last == ";" || last.isWhitespace { s.removeLast() }
        var out = ""
        var inQuote = false
        var lastSpace = false
        for ch in s {
            if ch == "'" { inQuote.toggle() }
            if !inQuote, ch.isWhitespace {
                if !lastSpace, !out.isEmpty { out.append(" ") }
                lastSpace = true
                continue
            }
            lastSpace = false
            out.append(inQuote ? ch : Character(ch.uppercased()))
        }
        return out
    }
}
