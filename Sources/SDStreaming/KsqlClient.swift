import SDBasics

/// ksqlDB's REST API: `/ksql` for every statement (one per request), `/info` for the version
/// (streaming.md §1; ksql-endpoint.md, info-endpoint.md).
public struct KsqlClient: Sendable {
    public var baseURL: String
    public var transport: any StreamingTransport

    public init(baseURL: String, transport: any StreamingTransport) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.transport = transport
    }

    /// What the server said to one statement.
    public enum Outcome: Sendable, Equatable {
        /// HTTP 200: the entities (currentStatus, source_descriptions, …).
        case success([JSONValue])
        /// A statement_error or generic_error: code, message and the statement text the server echoed.
        case rejected(code: Int, message: String, statementText: String?)
    }

    static let mediaType = "application/vnd.ksql.v1+json"

    /// POSTs one statement with its streamsProperties.
    public func execute(_ ksql: String, properties: [String: String] = [:]) async throws -> Outcome {
        var body: [String: JSONValue] = ["ksql": .string(ksql)]
        if !properties.isEmpty { body["streamsProperties"] = .object(properties.mapValues { .string($0) }) }
        let request = StreamingRequest(method: "POST", url: baseURL + "/ksql",
                                       headers: ["Accept": KsqlClient.mediaType, "Content-Type": KsqlClient.mediaType],
                                       body: JSONValue.object(body).serialized(indent: 0))
        let response = try await transport.send(request)
        guard let json = JSONReading.parse(response.body) else {
            throw StreamingTransportError(url: request.url, reason: "HTTP \(response.status) with a body that is not JSON: \(response.body.prefix(200))")
        }
        if response.status == 200, let entities = json.arrayValue {
            return .success(entities)
        }
        // statement_error / generic_error: a single object (KsqlErrorMessage, KsqlStatementErrorMessage).
        let code = json["error_code"]?.intValue ?? response.status * 100
        let message = json["message"]?.stringValue ?? response.body
        return .rejected(code: code, message: message, statementText: json["statementText"]?.stringValue)
    }

    /// Every stream and table with its fields and queries (LIST STREAMS EXTENDED; LIST TABLES EXTENDED).
    public func sources() async throws -> [LiveSource] {
        var out: [LiveSource] = []
        for statement in ["LIST STREAMS EXTENDED;", "LIST TABLES EXTENDED;"] {
            switch try await execute(statement) {
            case .success(let entities):
                for e in entities {
                    for d in e["sourceDescriptions"]?.arrayValue ?? [] {
                        if let s = KsqlClient.source(d) { out.append(s) }
                    }
                }
            case .rejected(let code, let message, _):
                throw StreamingTransportError(url: baseURL + "/ksql", reason: "\(statement) failed (\(code)): \(message)")
            }
        }
        return out.sorted { $0.name < $1.name }
    }

    /// Persistent queries (SHOW QUERIES).
    public func queries() async throws -> [LiveQuery] {
        switch try await execute("SHOW QUERIES;") {
        case .success(let entities):
            return entities.flatMap { $0["queries"]?.arrayValue ?? [] }.compactMap(KsqlClient.query).sorted { $0.id < $1.id }
        case .rejected(let code, let message, _):
            throw StreamingTransportError(url: baseURL + "/ksql", reason: "SHOW QUERIES failed (\(code)): \(message)")
        }
    }

    /// The server version from `/info`.
    public func version() async throws -> String? {
        let r = try await transport.send(StreamingRequest(method: "GET", url: baseURL + "/info", headers: ["Accept": KsqlClient.mediaType]))
        return JSONReading.parse(r.body)?["KsqlServerInfo"]?["version"]?.stringValue
    }

    /// A SourceDescription (SourceDescription.java, FieldInfo.java).
    static func source(_ d: JSONValue) -> LiveSource? {
        guard let name = d["name"]?.stringValue else { return nil }
        let kind: KsqlSource.Kind = d["type"]?.stringValue == "TABLE" ? .table : .stream
        var fields: [KsqlColumn] = []
        for f in d["fields"]?.arrayValue ?? [] {
            guard let fname = f["name"]?.stringValue else { continue }
            let type = f["schema"]?["type"]?.stringValue ?? ""
            let fieldType = f["type"]?.stringValue
            if fieldType == "HEADER" { continue }
            fields.append(KsqlColumn(name: fname, type: type, isKey: fieldType == "KEY"))
        }
        let ts = d["timestamp"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        return LiveSource(
            name: name, kind: kind, topic: d["topic"]?.stringValue ?? "", keyFormat: d["keyFormat"]?.stringValue ?? "",
            valueFormat: d["valueFormat"]?.stringValue ?? "", partitions: d["partitions"]?.intValue, timestamp: ts, fields: fields,
            writeQueries: (d["writeQueries"]?.arrayValue ?? []).compactMap(query),
            readQueries: (d["readQueries"]?.arrayValue ?? []).compactMap(query))
    }

    /// A RunningQuery.
    static func query(_ q: JSONValue) -> LiveQuery? {
        guard let id = q["id"]?.stringValue else { return nil }
        return LiveQuery(id: id, queryString: q["queryString"]?.stringValue ?? "", state: q["state"]?.stringValue ?? "UNKNOWN",
                         sinks: (q["sinks"]?.arrayValue ?? []).compactMap(\.stringValue))
    }
}
