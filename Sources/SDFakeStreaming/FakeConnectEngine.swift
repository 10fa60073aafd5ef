import Foundation
import SDBasics

/// The part of a Kafka Connect worker the fake implements (apache/kafka docs/connect.html §REST API;
/// ConnectorsResource, AbstractHerder validation; the S3 sink's required settings from
/// S3SinkConnectorConfig and PartitionerConfig, docs.confluent.io s3-sink configuration_options; docs/streaming.md).
public struct FakeConnectEngine: Sendable {
    public private(set) var configs: [String: [String: String]] = [:]
    /// Task traces to report as FAILED, by connector.
    public var failedTasks: [String: String] = [:]
    /// How many PUT …/config requests each connector received.
    public private(set) var putCount: [String: Int] = [:]
    /// Connectors removed with DELETE, in order.
    public private(set) var deleted: [String] = []
    /// How many validate requests were made.
    public private(set) var validateCount = 0
    public let workerId = "10.0.0.5:8083"
    /// How many of the next requests answer 409 as during a rebalance.
    public var rebalancing = 0
    /// How many status reads after a PUT show the connector still being assigned: the first shows it
    /// UNASSIGNED with no tasks, the next ones RUNNING with UNASSIGNED tasks (connect.html "Connector
    /// and task status": a worker reports states asynchronously after a rebalance; ConnectorStateInfo).
    public var startupReads = 2
    private var statusReads: [String: Int] = [:]

    public init() {}

    /// Answers one request: HTTP status and JSON body.
    public mutating func handle(method: String, path: String, body: String) -> (Int, JSONValue) {
        if rebalancing > 0 {
            rebalancing -= 1
            return (409, error(409, "Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)"))
        }
        let parts = path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        switch (method, parts.count) {
        case ("GET", 1) where parts[0] == "connectors":
            return (200, .array(configs.keys.sorted().map { .string($0) }))
        case ("GET", 3) where parts[0] == "connectors" && parts[2] == "config":
            guard let c = configs[parts[1]] else { return notFound(parts[1]) }
            return (200, .object(c.mapValues { .string($0) }))
        case ("GET", 3) where parts[0] == "connectors" && parts[2] == "status":
            guard configs[parts[1]] != nil else { return notFound(parts[1]) }
            let reads = statusReads[parts[1], default: startupReads]
            statusReads[parts[1]] = reads + 1
            return (200, status(parts[1], read: reads))
        case ("PUT", 3) where parts[0] == "connectors" && parts[2] == "config":
            return put(parts[1], body)
        case ("PUT", 4) where parts[0] == "connector-plugins" && parts[2] == "config" && parts[3] == "validate":
            validateCount += 1
            guard let config = FakeConnectEngine.stringMap(body) else { return (500, error(500, "Cannot deserialize the config")) }
            return (200, FakeConnectEngine.validate(plugin: parts[1], config))
        case ("DELETE", 2) where parts[0] == "connectors":
            guard configs.removeValue(forKey: parts[1]) != nil else { return notFound(parts[1]) }
            deleted.append(parts[1])
            return (204, .null)
        default:
            return (404, error(404, "HTTP 404 Not Found"))
        }
    }

    func error(_ code: Int, _ message: String) -> JSONValue { ["error_code": .int(code), "message": .string(message)] }
    func notFound(_ name: String) -> (Int, JSONValue) { (404, error(404, "Connector \(name) not found")) }

    static func stringMap(_ body: String) -> [String: String]? {
        guard let o = (try? JSONValue.parse(body))?.objectValue else { return nil }
        // Connect's API is Map<String,String>; Jackson turns numbers and booleans into their text.
        return o.mapValues { $0.stringValue ?? $0.serialized(indent: 0) }
    }

    mutating func put(_ name: String, _ body: String) -> (Int, JSONValue) {
        guard var config = FakeConnectEngine.stringMap(body) else { return (500, error(500, "Cannot deserialize the config")) }
        // checkAndPutConnectorConfigName: a name in the body must match the URL; a missing one is filled in.
        if let n = config["name"], n != name {
            return (400, error(400, "Connector name configuration (\(n)) doesn't match connector name in the URL (\(name))"))
        }
        config["name"] = name
        let plugin = (config["connector.class"] ?? "").split(separator: ".").last.map(String.init) ?? ""
        let validation = FakeConnectEngine.validate(plugin: plugin, config)
        let errorCount = validation["error_count"]?.intValue ?? 0
        if errorCount > 0 {
            var lines: [String] = []
            for c in validation["configs"]?.arrayValue ?? [] {
                for e in c["value"]?["errors"]?.arrayValue ?? [] { lines.append(e.stringValue ?? "") }
            }
            return (
                400,
                error(
                    400,
                    "Connector configuration is invalid and contains the following \(errorCount) error(s):\n"
                        + lines.joined(separator: "\n")
                        + "\nYou can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`")
            )
        }
        putCount[name, default: 0] += 1
        statusReads[name] = 0  // a config change restarts the connector and its tasks (DistributedHerder)
        let created = configs[name] == nil
        configs[name] = config
        let tasks = Int(config["tasks.max"] ?? "1") ?? 1
        let info: JSONValue = [
            "name": .string(name), "config": .object(config.mapValues { .string($0) }),
            "tasks": .array((0..<tasks).map { ["connector": .string(name), "task": .int($0)] }), "type": "sink",
        ]
        return (created ? 201 : 200, info)
    }

