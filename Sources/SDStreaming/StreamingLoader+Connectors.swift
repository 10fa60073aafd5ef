import Foundation
import SDBasics
import SDCompiler
import SDProject

extension StreamingLoader {
    static let connectorKeys = [
        "config", "converters", "description", "errors", "feeds", "flush", "format", "name", "on_null_values", "partitioning",
        "s3", "stream", "tasks_max", "topics", "type",
    ]

    /// Reads an S3 sink declaration into its full Connect config, checking what the connector would
    /// only find out at runtime: converters against the stream's formats, and the S3 sink's settings
    /// (Confluent S3 sink configuration_options; docs/streaming.md, Declaring an S3 sink).
    func readConnector(
        _ node: YAMLNode, sources: [KsqlSource], broken: Set<String> = [], templating: YAMLTemplating,
        _ bag: inout DiagnosticBag
    ) -> SinkConnector? {
        guard let m0 = DeclarationMapping(node, what: "a connector", known: StreamingLoader.connectorKeys, diagnostics: &bag) else { return nil }
        guard let (name, nameRange) = m0.required("name", &bag) else {
            m0.reportUnknownKeys(&bag)
            return nil
        }
        let what = "connector '\(name)'"
        guard let m = DeclarationMapping(node, what: what, known: StreamingLoader.connectorKeys, diagnostics: &bag) else { return nil }
        m.reportUnknownKeys(&bag)
        let errorsBefore = bag.errorCount
        var config: [String: String] = [
            "name": name, "connector.class": S3SinkSettings.connectorClass,
            "storage.class": S3SinkSettings.storageClass,
        ]
        var ranges: [String: SourceRange] = ["name": nameRange]
        func set(_ key: String, _ value: String, _ range: SourceRange?) {
            config[key] = value
            if let range { ranges[key] = range }
        }
        /// A scalar with << >> rendered.
        func text(_ mm: DeclarationMapping, _ key: String) -> (String, SourceRange)? {
            guard let (s, r) = mm.string(key, &bag) else { return nil }
            return (templating.render(s, at: r, diagnostics: &bag).0, r)
        }
        func required(_ mm: DeclarationMapping, _ key: String, hint: String? = nil) -> (String, SourceRange)? {
            guard let v = mm.required(key, &bag, hint: hint) else { return nil }
            return (templating.render(v.0, at: v.1, diagnostics: &bag).0, v.1)
        }
        func sub(_ key: String, _ known: [String], required isRequired: Bool = false) -> DeclarationMapping? {
            guard let n = m[key], !n.isNull else {
                if isRequired { bag.error("\(what) is missing required setting '\(key)'", at: m.firstKeyRange) }
                return nil
            }
            let mm = DeclarationMapping(n, what: "'\(key)' of \(what)", known: known, diagnostics: &bag)
            mm?.reportUnknownKeys(&bag)
            return mm
        }

        if let (t, tr) = m.string("type", &bag), t != "s3_sink" {
            bag.append(
                Diagnostic.error("unknown connector type '\(t)'", at: tr, hint: "swiftdbt declares Confluent S3 sinks: type: s3_sink")
                    .suggesting(t, from: ["s3_sink"]))
        }

        // What it reads.
        var stream: KsqlSource?
        var topics: [String] = []
        if let (s, sr) = m.string("stream", &bag) {
            if let found = sources.first(where: { $0.name == s.uppercased() }) {
                stream = found
                topics = [found.topic]
                set("topics", found.topic, sr)
            } else if broken.contains(s.uppercased()) {
                // The stream's own errors are reported already; the load fails on them.
            } else {
                bag.append(
                    Diagnostic.error("\(what) reads stream '\(s)', which is not declared", at: sr)
                        .suggesting(s.uppercased(), from: sources.map(\.name)))
            }
            if m["topics"] != nil { bag.error("give either 'stream' or 'topics' for \(what), not both", at: m.keyRange("topics")) }
        } else if let t = m["topics"], !t.isNull {
            topics = (t.items ?? [t]).compactMap(\.string)
            if topics.isEmpty { bag.error("'topics' of \(what) is empty", at: t.range) }
            set("topics", topics.joined(separator: ","), t.range)
        } else {
            bag.error(
                "\(what) is missing required setting 'stream'", at: m.firstKeyRange,
                hint: "name the declared stream it reads (stream: TICKS_ENRICHED_V2) or the raw topics (topics: [name])")
        }

        var feeds: [String]?
        if let (f, fr) = m.string("feeds", &bag) {
            let parts = f.split(separator: ".").map(String.init)
            if parts.count != 2 {
                bag.error("'feeds' of \(what) must name a source table as <source>.<table>, not '\(f)'", at: fr)
            } else {
                feeds = parts
                ranges["feeds"] = fr
                if let known = knownSourceTables, !known.contains(parts) {
                    let names = known.map { $0.joined(separator: ".") }
                    bag.append(
                        Diagnostic.error(
                            "\(what) feeds '\(f)', which is not a declared source table", at: fr,
                            hint: "declare it under sources: in a property file under models/"
                        )
                        .suggesting(f, from: names))
                }
            }
        }

        if let (n, r) = m.int("tasks_max", &bag) {
            set("tasks.max", String(n), r)
            if let p = stream?.partitions, n > p {
                bag.warning("tasks_max \(n) is more than the \(p) partitions of topic '\(stream?.topic ?? "")'; the extra tasks stay idle", at: r)
            }
        } else {
            set("tasks.max", "1", nil)
        }

        // S3.
        if let s3 = sub("s3", ["bucket", "endpoint", "path_style_access", "region", "topics_dir"], required: true) {
            if let (b, r) = required(s3, "bucket") { set("s3.bucket.name", b, r) }
            if let (rg, r) = required(s3, "region", hint: "the connector's default is us-west-2; say which region the bucket is in") {
                set("s3.region", rg, r)
            }
            if let (d, r) = text(s3, "topics_dir") { set("topics.dir", d, r) } else { set("topics.dir", "topics", nil) }
            if let (e, r) = text(s3, "endpoint") { set("store.url", e, r) }
            if let (p, r) = s3.bool("path_style_access", &bag) { set("s3.path.style.access.enabled", p ? "true" : "false", r) }
        }

        // Format.
        var isParquet = false
        if let f = sub("format", ["codec", "type"], required: true), let (t, tr) = f.required("type", &bag) {
            if let cls = S3SinkSettings.formats[t.lowercased()] {
                set("format.class", cls, tr)
                isParquet = t.lowercased() == "parquet"
            } else {
                bag.append(
                    Diagnostic.error(
                        "unknown format '\(t)' for \(what)", at: tr,
                        hint: "formats: \(S3SinkSettings.formats.keys.sorted().joined(separator: ", "))"
                    )
                    .suggesting(t.lowercased(), from: S3SinkSettings.formats.keys))
            }
            if let (c, cr) = f.string("codec", &bag) {
                if !isParquet {
                    bag.error("'codec' applies to parquet output only", at: cr)
                } else if !S3SinkSettings.parquetCodecs.contains(c.lowercased()) {
                    bag.append(
                        Diagnostic.error("unknown parquet codec '\(c)'", at: cr, hint: "codecs: \(S3SinkSettings.parquetCodecs.joined(separator: ", "))")
                            .suggesting(c.lowercased(), from: S3SinkSettings.parquetCodecs))
                } else {
                    set("parquet.codec", c.lowercased(), cr)
                }
            } else if isParquet {
                set("parquet.codec", "snappy", nil)
            }
        }

        // Flush and rotation.
        if let fl = sub("flush", ["rotate_interval_ms", "rotate_schedule_interval_ms", "size"], required: true) {
            if let (n, r) = fl.int("size", &bag) {
                set("flush.size", String(n), r)
            } else if fl["size"] == nil {
                bag.error(
                    "'flush' of \(what) is missing required setting 'size'", at: fl.firstKeyRange,
                    hint: "the number of records per file before it is committed, e.g. size: 10000")
            }
            // The sink commits a file only at flush.size records or a rotation (TopicPartitionWriter):
            // rotate.interval.ms compares record timestamps, so it fires only when a later record
            // arrives; rotate.schedule.interval.ms fires on the wall clock, even with no new data.
            if let (n, r) = fl.int("rotate_interval_ms", &bag) { set("rotate.interval.ms", String(n), r) }
            if let (n, r) = fl.int("rotate_schedule_interval_ms", &bag) { set("rotate.schedule.interval.ms", String(n), r) }
            if config["rotate.schedule.interval.ms"] == nil, let size = config["flush.size"] {
                let why =
                    config["rotate.interval.ms"] == nil
                    ? "no time-based rotation"
                    : "only rotate_interval_ms, which compares record times and fires only when a later record arrives"
                bag.warning(
                    "\(what) has \(why): up to \(Int(size).map { String($0 - 1) } ?? size) records per partition stay uncommitted "
                        + "(invisible in S3) until more arrive", at: m.keyRange("flush"),
                    hint: "add rotate_schedule_interval_ms (e.g. 600000), which commits on the wall clock; it needs partitioning.timezone")
            }
        }

        // Partitioning (TimeBasedPartitioner needs duration, path format, locale and timezone: PartitionerConfig).
        if let p = sub("partitioning", ["duration_ms", "fields", "locale", "path_format", "timestamp", "timestamp_field", "timezone", "type"]) {
            var type = p.string("type", &bag)?.0.lowercased() ?? (p["path_format"] != nil ? "time" : "default")
            if let cls = S3SinkSettings.partitioners[type] {
                set("partitioner.class", cls, p.keyRange("type"))
            } else {
                bag.append(
                    Diagnostic.error("unknown partitioning type '\(type)'", at: p.string("type", &bag)?.1)
                        .suggesting(type, from: S3SinkSettings.partitioners.keys))
                type = "default"
            }
            if ["time", "daily", "hourly"].contains(type) {
                if type == "time" {
                    if let (n, r) = p.int("duration_ms", &bag) {
                        set("partition.duration.ms", String(n), r)
                    } else if p["duration_ms"] == nil {
                        bag.error(
                            "time-based partitioning of \(what) is missing 'duration_ms'", at: p.firstKeyRange,
                            hint: "the width of one folder, e.g. 86400000 for a day")
                    }
                    if let (f, r) = text(p, "path_format") {
                        set("path.format", f, r)
                    } else {
                        bag.error(
                            "time-based partitioning of \(what) is missing 'path_format'", at: p.firstKeyRange,
                            hint: "a Joda pattern such as \"'dt'=YYYY-MM-dd\"")
                    }
                }
                for key in ["locale", "timezone"] {
                    if let (v, r) = text(p, key) {
                        set(key, v, r)
                    } else {
                        bag.error(
                            "time-based partitioning of \(what) is missing '\(key)'", at: p.firstKeyRange,
                            hint: key == "locale" ? "e.g. locale: en-US" : "e.g. timezone: UTC")
                    }
                }
                let (ts, tsr) = p.string("timestamp", &bag) ?? ("record", nil)
                if let ex = S3SinkSettings.extractors[ts.lowercased()] {
                    set("timestamp.extractor", ex, tsr)
                    if ex == "Wallclock" {
                        bag.warning("timestamp: wallclock puts records in folders by arrival time; record or field is deterministic", at: tsr)
                    }
                    if ex == "RecordField" {
                        if let (f, fr) = p.string("timestamp_field", &bag) {
                            set("timestamp.field", f, fr)
                            let cols = stream?.columns.map(\.name) ?? []
                            if !cols.isEmpty, !cols.contains(f) {
                                bag.append(
                                    Diagnostic.error(
                                        "timestamp_field '\(f)' is not a column of '\(stream?.name ?? "")'", at: fr,
                                        hint: "field names are case-sensitive and ksqlDB writes them upper-case"
                                    )
                                    .suggesting(f, from: cols))
                            }
                        } else {
                            bag.error("timestamp: field needs 'timestamp_field'", at: tsr ?? p.firstKeyRange)
                        }
                    }
                } else {
                    bag.append(
                        Diagnostic.error("unknown timestamp '\(ts)'", at: tsr, hint: "record, field or wallclock")
                            .suggesting(ts.lowercased(), from: S3SinkSettings.extractors.keys))
                }
            } else if let (v, r) = text(p, "timezone") {
                set("timezone", v, r)  // scheduled rotation needs it with any partitioner
            }
            if type == "field" {
                if let f = p["fields"], let items = f.items ?? [f] as [YAMLNode]? {
                    set("partition.field.name", items.compactMap(\.string).joined(separator: ","), f.range)
                } else {
                    bag.error("field partitioning of \(what) is missing 'fields'", at: p.firstKeyRange)
                }
            }
        }

        // Converters.
        var valueConverter: String?
        var valueSchemas = false
        if let c = sub("converters", ["key", "schema_registry_url", "schemas_enable", "value"]) {
            let registry = text(c, "schema_registry_url")
            let schemasEnable = c.bool("schemas_enable", &bag)
            for side in ["key", "value"] {
                guard let (v, r) = c.string(side, &bag) else { continue }
                let short = S3SinkSettings.converters.first { $0.value == v }?.key ?? v.lowercased()
                guard let cls = S3SinkSettings.converters[short] else {
                    // A full class name of another converter is the user's call.
                    if v.contains(".") {
                        set("\(side).converter", v, r)
                    } else {
                        bag.append(
                            Diagnostic.error(
                                "unknown converter '\(v)'", at: r,
                                hint: "converters: \(S3SinkSettings.converters.keys.sorted().joined(separator: ", ")) or a class name"
                            )
                            .suggesting(short, from: S3SinkSettings.converters.keys))
                    }
                    continue
                }
                set("\(side).converter", cls, r)
                if S3SinkSettings.registryConverters.contains(short) {
                    if let (u, ur) = registry {
                        set("\(side).converter.schema.registry.url", u, ur)
                    } else {
                        bag.error("the \(short) \(side) converter of \(what) needs 'schema_registry_url'", at: r)
                    }
                }
                if short == "json" {
                    let on = schemasEnable?.0 ?? false
                    set("\(side).converter.schemas.enable", on ? "true" : "false", schemasEnable?.1)
                    if side == "value" { valueSchemas = on }
                }
                if side == "value" { valueConverter = short }
            }
            // Key converter against the stream's key format (a sink reads the key bytes ksqlDB wrote in KEY_FORMAT).
            if let (k, kr) = c.string("key", &bag), let stream, let key = keyColumn(of: stream, in: sources) {
                let short = S3SinkSettings.converters.first { $0.value == k }?.key ?? k.lowercased()
                checkKeyConverter(short, range: kr, stream: stream, key: key, what: what, &bag)
            }
        }
        if isParquet {
            let schemaful = valueConverter.map { S3SinkSettings.registryConverters.contains($0) || ($0 == "json" && valueSchemas) } ?? false
            if !schemaful {
                let at = m["converters"]?["value"]?.range ?? m["format"]?["type"]?.range ?? m.firstKeyRange
                let why =
                    valueConverter == nil
                    ? "no value converter is declared, so the worker's default is used"
                    : "the \(valueConverter ?? "") converter gives records without a schema"
                bag.error(
                    "parquet output needs a value converter that carries a schema; \(why)", at: at,
                    hint: "use value: avro (with schema_registry_url), protobuf, json_schema, or json with schemas_enable: true")
            }
        }

        // Error handling.
        if let e = sub("errors", ["context_headers", "dead_letter_replication_factor", "dead_letter_topic", "log", "tolerance"]) {
            if let (t, r) = e.string("tolerance", &bag) {
                if ["all", "none"].contains(t.lowercased()) {
                    set("errors.tolerance", t.lowercased(), r)
                } else {
                    bag.append(Diagnostic.error("errors tolerance must be all or none, not '\(t)'", at: r).suggesting(t, from: ["all", "none"]))
                }
            }
            if let (d, r) = text(e, "dead_letter_topic") {
                set("errors.deadletterqueue.topic.name", d, r)
                set("errors.deadletterqueue.context.headers.enable", (e.bool("context_headers", &bag)?.0 ?? true) ? "true" : "false", nil)
                if config["errors.tolerance"] != "all" {
                    bag.warning("a dead letter topic only receives records when tolerance is all", at: r)
                }
            }
            if let (n, r) = e.int("dead_letter_replication_factor", &bag) { set("errors.deadletterqueue.topic.replication.factor", String(n), r) }
            if let (l, r) = e.bool("log", &bag) { set("errors.log.enable", l ? "true" : "false", r) }
        }
        if let (v, r) = m.string("on_null_values", &bag) {
            if ["fail", "ignore", "write"].contains(v.lowercased()) {
                set("behavior.on.null.values", v.lowercased(), r)
            } else {
                bag.append(
                    Diagnostic.error("on_null_values must be fail, ignore or write, not '\(v)'", at: r).suggesting(v, from: ["fail", "ignore", "write"]))
            }
        } else {
            // The connector's default, fail, stops the task at the first tombstone (a null value, which
            // a table's deletes and compaction produce); the sink writes values, so skip them.
            set("behavior.on.null.values", "ignore", nil)
        }

        // Raw Connect keys, checked against what the connector defines.
        if let raw = m["config"], !raw.isNull {
            if let entries = raw.entries {
                for (k, v) in entries {
                    guard let key = k.string else { continue }
                    if config[key] != nil, ranges[key] != nil || ["connector.class", "name", "storage.class"].contains(key) {
                        bag.append(
                            .error(
                                "'\(key)' is already set by the declaration of \(what)", at: k.range,
                                notes: ranges[key].map { [.note("set here", at: $0)] } ?? []))
                        continue
                    }
                    if !S3SinkSettings.knownKeys.contains(key), !S3SinkSettings.openPrefixes.contains(where: { key.hasPrefix($0) }) {
                        bag.append(
                            Diagnostic.warning(
                                "unknown S3 sink setting '\(key)'", at: k.range,
                                hint: "Kafka Connect ignores settings it does not define"
                            )
                            .suggesting(key, from: S3SinkSettings.knownKeys))
                    }
                    guard let s = v.string else {
                        bag.error("'\(key)' must be a single value, not \(v.kindName)", at: v.range)
                        continue
                    }
                    set(key, templating.render(s, at: v.range, diagnostics: &bag).0, k.range)
                }
            } else {
                bag.error("'config' of \(what) must be a mapping of Connect settings", at: raw.range)
            }
        }
        checkSettings(config, ranges: ranges, what: what, at: m.firstKeyRange, &bag)
        guard bag.errorCount == errorsBefore else { return nil }
        return SinkConnector(
            name: name, stream: stream?.name, topics: topics, feeds: feeds, config: config, range: nameRange,
            keyRanges: ranges)
    }

