import FlyingFox
import Foundation
import SDBasics

/// An in-memory Athena + Glue + S3 (path-style) on one local HTTP port, for tests and for trying
/// the Athena target without an account: point `AWS_ENDPOINT_URL` at `endpoint`.
///
/// It does not check signatures (moto does that in SDAWSTests); it follows the documented
/// request and response shapes, and injects the faults in `state`.
public final class FakeAWSServer: @unchecked Sendable {
    public let state: FakeAWSState
    private let server: HTTPServer
    private var task: Task<Void, any Error>?
    public private(set) var port: UInt16 = 0

    /// `port` 0 lets the kernel choose a free one.
    public init(state: FakeAWSState, host: String = "127.0.0.1", port: UInt16 = 0) throws {
        self.state = state
        server = HTTPServer(address: try .inet(ip4: host, port: port), timeout: 600, logger: .disabled)
    }

    /// `http://127.0.0.1:<port>`.
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Starts listening; returns the endpoint.
    @discardableResult
    public func start() async throws -> String {
        let state = self.state
        await server.appendRoute("*") { request in await FakeAWSServer.answer(request, state: state) }
        task = Task { [server] in try await server.run() }
        try await server.waitUntilListening(timeout: 10)
        if case .ip4(_, let listening) = await server.listeningAddress { port = listening }
        return endpoint
    }

    public func stop() async {
        await server.stop(timeout: 1)
        task?.cancel()
    }

    static func answer(_ request: FlyingFox.HTTPRequest, state: FakeAWSState) async -> FlyingFox.HTTPResponse {
        var headers: [String: String] = [:]
        for (name, value) in request.headers { headers[name.rawValue.lowercased()] = value }
        var query: [String: String] = [:]
        for item in request.query { query[item.name] = item.value }
        let body = (try? await request.bodyData) ?? Data()
        let target = headers["x-amz-target"] ?? ""
        let operation: String
        let service: String
        if target.hasPrefix("AmazonAthena.") {
            service = "athena"
            operation = String(target.dropFirst("AmazonAthena.".count))
        } else if target.hasPrefix("AWSGlue.") {
            service = "glue"
            operation = String(target.dropFirst("AWSGlue.".count))
        } else if request.method.rawValue == "POST", String(decoding: body, as: UTF8.self).contains("Action=GetCallerIdentity") {
            service = "sts"
            operation = "GetCallerIdentity"
        } else {
            service = "s3"
            let isBucket = request.path.split(separator: "/", omittingEmptySubsequences: true).count <= 1
            switch request.method.rawValue {
            case "GET": operation = isBucket ? "ListObjectsV2" : "GetObject"
            case "POST": operation = "DeleteObjects"
            case "PUT": operation = "PutObject"
            case "DELETE": operation = "DeleteObject"
            default: operation = request.method.rawValue
            }
        }
        let text = String(decoding: body, as: UTF8.self)
        let key = FakeAWSServer.accessKey(headers["authorization"] ?? "")
        let (admitted, fault): (Bool, FakeFault.Action?) = state.lock.withLock {
            state.advanceAll()
            guard state.admit(accessKey: key, text: text) else {
                state.record("\(service) \(operation) dropped (\(key) severed)")
                return (false, nil)
            }
            return (true, state.takeFault(operation, text: text + " " + request.path))
        }
        if !admitted { return response(FakeReply(status: 200, body: Data(), drop: true)) }
        switch fault {
        case .throttle:
            state.lock.withLock { state.record("\(service) \(operation) throttled") }
            return response(
                service == "s3"
                    ? .s3Error("SlowDown", "Please reduce your request rate.", status: 503)
                    : .error(service == "athena" ? "TooManyRequestsException" : "ThrottlingException", "Rate exceeded"))
        case .serverError:
            state.lock.withLock { state.record("\(service) \(operation) 500") }
            return response(
                service == "s3"
                    ? .s3Error("InternalError", "We encountered an internal error. Please try again.", status: 500)
                    : .error(service == "glue" ? "InternalServiceException" : "InternalServerException", "internal error", status: 500))
        case .concurrentUpdate(let database, let table):
            // UpdateTable with a VersionId that is no longer current fails with
            // ConcurrentModificationException ("UpdateTable", AWS Glue API reference).
            state.simulateConcurrentUpdate(database, table)
        case .dropBeforeProcessing:
            state.lock.withLock { state.record("\(service) \(operation) dropped") }
            return response(FakeReply(status: 200, body: Data(), drop: true))
        default:
            break
        }
        var reply: FakeReply = state.lock.withLock {
            // S3 bodies are data, not JSON; an AWS JSON body that is empty or unreadable reads as {}.
            let json = (try? JSONValue.parse(body)) ?? .object([:])
            switch service {
            case "athena":
                state.record("athena \(operation)")
                return state.athena(operation, json)
            case "glue":
                let name = json["Name"]?.stringValue ?? json["TableName"]?.stringValue ?? json["TableInput"]?["Name"]?.stringValue
                state.record("glue \(operation)" + (json["DatabaseName"]?.stringValue.map { " \($0)." + (name ?? "") } ?? ""))
                return state.glue(operation, json)
            case "sts":
                state.record("sts GetCallerIdentity")
                return .xml(
                    """
                    <GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/fake</Arn>\
                    <UserId>AIDAFAKE</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>
                    """)
            default:
                let parts = request.path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: true)
                let bucket = parts.first.map(String.init) ?? ""
                let key = parts.count > 1 ? String(parts[1]) : ""
                if operation != "DeleteObjects" { state.record("s3 \(operation) \(bucket)" + (key.isEmpty ? "" : "/\(key)")) }
                return state.s3(method: request.method.rawValue, bucket: bucket, key: key, query: query, headers: headers, body: body)
            }
        }
        if case .dropAfterProcessing = fault {
            state.lock.withLock { state.record("\(service) \(operation) response dropped") }
            reply.drop = true
        }
        return response(reply)
    }

    /// The access key id of a SigV4 `Authorization` header (`… Credential=AKID/date/region/service/aws4_request, …`).
    static func accessKey(_ authorization: String) -> String {
        guard let r = authorization.range(of: "Credential=") else { return "" }
        return String(authorization[r.upperBound...].prefix { $0 != "/" && $0 != "," })
    }

    static func response(_ reply: FakeReply) -> FlyingFox.HTTPResponse {
        var headers = HTTPHeaders()
        for (k, v) in reply.headers { headers[HTTPHeader(k)] = v }
        headers[HTTPHeader("x-amzn-RequestId")] = "fake-request"
        let status = HTTPStatusCode(reply.status, phrase: reply.status < 300 ? "OK" : "Error")
        if reply.drop {
            return FlyingFox.HTTPResponse(statusCode: status, headers: headers, body: HTTPBodySequence(from: FakeDroppedBody(), count: 64))
        }
        return FlyingFox.HTTPResponse(statusCode: status, headers: headers, body: reply.body)
    }
}