    /// ConnectorStateInfo after `read` status reads since the last PUT. A task whose config the
    /// connector cannot start with is FAILED with the worker's trace: scheduled rotation with an empty
    /// timezone fails in the task's DateTimeZone.forID (TopicPartitionWriter), after the PUT succeeded.
    func status(_ name: String, read: Int) -> JSONValue {
        let config = configs[name] ?? [:]
        let tasks = Int(config["tasks.max"] ?? "1") ?? 1
        if read == 0 {
            return ["name": .string(name), "connector": ["state": "UNASSIGNED", "worker_id": .string(workerId)], "tasks": [], "type": "sink"]
        }
        var trace = failedTasks[name]
        if (Int(config["rotate.schedule.interval.ms"] ?? "-1") ?? -1) > 0, (config["timezone"] ?? "").isEmpty {
            trace =
                "org.apache.kafka.connect.errors.ConnectException: java.lang.IllegalArgumentException: The datetime zone id '' is not recognised\n"
                + "\tat org.joda.time.DateTimeZone.forID(DateTimeZone.java:247)\n\tat io.confluent.connect.s3.TopicPartitionWriter.<init>"
        }
        let taskList: [JSONValue] = (0..<tasks).map { id in
            var t: [String: JSONValue] = ["id": .int(id), "state": read < startupReads ? "UNASSIGNED" : "RUNNING", "worker_id": .string(workerId)]
            if id == 0, read >= startupReads, let trace {
                t["state"] = "FAILED"
                t["trace"] = .string(trace)
            }
            return .object(t)
        }
        return [
            "name": .string(name), "connector": ["state": "RUNNING", "worker_id": .string(workerId)], "tasks": .array(taskList),
            "type": "sink",
        ]
    }

    /// The values each enumerated S3 sink setting accepts. Regions: the AWS SDK's region names, which
    /// the sink's RegionValidator checks (S3SinkConnectorConfig.java; AWS General Reference, "Service
    /// endpoints"); the rest from the validators of S3SinkConnectorConfig, StorageSinkConnectorConfig
    /// (behavior.on.null.values) and ConnectorConfig (errors.tolerance).
    static let enumerated: [String: [String]] = [
        "s3.region": [
            "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
            "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "ca-central-1",
            "ca-west-1", "cn-north-1", "cn-northwest-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
            "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1",
            "us-east-1", "us-east-2", "us-gov-east-1", "us-gov-west-1", "us-west-1", "us-west-2",
        ],
        "behavior.on.null.values": ["ignore", "fail", "write"],
        "errors.tolerance": ["none", "all"],
        "s3.compression.type": ["none", "gzip"],
        "s3.acl.canned": [
            "private", "public-read", "public-read-write", "authenticated-read", "log-delivery-write", "bucket-owner-read",
            "bucket-owner-full-control", "aws-exec-read",
        ],
    ]

    /// ConfigInfos for the S3 sink: required settings without defaults, the partitioner's
    /// non-empty settings, a known region and matching connector class.
    static func validate(plugin: String, _ config: [String: String]) -> JSONValue {
        var errors: [String: [String]] = [:]
        func missing(_ key: String) { errors[key, default: []].append("Missing required configuration \"\(key)\" which has no default value.") }
        if config["name"] == nil || config["name"] == "" { missing("name") }
        let cls = config["connector.class"] ?? ""
        if cls.isEmpty {
            missing("connector.class")
        } else if !cls.hasSuffix(plugin) {
            errors["connector.class", default: []].append("Connector class \(cls) does not match the plugin \(plugin)")
        }
        if plugin == "S3SinkConnector" {
            for key in ["s3.bucket.name", "flush.size", "format.class", "storage.class"] where (config[key] ?? "").isEmpty { missing(key) }
            if (config["topics"] ?? "").isEmpty, (config["topics.regex"] ?? "").isEmpty {
                errors["topics", default: []].append("Must configure one of topics or topics.regex")
            }
            if let f = config["flush.size"], !f.isEmpty, Int(f) == nil {
                errors["flush.size", default: []].append("Invalid value \(f) for configuration flush.size: Not a number of type INT")
            }
            for (key, allowed) in FakeConnectEngine.enumerated.sorted(by: { $0.key < $1.key }) {
                if let v = config[key], !allowed.contains(v) {
                    errors[key, default: []].append("Invalid value \(v) for configuration \(key): Value must be one of: \(allowed.joined(separator: ", "))")
                }
            }
            if config["partitioner.class"]?.hasSuffix("TimeBasedPartitioner") == true {
                for key in ["path.format", "locale", "timezone"] where (config[key] ?? "").isEmpty {
                    errors[key, default: []].append("\(key) must be set for TimeBasedPartitioner")
                }
                if (Int(config["partition.duration.ms"] ?? "-1") ?? -1) <= 0 {
                    errors["partition.duration.ms", default: []].append("partition.duration.ms must be greater than 0 for TimeBasedPartitioner")
                }
            }
        }
        let keys = Set(config.keys).union(errors.keys).sorted()
        let configs: [JSONValue] = keys.map { key in
            [
                "definition": [
                    "name": .string(key), "type": "STRING", "required": false, "default_value": nil, "importance": "HIGH",
                    "documentation": "", "group": "Common", "width": "LONG", "display_name": .string(key), "dependents": [], "order": 1,
                ],
                "value": [
                    "name": .string(key), "value": config[key].map { .string($0) } ?? .null, "recommended_values": [],
                    "errors": .array((errors[key] ?? []).map { .string($0) }), "visible": true,
                ],
            ]
        }
        return [
            "name": .string(cls.isEmpty ? plugin : cls), "error_count": .int(errors.values.map(\.count).reduce(0, +)),
            "groups": ["Common", "Transforms", "Predicates", "Error Handling", "S3", "Storage", "Partitioner", "Connector"],
            "configs": .array(configs),
        ]
    }
}
