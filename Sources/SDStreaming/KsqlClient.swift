import Foundation
import SDBasics
import SDHTTP

/// ksqlDB's REST API: `/ksql` for every statement (one per request), `/info` for the version
/// (ksqlDB docs: developer-guide/ksqldb-rest-api ksql-endpoint.md, info-endpoint.md).
public struct KsqlClient: Sendable {
    public var endpoint: StreamingEndpoint
    public var baseURL: String { endpoint.baseURL }

    public init(baseURL: String, transport: any HTTPTransport) {
        endpoint = StreamingEndpoint(baseURL: baseURL, transport: transport)
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
        let request = endpoint.request(
            "POST", "/ksql", headers: ["Accept": KsqlClient.mediaType, "Content-Type": KsqlClient.mediaType],
            body: JSONValue.object(body).serialized(indent: 0))
        let response = try await endpoint.send(request)
        guard let json = response.json else {
            throw StreamingTransportError(url: request.url, reason: "HTTP \(response.status) with a body that is not JSON: \(response.text.prefix(200))")
        }
        if response.status == 200, let entities = json.arrayValue {
            return .success(entities)
        }
        // statement_error / generic_error: a single object (KsqlErrorMessage, KsqlStatementErrorMessage).
        let code = json["error_code"]?.intValue ?? response.status * 100
        let message = json["message"]?.stringValue ?? response.text
        return .rejected(code: code, message: message, statementText: json["statementText"]?.stringValue)
    }

    /// Executes one statement and, when the server answered before the command finished (a
    /// QUEUED/PARSING/EXECUTING status after ksql.server.command.response.timeout.ms), polls
    /// `GET /status/{commandId}` until it is final (ksql-endpoint.md, status-endpoint.md).
    public func executeAndWait(
        _ ksql: String, properties: [String: String] = [:], attempts: Int = 120,
        pause: Duration = .milliseconds(250)
    ) async throws -> Outcome {
        let outcome = try await execute(ksql, properties: properties)
        guard case .success(var entities) = outcome else { return outcome }
        for (i, e) in entities.enumerated() {
            guard let id = e["commandId"]?.stringValue, let status = e["commandStatus"]?["status"]?.stringValue,
                ["QUEUED", "PARSING", "EXECUTING"].contains(status)
            else { continue }
            let encoded = id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? id
            var final: JSONValue?
            for attempt in 0..<attempts {
                if attempt > 0 { try await Task.sleep(for: pause) }
                let r = try await endpoint.send(endpoint.request("GET", "/status/" + encoded, headers: ["Accept": KsqlClient.mediaType]))
                guard let doc = r.json, let s = doc["status"]?.stringValue else { continue }
                if s == "ERROR" {
                    return .rejected(code: 50000, message: doc["message"]?.stringValue ?? "command failed", statementText: ksql)
                }
                if !["QUEUED", "PARSING", "EXECUTING"].contains(s) {
                    final = doc
                    break
                }
            }
            guard let final else {
                throw StreamingTransportError(url: baseURL + "/status/" + encoded, reason: "command \(id) did not finish")
            }
            if case .object(var o) = e { o["commandStatus"] = final; entities[i] = .object(o) }
        }
        return .success(entities)
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
        let r = try await endpoint.send(endpoint.request("GET", "/info", headers: ["Accept": KsqlClient.mediaType]))
        return r.json?["KsqlServerInfo"]?["version"]?.stringValue
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
        return LiveQuery(
            id: id, queryString: q["queryString"]?.stringValue ?? "", state: q["state"]?.stringValue ?? "UNKNOWN",
            sinks: (q["sinks"]?.arrayValue ?? []).compactMap(\.stringValue))
    }
}
