import SDBasics
import SDCompiler
import SDProject

/// Reads streaming/*.yml into a validated StreamingProject, collecting every finding with its
/// file, line and column (docs/architecture.md, Diagnostics).
public struct StreamingLoader: Sendable {
    public var environment: [String: String]
    public var vars: [String: JSONValue]
    /// Declared source tables as [source, table], so `feeds:` can be checked; nil skips the check.
    public var knownSourceTables: [[String]]?

    public init(environment: [String: String] = [:], vars: [String: JSONValue] = [:], knownSourceTables: [[String]]? = nil) {
        self.environment = environment
        self.vars = vars
        self.knownSourceTables = knownSourceTables
    }

    static let topLevelKeys = ["connectors", "streams", "tables"]
    static let sourceKeys = [
        "as", "auto_offset_reset", "columns", "description", "key_format", "name", "partitions", "replicas", "timestamp",
        "timestamp_format", "topic", "value_format",
    ]
    static let columnKeys = ["description", "key", "name", "type"]

    /// Loads every file; nil when any error was found (the bag holds them all).
    public func load(_ files: [SourceFile], diagnostics: inout DiagnosticBag) -> StreamingProject? {
        var bag = DiagnosticBag()
        var sources: [KsqlSource] = []
        var connectorNodes: [YAMLNode] = []
        var layouts: [String: (SourceFile?, SourceRange)] = [:]
        // Declarations that had errors: naming them elsewhere is not a second error.
        var broken = Set<String>()
        let templating = YAMLTemplating(environment: environment, vars: vars)
        for file in files.sorted(by: { $0.path < $1.path }) where file.path.hasSuffix(".yml") || file.path.hasSuffix(".yaml") {
            let (root, syntax) = YAMLNode.parse(file)
            bag.append(contentsOf: syntax)
            guard let root else { continue }
            guard let top = DeclarationMapping(root, what: "a streaming file", known: StreamingLoader.topLevelKeys, diagnostics: &bag)
            else { continue }
            top.reportUnknownKeys(&bag)
            for (section, kind) in [("streams", KsqlSource.Kind.stream), ("tables", .table)] {
                guard let list = top[section], !list.isNull else { continue }
                guard let items = list.items else {
                    bag.error("'\(section)' must be a list of \(section)", at: list.range)
                    continue
                }
                for item in items {
                    if let (s, layout) = readSource(item, kind: kind, templating: templating, &bag) {
                        if let other = sources.first(where: { $0.name == s.name }) {
                            bag.append(
                                .error(
                                    "'\(s.name)' is declared twice", at: s.range,
                                    notes: [.note("first declared here", at: other.range)],
                                    hint: "ksqlDB keeps one stream or table per name (names are upper-cased)"))
                            continue
                        }
                        sources.append(s)
                        layouts[s.name] = layout
                    } else if let n = item["name"]?.string {
                        broken.insert(n.uppercased())
                    }
                }
            }
            if let list = top["connectors"], !list.isNull {
                if let items = list.items {
                    connectorNodes += items
                } else {
                    bag.error("'connectors' must be a list of connectors", at: list.range)
                }
            }
        }
        checkReads(&sources, layouts: layouts, broken: broken, &bag)
        let ordered = order(sources, &bag)
        var connectors: [SinkConnector] = []
        for node in connectorNodes {
            if let c = readConnector(node, sources: ordered, broken: broken, templating: templating, &bag) {
                if let other = connectors.first(where: { $0.name == c.name }) {
                    bag.append(
                        .error(
                            "connector '\(c.name)' is declared twice", at: c.range,
                            notes: [.note("first declared here", at: other.range)]))
                    continue
                }
                connectors.append(c)
            }
        }
        diagnostics.append(contentsOf: bag.diagnostics)
        guard !bag.hasErrors else { return nil }
        return StreamingProject(sources: ordered, connectors: connectors.sorted { $0.name < $1.name })
    }

