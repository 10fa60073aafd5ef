import Foundation
import SDBasics

/// The part of a ksqlDB server the fake implements, as a value: a metastore of streams and tables
/// and their persistent queries, and the documented answers to statements (docs/streaming.md;
/// ksqlDB docs ksql-endpoint.md, create-stream.md, create-stream-as-select.md, drop-stream.md,
/// KLIP-28 for CREATE OR REPLACE).
public struct FakeKsqlEngine: Sendable {
    public struct Field: Sendable, Hashable {
        public var name: String
        public var type: String
        public var isKey: Bool
    }

    public struct Source: Sendable {
        public var name: String
        public var type: String  // STREAM or TABLE
        public var topic: String
        public var keyFormat: String
        public var valueFormat: String
        public var partitions: Int
        public var timestamp: String
        public var fields: [Field]
        public var statement: String
        /// The query writing it, for CSAS/CTAS.
        public var queryId: String?
        public var reads: [String]
    }

    public private(set) var sources: [String: Source] = [:]
    public private(set) var commandSequence = 0
    private var queryCounter = 0
    /// Topics and their partition counts (a topic outlives DROP without DELETE TOPIC).
    public private(set) var topics: [String: Int] = [:]
    /// Query ids terminated, in order.
    public private(set) var terminated: [String] = []
    /// Every statement received with its streamsProperties, in order.
    public private(set) var received: [(statement: String, properties: [String: String])] = []

    /// When set, commands answer EXECUTING (as when ksql.server.command.response.timeout.ms
    /// elapses) and finish only when `/status/{commandId}` is asked.
    public var answerExecuting = false
    private var pending: [String: String] = [:]

    public init() {}

    /// GET /status/{commandId}: the final status of a command (status-endpoint.md).
    public mutating func commandStatus(_ commandId: String) -> (Int, JSONValue) {
        guard let message = pending.removeValue(forKey: commandId) else {
            return (200, ["status": "SUCCESS", "message": "done"])
        }
        return (200, ["status": "SUCCESS", "message": .string(message)])
    }

    /// Creates a topic as if another producer had.
    public mutating func createTopic(_ name: String, partitions: Int) { topics[name] = partitions }

    /// Answers one POST /ksql body: HTTP status and JSON body.
    public mutating func handle(ksql: String, properties: [String: String]) -> (Int, JSONValue) {
        var entities: [JSONValue] = []
        for statement in FakeKsqlEngine.split(ksql) {
            received.append((statement, properties))
            switch execute(statement) {
            case .success(let e): entities.append(e)
            case .failure(let error):
                // A statement_error with the results of the statements that did run (KsqlStatementErrorMessage).
                return (
                    error.code / 100,
                    [
                        "@type": "statement_error", "error_code": .int(error.code), "message": .string(error.message),
                        "statementText": .string(statement), "entities": .array(entities),
                    ]
                )
            }
        }
        return (200, .array(entities))
    }

    struct Failure: Error {
        var code: Int
        var message: String
        init(_ message: String, code: Int = 40001) {
            self.code = code
            self.message = message
        }
    }

