import Foundation
import SDBasics
import SDHTTP

/// Kafka Connect's REST API (apache/kafka docs/connect.html §REST API).
public struct ConnectClient: Sendable {
    public var endpoint: StreamingEndpoint
    public var baseURL: String { endpoint.baseURL }

    public init(baseURL: String, transport: any HTTPTransport) {
        endpoint = StreamingEndpoint(baseURL: baseURL, transport: transport)
    }

    static let json = ["Accept": "application/json", "Content-Type": "application/json"]

    /// How often a 409 (a rebalance in progress) is retried, and the bound of the first pause; the
    /// pauses grow by `HTTPRetryPolicy` (doubling, full jitter, at most 8 × `conflictPause`), so
    /// several clients do not knock on a rebalancing worker in step.
    public var conflictRetries = 5
    public var conflictPause: Duration = .seconds(1)

    var conflictPolicy: HTTPRetryPolicy {
        let pause = Double(conflictPause.components.seconds) + Double(conflictPause.components.attoseconds) / 1e18
        return HTTPRetryPolicy(maxAttempts: conflictRetries + 1, maxBackoff: pause * 8, baseDelay: pause)
    }

    /// Sends, retrying while the worker answers 409: it rejects requests during a rebalance
    /// (connect.html, "409 … rebalance").
    private func send(_ method: String, _ path: String, body: String? = nil) async throws -> HTTPResponse {
        let retrying = HTTPRetrying(transport: endpoint, policy: conflictPolicy)
        return try await retrying.send(endpoint.request(method, path, headers: ConnectClient.json, body: body)) { $0.status == 409 }
    }

    private func failure(_ r: HTTPResponse, _ what: String) -> StreamingTransportError {
        let message = r.json?["message"]?.stringValue ?? r.text
        return StreamingTransportError(url: baseURL, reason: "\(what): HTTP \(r.status): \(message)")
    }

    static func path(_ name: String) -> String {
        name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? name
    }

    /// The connector's config, nil when it does not exist (404).
    public func config(of name: String) async throws -> [String: String]? {
        let r = try await send("GET", "/connectors/\(ConnectClient.path(name))/config")
        if r.status == 404 { return nil }
        guard r.status == 200, let o = r.json?.objectValue else { throw failure(r, "GET config of \(name)") }
        var out: [String: String] = [:]
        for (k, v) in o {
            switch v {
            case .string(let s): out[k] = s
            case .int(let i): out[k] = String(i)
            default: out[k] = v.serialized(indent: 0)
            }
        }
        return out
    }

    /// Validates a config with the plugin's validate endpoint; the settings it rejects.
    public func validate(plugin: String, config: [String: String]) async throws -> [ConnectValidationError] {
        let body = JSONValue.object(config.mapValues { .string($0) }).serialized(indent: 0)
        let r = try await send("PUT", "/connector-plugins/\(ConnectClient.path(plugin))/config/validate", body: body)
        guard r.status == 200, let doc = r.json else { throw failure(r, "validate \(plugin)") }
        guard (doc["error_count"]?.intValue ?? 0) > 0 else { return [] }
        var out: [ConnectValidationError] = []
        for c in doc["configs"]?.arrayValue ?? [] {
            let errors = (c["value"]?["errors"]?.arrayValue ?? []).compactMap(\.stringValue)
            guard !errors.isEmpty else { continue }
            out.append(ConnectValidationError(key: c["value"]?["name"]?.stringValue ?? c["definition"]?["name"]?.stringValue ?? "?", messages: errors))
        }
        return out.sorted { $0.key < $1.key }
    }

    /// PUT …/config (create or update); the HTTP status (201 created, 200 updated) or a thrown error.
    public func put(name: String, config: [String: String]) async throws -> Int {
        let body = JSONValue.object(config.mapValues { .string($0) }).serialized(indent: 0)
        let r = try await send("PUT", "/connectors/\(ConnectClient.path(name))/config", body: body)
        guard r.status == 200 || r.status == 201 else { throw failure(r, "PUT config of \(name)") }
        return r.status
    }

    /// Every connector's name (GET /connectors).
    public func list() async throws -> [String] {
        let r = try await send("GET", "/connectors")
        guard r.status == 200, let names = r.json?.arrayValue else { throw failure(r, "GET /connectors") }
        return names.compactMap(\.stringValue).sorted()
    }

    /// DELETE /connectors/{name}: 204 when deleted, 404 when it was already gone (connect.html).
    public func delete(name: String) async throws -> Int {
        let r = try await send("DELETE", "/connectors/\(ConnectClient.path(name))")
        guard r.status == 204 || r.status == 200 || r.status == 404 else { throw failure(r, "DELETE \(name)") }
        return r.status
    }

    /// The connector's status, nil when it does not exist.
    public func status(of name: String) async throws -> ConnectorStatus? {
        let r = try await send("GET", "/connectors/\(ConnectClient.path(name))/status")
        if r.status == 404 { return nil }
        guard r.status == 200, let d = r.json else { throw failure(r, "GET status of \(name)") }
        let tasks = (d["tasks"]?.arrayValue ?? []).map { t in
            ConnectorStatus.Task(
                id: t["id"]?.intValue ?? 0, state: t["state"]?.stringValue ?? "UNKNOWN",
                workerId: t["worker_id"]?.stringValue ?? "", trace: t["trace"]?.stringValue)
        }.sorted { $0.id < $1.id }
        return ConnectorStatus(
            name: name, state: d["connector"]?["state"]?.stringValue ?? "UNKNOWN",
            workerId: d["connector"]?["worker_id"]?.stringValue ?? "", trace: d["connector"]?["trace"]?.stringValue,
            tasks: tasks)
    }
}