    /// A name as ksqlDB stores it, or an error when it is not a plain identifier.
    static func identifier(_ s: String, _ range: SourceRange, what: String, _ bag: inout DiagnosticBag) -> String? {
        let bytes = Array(s.utf8)
        let ok =
            !bytes.isEmpty && bytes.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
            && !(bytes[0] >= 0x30 && bytes[0] <= 0x39)
        guard ok else {
            bag.error(
                "\(what) '\(s)' is not a plain identifier", at: range,
                hint: "use letters, digits and underscores; ksqlDB upper-cases unquoted names")
            return nil
        }
        return s.uppercased()
    }

    func readSource(_ node: YAMLNode, kind: KsqlSource.Kind, templating: YAMLTemplating, _ bag: inout DiagnosticBag)
        -> (KsqlSource, (SourceFile?, SourceRange))?
    {
        let word = kind == .stream ? "stream" : "table"
        guard let m = DeclarationMapping(node, what: "a \(word)", known: StreamingLoader.sourceKeys, diagnostics: &bag) else { return nil }
        guard let (rawName, nameRange) = m.required("name", &bag), let name = StreamingLoader.identifier(rawName, nameRange, what: "\(word) name", &bag)
        else {
            m.reportUnknownKeys(&bag)
            return nil
        }
        let what = "\(word) '\(name)'"
        let m2 = DeclarationMapping(node, what: what, known: StreamingLoader.sourceKeys, diagnostics: &bag) ?? m
        m2.reportUnknownKeys(&bag)
        var ok = true
        let topic = m2.required("topic", &bag, hint: "name the Kafka topic explicitly, e.g. topic: \(rawName.lowercased())")
            .map { (templating.render($0.0, at: $0.1, diagnostics: &bag).0, $0.1) }
        if topic == nil { ok = false }
        func format(_ key: String, default def: KsqlFormat?) -> KsqlFormat? {
            guard let (s, r) = m2.string(key, &bag) else {
                if let def { return def }
                bag.error(
                    "\(what) is missing required setting '\(key)'", at: m2.firstKeyRange,
                    hint: "ksqlDB rejects a statement without a value format unless the server sets a default; declare it: \(key): AVRO")
                return nil
            }
            guard let f = KsqlFormat(rawValue: s.uppercased()) else {
                bag.append(
                    Diagnostic.error("unknown \(key) '\(s)'", at: r, hint: "ksqlDB formats: \(KsqlFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                        .suggesting(s.uppercased(), from: KsqlFormat.allCases.map(\.rawValue)))
                return nil
            }
            return f
        }
        let keyFormat = format("key_format", default: .kafka)
        let valueFormat = format("value_format", default: nil)
        if keyFormat == nil || valueFormat == nil { ok = false }
        let partitions = m2.int("partitions", &bag)?.0
        let replicas = m2.int("replicas", &bag)?.0

        // Columns.
        var columns: [KsqlColumn] = []
        if let list = m2["columns"], !list.isNull {
            if let items = list.items {
                for item in items {
                    guard let cm = DeclarationMapping(item, what: "a column of \(what)", known: StreamingLoader.columnKeys, diagnostics: &bag)
                    else { ok = false; continue }
                    cm.reportUnknownKeys(&bag)
                    guard let (cn, cr) = cm.required("name", &bag), let cname = StreamingLoader.identifier(cn, cr, what: "column name", &bag),
                        let (ct, tr) = cm.required("type", &bag)
                    else { ok = false; continue }
                    let base = KsqlType.base(ct)
                    if !KsqlType.baseNames.contains(base) {
                        bag.append(
                            Diagnostic.error(
                                "unknown ksqlDB type '\(ct)' for column '\(cname)'", at: tr,
                                hint: "ksqlDB types: \(KsqlType.baseNames.joined(separator: ", "))"
                            )
                            .suggesting(base, from: KsqlType.baseNames))
                        ok = false
                    }
                    if columns.contains(where: { $0.name == cname }) {
                        bag.error("column '\(cname)' is declared twice in \(what)", at: cr)
                        ok = false
                    }
                    let isKey = cm.bool("key", &bag)?.0 ?? false
                    columns.append(KsqlColumn(name: cname, type: ct.uppercased(), isKey: isKey, range: cr))
                }
            } else {
                bag.error("'columns' of \(what) must be a list", at: list.range)
                ok = false
            }
        }

        // The query of a derived stream or table.
        var query: String?
        var layout: (SourceFile?, SourceRange) = (nil, m2.keyRange("as") ?? m2.firstKeyRange)
        if let (q, qr) = m2.string("as", &bag) {
            let (rendered, file) = templating.render(q, at: qr, diagnostics: &bag)
            var text = rendered.trimmingCharacters(in: .whitespacesAndNewlines)
            while text.hasSuffix(";") { text = String(text.dropLast()).trimmingCharacters(in: .whitespacesAndNewlines) }
            if !text.uppercased().hasPrefix("SELECT") {
                bag.error(
                    "the query of \(what) must be a SELECT", at: qr, hint: "write only the SELECT; swiftdbt writes CREATE \(kind.rawValue) … AS around it")
                ok = false
            }
            query = text
            layout = (file, m2.keyRange("as") ?? qr)
        } else if columns.isEmpty {
            bag.error(
                "\(what) needs either 'columns' (a \(word) over an existing topic) or 'as' (a SELECT that derives it)",
                at: m2.firstKeyRange)
            ok = false
        }

        // Keys: what the key format can hold (serde docs; create-table.md: a table needs a PRIMARY KEY).
        let keys = columns.filter(\.isKey)
        if let keyFormat, query == nil || !columns.isEmpty {
            if kind == .table, query == nil, keys.isEmpty {
                bag.error(
                    "table '\(name)' has no key column", at: m2.keyRange("columns") ?? m2.firstKeyRange,
                    hint: "a ksqlDB table needs a PRIMARY KEY; mark its column with key: true")
                ok = false
            }
            if keyFormat == .none, let k = keys.first {
                bag.error(
                    "key_format NONE cannot hold key column '\(k.name)'", at: k.range,
                    hint: "use KAFKA for a single primitive key, or JSON/AVRO/PROTOBUF for several")
                ok = false
            } else if keyFormat == .kafka, keys.count > 1 {
                bag.append(
                    .error(
                        "key_format KAFKA holds a single key column, but \(what) declares \(keys.count)", at: keys[1].range,
                        hint: "use key_format JSON, AVRO or PROTOBUF for a multi-column key"))
                ok = false
            } else if keyFormat == .kafka, let k = keys.first, ["ARRAY", "MAP", "STRUCT"].contains(KsqlType.base(k.type)) {
                bag.error(
                    "key_format KAFKA cannot serialize the \(KsqlType.base(k.type)) key column '\(k.name)'", at: k.range,
                    hint: "KAFKA keys are single primitives; use a structured key format such as JSON or AVRO")
                ok = false
            }
        }

        // Timestamp (create-stream.md: TIMESTAMP_FORMAT only with a VARCHAR column; otherwise BIGINT or TIMESTAMP).
        var timestamp: String?
        let timestampFormat = m2.string("timestamp_format", &bag)
        if let (ts, tr) = m2.string("timestamp", &bag) {
            timestamp = ts.uppercased()
            if !columns.isEmpty {
                if let col = columns.first(where: { $0.name == ts.uppercased() }) {
                    let base = KsqlType.canonical(KsqlType.base(col.type))
                    if timestampFormat != nil, base != "STRING" {
                        bag.error("timestamp_format needs a VARCHAR timestamp column, but '\(col.name)' is \(col.type)", at: timestampFormat?.1 ?? tr)
                        ok = false
                    } else if timestampFormat == nil, base != "BIGINT", base != "TIMESTAMP" {
                        bag.error(
                            "timestamp column '\(col.name)' is \(col.type); it must be BIGINT or TIMESTAMP", at: tr,
                            hint: base == "STRING" ? "for a VARCHAR column give its pattern: timestamp_format: \"yyyy-MM-dd'T'HH:mm:ssX\"" : nil)
                        ok = false
                    }
                } else {
                    bag.append(
                        Diagnostic.error("timestamp column '\(ts)' is not a column of \(what)", at: tr)
                            .suggesting(ts.uppercased(), from: columns.map(\.name)))
                    ok = false
                }
            }
        } else if let (_, fr) = timestampFormat {
            bag.error("timestamp_format is set but timestamp is not", at: fr)
            ok = false
        }

        var offsetReset: String?
        if let (s, r) = m2.string("auto_offset_reset", &bag) {
            if !["earliest", "latest"].contains(s.lowercased()) {
                bag.append(Diagnostic.error("auto_offset_reset must be earliest or latest, not '\(s)'", at: r).suggesting(s, from: ["earliest", "latest"]))
                ok = false
            } else if query == nil {
                // ksql#1680: the property only matters to a query; a plain CREATE ignores it.
                bag.warning("auto_offset_reset has no effect on \(what), which runs no query", at: r)
            } else {
                offsetReset = s.lowercased()
            }
        }
        guard ok, let topic, let keyFormat, let valueFormat else { return nil }
        let source = KsqlSource(
            name: name, kind: kind, description: m2.string("description", &bag)?.0 ?? "", topic: topic.0, partitions: partitions,
            replicas: replicas, keyFormat: keyFormat, valueFormat: valueFormat, timestamp: timestamp, timestampFormat: timestampFormat?.0,
            columns: columns, query: query, autoOffsetReset: offsetReset, range: nameRange)
        return (source, layout)
    }

    /// Resolves what each query reads; unknown names are errors at the name in the query.
    func checkReads(
        _ sources: inout [KsqlSource], layouts: [String: (SourceFile?, SourceRange)], broken: Set<String>,
        _ bag: inout DiagnosticBag
    ) {
        let names = sources.map(\.name)
        for i in sources.indices {
            guard let query = sources[i].query else { continue }
            let (file, fallback) = layouts[sources[i].name] ?? (nil, sources[i].range ?? StreamingLoader.nowhere)
            let written = file.map { KsqlQueryScanner.reads($0.text) } ?? []
            var reads: [String] = []
            for w in KsqlQueryScanner.reads(query) {
                if !reads.contains(w.name) { reads.append(w.name) }
                guard !names.contains(w.name), !broken.contains(w.name) else { continue }
                let at = written.first { $0.name == w.name }.map { SourceRange(file: fallback.file, bytes: $0.bytes) } ?? fallback
                bag.append(
                    Diagnostic.error(
                        "'\(sources[i].name)' reads '\(w.name)', which is not a declared stream or table", at: at,
                        hint: "declare '\(w.name)' under streams: or tables: in streaming/"
                    )
                    .suggesting(w.name, from: names))
            }
            sources[i].reads = reads
        }
    }

    static var nowhere: SourceRange {
        SourceRange(file: SourceFile(path: "streaming", text: ""), bytes: 0..<0)
    }

    /// Upstream before downstream, ties by name; a cycle is an error naming its members.
    func order(_ sources: [KsqlSource], _ bag: inout DiagnosticBag) -> [KsqlSource] {
        var byName: [String: KsqlSource] = [:]
        for s in sources { byName[s.name] = s }
        var indegree: [String: Int] = [:]
        var children: [String: [String]] = [:]
        for s in sources {
            let parents = Set(s.reads.filter { byName[$0] != nil && $0 != s.name })
            indegree[s.name] = parents.count
            for p in parents { children[p, default: []].append(s.name) }
            if s.reads.contains(s.name) {
                bag.error("'\(s.name)' reads itself", at: s.range)
            }
        }
        var ready = indegree.filter { $0.value == 0 }.map(\.key).sorted()
        var out: [KsqlSource] = []
        while !ready.isEmpty {
            let n = ready.removeFirst()
            if let s = byName[n] { out.append(s) }
            for c in children[n] ?? [] {
                indegree[c, default: 0] -= 1
                if indegree[c] == 0 {
                    ready.append(c)
                    ready.sort()
                }
            }
        }
        if out.count < sources.count {
            let stuck = sources.map(\.name).filter { n in !out.contains { $0.name == n } }.sorted()
            bag.append(.error("streaming queries form a cycle: \(stuck.joined(separator: " -> "))", at: byName[stuck[0]]?.range))
        }
        return out
    }
}