    /// Splits a request into statements at semicolons outside string literals.
    static func split(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var quoted = false
        for ch in text {
            if ch == "'" { quoted.toggle() }
            current.append(ch)
            if ch == ";", !quoted {
                let s = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !s.isEmpty, s != ";" { out.append(s) }
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { out.append(rest) }
        return out
    }

    mutating func execute(_ statement: String) -> Result<JSONValue, Failure> {
        let tokens = FakeSQL.tokens(statement)
        let upper = tokens.map { $0.uppercased() }
        func starts(_ words: String...) -> Bool { upper.starts(with: words) }
        do {
            if starts("LIST", "STREAMS") || starts("SHOW", "STREAMS") { return .success(list("STREAM", extended: upper.contains("EXTENDED"), statement)) }
            if starts("LIST", "TABLES") || starts("SHOW", "TABLES") { return .success(list("TABLE", extended: upper.contains("EXTENDED"), statement)) }
            if starts("SHOW", "QUERIES") || starts("LIST", "QUERIES") {
                return .success(["@type": "queries", "statementText": .string(statement), "queries": .array(allQueries()), "warnings": []])
            }
            if starts("DESCRIBE") {
                let name = upper.count > 1 ? upper[1] : ""
                guard let s = sources[name] else { throw Failure("Could not find STREAM/TABLE '\(name)' in the Metastore", code: 40001) }
                return .success(["@type": "sourceDescription", "statementText": .string(statement), "sourceDescription": describe(s), "warnings": []])
            }
            if starts("DROP") { return .success(try drop(upper, statement)) }
            if starts("TERMINATE") { return .success(try terminate(tokens, statement)) }
            if starts("CREATE") { return .success(try create(tokens, upper, statement)) }
            throw Failure("line 1:1: Syntax Error", code: 40000)
        } catch let f as Failure {
            return .failure(f)
        } catch {
            return .failure(Failure("\(error)", code: 50000))
        }
    }

    private mutating func status(_ commandId: String, _ message: String, queryId: String? = nil, _ statement: String) -> JSONValue {
        commandSequence += 1
        var commandStatus: [String: JSONValue] = ["status": "SUCCESS", "message": .string(message)]
        if answerExecuting {
            pending[commandId] = message
            commandStatus = ["status": "EXECUTING", "message": "Executing statement"]
        }
        commandStatus["queryId"] = queryId.map { .string($0) } ?? .null
        return [
            "@type": "currentStatus", "statementText": .string(statement), "commandId": .string(commandId),
            "commandStatus": .object(commandStatus), "commandSequenceNumber": .int(commandSequence), "warnings": [],
        ]
    }

    private mutating func drop(_ upper: [String], _ statement: String) throws -> JSONValue {
        guard upper.count >= 3, ["STREAM", "TABLE"].contains(upper[1]) else { throw Failure("line 1:1: Syntax Error", code: 40000) }
        let ifExists = upper.count > 4 && upper[2] == "IF" && upper[3] == "EXISTS"
        let name = ifExists ? upper[4] : upper[2]
        guard let s = sources[name] else {
            if ifExists { return status("\(upper[1].lowercased())/`\(name)`/drop", "Source `\(name)` does not exist.", statement) }
            throw Failure("\(upper[1].capitalized) \(name) does not exist.")
        }
        let readers = sources.values.filter { $0.reads.contains(name) }.compactMap(\.queryId).sorted()
        if !readers.isEmpty {
            // EngineContext: queries reading the source block the drop.
            throw Failure(
                "Cannot drop \(name).\nThe following queries read from this source: [\(readers.joined(separator: ", "))].\n"
                    + "You need to terminate them before dropping \(name).")
        }
        // Since 0.15 dropping a CSAS sink terminates its query (PR #6143).
        sources[name] = nil
        return status("\(upper[1].lowercased())/`\(name)`/drop", "Source `\(name)` (topic: \(s.topic)) was dropped.", statement)
    }

    /// TERMINATE <query id> (terminate.md): the query stops, its sink stays (without a writer).
    /// Ids are case-sensitive as SHOW QUERIES prints them; an unknown one is a statement_error.
    private mutating func terminate(_ tokens: [String], _ statement: String) throws -> JSONValue {
        guard tokens.count == 2 else { throw Failure("line 1:1: Syntax Error", code: 40000) }
        let id = tokens[1]
        guard let name = sources.first(where: { $0.value.queryId?.uppercased() == id.uppercased() })?.key else {
            throw Failure("Unknown queryId: \(id)")
        }
        sources[name]?.queryId = nil
        terminated.append(id)
        return status("terminate/\(id)/execute", "Query terminated.", statement)
    }

    private mutating func create(_ tokens: [String], _ upper: [String], _ statement: String) throws -> JSONValue {
        var i = 1
        var orReplace = false
        if upper.count > 2, upper[1] == "OR", upper[2] == "REPLACE" { orReplace = true; i = 3 }
        if i < upper.count, upper[i] == "SOURCE" { i += 1 }
        guard i + 1 < upper.count, ["STREAM", "TABLE"].contains(upper[i]) else { throw Failure("line 1:1: Syntax Error", code: 40000) }
        let type = upper[i]
        var j = i + 1
        var ifNotExists = false
        if j + 2 < upper.count, upper[j] == "IF", upper[j + 1] == "NOT", upper[j + 2] == "EXISTS" { ifNotExists = true; j += 3 }
        let name = upper[j]
        j += 1
        var fields: [Field] = []
        if j < tokens.count, tokens[j] == "(" {
            // Column list: name type [KEY | PRIMARY KEY], …
            var depth = 0
            var item: [String] = []
            j += 1
            func flush() throws {
                guard item.count >= 2 else { return }
                var words = item
                var isKey = false
                if words.last?.uppercased() == "KEY" {
                    isKey = true
                    words.removeLast()
                    if words.last?.uppercased() == "PRIMARY" { words.removeLast() }
                }
                fields.append(Field(name: words[0].uppercased(), type: FakeSQL.canonicalType(words.dropFirst().joined(separator: " ")), isKey: isKey))
                item = []
            }
            while j < tokens.count {
                let t = tokens[j]
                if t == "(" || t == "<" { depth += 1 }
                if t == ")" || t == ">" {
                    if depth == 0 { break }
                    depth -= 1
                }
                if t == ",", depth == 0 { try flush() } else { item.append(t) }
                j += 1
            }
            try flush()
            j += 1
        }
        var with: [String: String] = [:]
        if j < upper.count, upper[j] == "WITH" {
            j += 2  // WITH (
            while j < tokens.count, tokens[j] != ")" {
                if j + 2 < tokens.count, tokens[j + 1] == "=" {
                    with[upper[j]] = FakeSQL.unquote(tokens[j + 2])
                    j += 3
                } else {
                    j += 1
                }
            }
            j += 1
        }
        var query: String?
        if j < upper.count, upper[j] == "AS" {
            query = tokens[(j + 1)...].joined(separator: " ")
        }
        if let existing = sources[name], !orReplace {
            if ifNotExists {
                return [
                    "@type": "warning_entity", "statementText": .string(statement),
                    "message": .string("Cannot add \(type.lowercased()) \(name): A \(existing.type.lowercased()) with the same name already exists."),
                    "warnings": [],
                ]
            }
            throw Failure("Cannot add \(type.lowercased()) '\(name)': A \(existing.type.lowercased()) with the same name already exists")
        }
        guard let valueFormat = with["VALUE_FORMAT"] ?? with["FORMAT"] else {
            throw Failure(
                "Statement is missing the 'VALUE_FORMAT' property from the WITH clause. Either provide one or set a default via the 'ksql.persistence.default.format.value' config."
            )
        }
        let keyFormat = with["KEY_FORMAT"] ?? with["FORMAT"] ?? "KAFKA"
        var reads: [String] = []
        if let query {
            let q = FakeSQL.tokens(query).map { $0.uppercased() }
            for (k, w) in q.enumerated() where (w == "FROM" || w == "JOIN") && k + 1 < q.count { reads.append(q[k + 1]) }
            for r in reads where sources[r] == nil { throw Failure("Exception while preparing statement: \(r) does not exist.") }
            fields = try projection(query, reads: reads)
        } else if fields.isEmpty {
            throw Failure("The statement does not define any columns.")
        }
        if type == "TABLE", query == nil, !fields.contains(where: \.isKey) {
            throw Failure("Tables require a PRIMARY KEY. Please define the PRIMARY KEY.")
        }
        guard let topic = with["KAFKA_TOPIC"] ?? (query != nil ? name : nil) else {
            throw Failure("Missing required property \"KAFKA_TOPIC\" which has no default value.")
        }
        var partitions = topics[topic]
        if let p = with["PARTITIONS"].flatMap(Int.init) {
            if let existing = partitions, existing != p {
                throw Failure(
                    "A Kafka topic with the name '\(topic)' already exists, with different partition/replica configuration than required. KSQL expects \(p) partitions (topic has \(existing))."
                )
            }
            partitions = p
        }
        guard let partitions else {
            throw Failure(
                "Topic '\(topic)' does not exist. If you want to create a new topic for the stream/table please re-run the statement providing the required 'PARTITIONS' configuration in the WITH clause (and optionally 'REPLICAS')."
            )
        }
        // The server keeps its formatter's rendering, with the defaults it injected (FakeFormatter).
        var kept = with
        kept["FORMAT"] = nil
        kept["KEY_FORMAT"] = keyFormat
        kept["VALUE_FORMAT"] = valueFormat
        kept["KAFKA_TOPIC"] = topic
        kept["PARTITIONS"] = String(partitions)
        kept["REPLICAS"] = with["REPLICAS"] ?? "1"
        let known = sources
        let formatted =
            query.flatMap { q in
                FakeFormatter.createAs(type: type, name: name, orReplace: orReplace, properties: kept, query: q) { known[$0]?.fields.map(\.name) ?? [] }
            } ?? (query == nil ? FakeFormatter.createSource(type: type, name: name, orReplace: orReplace, fields: fields, properties: kept) : statement)
        var source = Source(
            name: name, type: type, topic: topic, keyFormat: keyFormat, valueFormat: valueFormat, partitions: partitions,
            timestamp: with["TIMESTAMP"]?.uppercased() ?? "", fields: fields, statement: formatted, queryId: nil, reads: reads)
        if let old = sources[name] {
            try FakeKsqlEngine.checkUpgrade(from: old, to: source)
            source.queryId = old.queryId
            sources[name] = source
            if let qid = old.queryId { return status("\(type.lowercased())/`\(name)`/create", "Created query with ID \(qid)", queryId: qid, statement) }
            return status("\(type.lowercased())/`\(name)`/create", "\(type.capitalized) created", statement)
        }
        topics[topic] = partitions
        if query != nil {
            queryCounter += 1
            let qid = "\(type == "STREAM" ? "CSAS" : "CTAS")_\(name)_\(queryCounter)"
            source.queryId = qid
            sources[name] = source
            return status("\(type.lowercased())/`\(name)`/create", "Created query with ID \(qid)", queryId: qid, statement)
        }
        sources[name] = source
        return status("\(type.lowercased())/`\(name)`/create", "\(type.capitalized) created", statement)
    }

    /// StructuredDataSource.canUpgradeTo and the query plan checks of KLIP-28.
    static func checkUpgrade(from old: Source, to new: Source) throws {
        func refuse(_ why: String) -> Failure {
            Failure("Cannot upgrade data source: DataSource '\(old.name)' \(why)")
        }
        if old.type != new.type { throw refuse("has type = \(old.type) which is not upgradeable to \(new.type)") }
        if old.topic != new.topic || old.keyFormat != new.keyFormat || old.valueFormat != new.valueFormat {
            throw refuse(
                "has topic = \(old.topic) (\(old.keyFormat)/\(old.valueFormat)) which is not upgradeable to \(new.topic) (\(new.keyFormat)/\(new.valueFormat))")
        }
        if old.timestamp != new.timestamp { throw refuse("has timestampColumn = \(old.timestamp) which is not upgradeable to \(new.timestamp)") }
        let oldKeys = old.fields.filter(\.isKey), newKeys = new.fields.filter(\.isKey)
        let oldValues = old.fields.filter { !$0.isKey }, newValues = new.fields.filter { !$0.isKey }
        if oldKeys != newKeys || newValues.count < oldValues.count || Array(newValues.prefix(oldValues.count)) != oldValues {
            throw refuse("has schema = \(describe(old.fields)) which is not upgradeable to \(describe(new.fields))")
        }
        if (old.queryId == nil) != new.reads.isEmpty {
            throw Failure("Cannot upgrade data source: DataSource '\(old.name)' changes between a source and a query")
        }
        if old.reads != new.reads {
            throw Failure("Query is not upgradeable. Plan step of type StreamSource must have matching topicName.")
        }
        let words = Set(FakeSQL.tokens(new.statement).map { $0.uppercased() })
        if words.contains("JOIN") { throw Failure("Upgrades not yet supported for StreamStreamJoin") }
        if words.contains("GROUP") || words.contains("WINDOW") { throw Failure("Upgrades not yet supported for StreamAggregate") }
    }

    static func describe(_ fields: [Field]) -> String {
        fields.map { "`\($0.name)` \($0.type)\($0.isKey ? " KEY" : "")" }.joined(separator: ", ")
    }

    /// The columns a SELECT produces: the alias or the column name, the type of a plain column, a
    /// key when it is the source's key (streams keep their key without PARTITION BY).
    func projection(_ query: String, reads: [String]) throws -> [Field] {
        let tokens = FakeSQL.tokens(query)
        guard let selectAt = tokens.firstIndex(where: { $0.uppercased() == "SELECT" }) else { throw Failure("line 1:1: Syntax Error", code: 40000) }
        let fromAt = tokens.firstIndex(where: { $0.uppercased() == "FROM" }) ?? tokens.count
        let sourceFields = reads.compactMap { sources[$0]?.fields }.flatMap { $0 }
        var items: [[String]] = [[]]
        var depth = 0
        for t in tokens[(selectAt + 1)..<fromAt] {
            if t == "(" { depth += 1 }
            if t == ")" { depth -= 1 }
            if t == ",", depth == 0 { items.append([]) } else { items[items.count - 1].append(t) }
        }
        var out: [Field] = []
        for item in items where !item.isEmpty {
            if item == ["*"] {
                out += sourceFields
                continue
            }
            let name: String
            var expression = item
            if item.count >= 3, item[item.count - 2].uppercased() == "AS" {
                name = item[item.count - 1].uppercased()
                expression = Array(item.dropLast(2))
            } else {
                name = item[item.count - 1].uppercased()
            }
            let plain = expression.count == 1 ? sourceFields.first { $0.name == expression[0].uppercased() } : nil
            var type = plain?.type ?? "DOUBLE"
            let head = expression.first?.uppercased() ?? ""
            if head == "FROM_UNIXTIME" { type = "TIMESTAMP" }
            if head == "AS_VALUE", expression.count >= 3 { type = sourceFields.first { $0.name == expression[2].uppercased() }?.type ?? "STRING" }
            out.append(Field(name: name, type: type, isKey: plain?.isKey ?? false))
        }
        let keys = out.filter(\.isKey)
        return keys + out.filter { !$0.isKey }
    }

    func allQueries() -> [JSONValue] {
        sources.values.filter { $0.queryId != nil }.sorted { $0.name < $1.name }.map(query)
    }

    func query(_ s: Source) -> JSONValue {
        [
            "queryString": .string(s.statement), "sinks": [.string(s.name)], "sinkKafkaTopics": [.string(s.topic)],
            "id": .string(s.queryId ?? ""), "statusCount": ["RUNNING": 1], "queryType": "PERSISTENT", "state": "RUNNING",
        ]
    }

    /// A SourceDescription (SourceDescription.java; FieldInfo: `type` only on KEY/HEADER columns).
    func describe(_ s: Source) -> JSONValue {
        let fields: [JSONValue] = s.fields.map { f in
            var o: [String: JSONValue] = ["name": .string(f.name), "schema": ["type": .string(f.type), "fields": nil, "memberSchema": nil]]
            if f.isKey { o["type"] = "KEY" }
            return .object(o)
        }
        let readers = sources.values.filter { $0.reads.contains(s.name) }.sorted { $0.name < $1.name }.map(query)
        return [
            "name": .string(s.name), "windowType": nil, "readQueries": .array(readers),
            "writeQueries": s.queryId == nil ? [] : [query(s)], "fields": .array(fields), "type": .string(s.type),
            "timestamp": .string(s.timestamp), "statistics": "", "errorStats": "", "extended": true,
            "keyFormat": .string(s.keyFormat), "valueFormat": .string(s.valueFormat), "topic": .string(s.topic),
            "partitions": .int(s.partitions), "replication": 1, "statement": .string(s.statement),
            "queryOffsetSummaries": [], "sourceConstraints": [],
        ]
    }

    func list(_ type: String, extended: Bool, _ statement: String) -> JSONValue {
        let chosen = sources.values.filter { $0.type == type }.sorted { $0.name < $1.name }
        if extended {
            return [
                "@type": "source_descriptions", "statementText": .string(statement), "sourceDescriptions": .array(chosen.map(describe)),
                "warnings": [],
            ]
        }
        let key = type == "STREAM" ? "streams" : "tables"
        var o: [String: JSONValue] = ["@type": .string(key), "statementText": .string(statement), "warnings": []]
        o[key] = .array(
            chosen.map { s in
                [
                    "type": .string(s.type), "name": .string(s.name), "topic": .string(s.topic), "keyFormat": .string(s.keyFormat),
                    "valueFormat": .string(s.valueFormat), "isWindowed": false,
                ]
            })
        return .object(o)
    }
}