    /// Checks what the connector would refuse when it starts: enumerated values (S3SinkSettings.enumerated),
    /// a timezone Joda knows, the timezone scheduled rotation needs, rotate.interval.ms without a time-based
    /// partitioner (TopicPartitionWriter ignores it with a log line).
    func checkSettings(
        _ config: [String: String], ranges: [String: SourceRange], what: String, at fallback: SourceRange?,
        _ bag: inout DiagnosticBag
    ) {
        for key in S3SinkSettings.enumerated.keys.sorted() {
            guard let v = config[key], let allowed = S3SinkSettings.enumerated[key], !allowed.contains(v) else { continue }
            let list = allowed.count > 12 ? "see the S3 sink's documentation" : allowed.joined(separator: ", ")
            let hint = key == "s3.region" ? "the connector accepts the AWS regions its SDK knows, e.g. eu-west-1, ap-southeast-2" : "one of: \(list)"
            bag.append(
                Diagnostic.error("'\(v)' is not a valid \(key) for \(what)", at: ranges[key] ?? fallback, hint: hint)
                    .suggesting(v, from: allowed))
        }
        if let tz = config["timezone"], TimeZone(identifier: tz) == nil {
            bag.error("'\(tz)' is not a time zone ID for \(what)", at: ranges["timezone"] ?? fallback, hint: "an IANA name such as UTC or Europe/Paris")
        }
        if config["rotate.schedule.interval.ms"] != nil, (config["timezone"] ?? "").isEmpty {
            bag.error(
                "rotate_schedule_interval_ms of \(what) needs a timezone (the connector refuses to start without one)",
                at: ranges["rotate.schedule.interval.ms"] ?? fallback, hint: "set partitioning.timezone, e.g. timezone: UTC")
        }
        let timeBased =
            config["partitioner.class"].map {
                $0.hasSuffix("TimeBasedPartitioner") || $0.hasSuffix("DailyPartitioner")
                    || $0.hasSuffix("HourlyPartitioner")
            } ?? false
        if config["rotate.interval.ms"] != nil, !timeBased {
            bag.warning(
                "rotate_interval_ms of \(what) is ignored without a time-based partitioner", at: ranges["rotate.interval.ms"] ?? fallback,
                hint: "use rotate_schedule_interval_ms, which works with any partitioner")
        }
    }

    /// The single key column of a stream, following a derived stream to what it reads when it
    /// declares no columns and does not re-key (no PARTITION BY or GROUP BY).
    func keyColumn(of stream: KsqlSource, in sources: [KsqlSource]) -> KsqlColumn? {
        var s = stream
        for _ in 0..<sources.count + 1 {
            if !s.columns.isEmpty { return s.keyColumns.count == 1 ? s.keyColumns[0] : nil }
            guard let q = s.query, s.reads.count == 1 else { return nil }
            let words = KsqlQueryScanner.tokens(q).map(\.name)
            for (i, w) in words.enumerated() where (w == "PARTITION" || w == "GROUP") && words.indices.contains(i + 1) && words[i + 1] == "BY" {
                return nil
            }
            guard let next = sources.first(where: { $0.name == s.reads[0] }) else { return nil }
            s = next
        }
        return nil
    }

    func checkKeyConverter(
        _ short: String, range: SourceRange, stream: KsqlSource, key: KsqlColumn, what: String,
        _ bag: inout DiagnosticBag
    ) {
        guard short != "bytearray" else { return }  // raw bytes read any key
        switch stream.keyFormat {
        case .kafka:
            let expected = S3SinkSettings.kafkaKeyConverter(forKeyType: key.type)
            if let expected, short != expected {
                bag.error(
                    "the \(short) key converter cannot read the keys of '\(stream.name)': key_format KAFKA writes \(key.name) \(key.type) with Kafka's own serializer",
                    at: range, hint: "use key: \(expected) (or bytearray)")
            }
        case .avro, .protobuf, .jsonSR:
            let expected = stream.keyFormat == .avro ? "avro" : stream.keyFormat == .protobuf ? "protobuf" : "json_schema"
            if short != expected {
                bag.error(
                    "the \(short) key converter cannot read the \(stream.keyFormat.rawValue) keys of '\(stream.name)'", at: range,
                    hint: "use key: \(expected) (or bytearray)")
            }
        default:
            break
        }
    }
}
