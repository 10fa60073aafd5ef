/// Facts about the Confluent S3 sink and Kafka Connect that declarations are checked against
/// (Confluent kafka-connect-storage-cloud and -common sources: S3SinkConnectorConfig, StorageSinkConnectorConfig, PartitionerConfig,
/// ConnectorConfig/SinkConnectorConfig).
enum S3SinkSettings {
    static let connectorClass = "io.confluent.connect.s3.S3SinkConnector"
    static let storageClass = "io.confluent.connect.s3.storage.S3Storage"

    /// `format.type` → `format.class`.
    static let formats: [String: String] = [
        "avro": "io.confluent.connect.s3.format.avro.AvroFormat",
        "json": "io.confluent.connect.s3.format.json.JsonFormat",
        "parquet": "io.confluent.connect.s3.format.parquet.ParquetFormat",
    ]
    /// Parquet codecs (ParquetCodecRecommender).
    static let parquetCodecs = ["brotli", "gzip", "lz4", "lzo", "none", "snappy", "zstd"]

    /// Converter short names → classes.
    static let converters: [String: String] = [
        "avro": "io.confluent.connect.avro.AvroConverter",
        "bytearray": "org.apache.kafka.connect.converters.ByteArrayConverter",
        "double": "org.apache.kafka.connect.converters.DoubleConverter",
        "integer": "org.apache.kafka.connect.converters.IntegerConverter",
        "json": "org.apache.kafka.connect.json.JsonConverter",
        "json_schema": "io.confluent.connect.json.JsonSchemaConverter",
        "long": "org.apache.kafka.connect.converters.LongConverter",
        "protobuf": "io.confluent.connect.protobuf.ProtobufConverter",
        "string": "org.apache.kafka.connect.storage.StringConverter",
    ]
    /// Converters that read their schema from Schema Registry (need `<prefix>.schema.registry.url`).
    static let registryConverters: Set<String> = ["avro", "json_schema", "protobuf"]

    /// `partitioning.type` → `partitioner.class` (storage-common partitioner package).
    static let partitioners: [String: String] = [
        "daily": "io.confluent.connect.storage.partitioner.DailyPartitioner",
        "default": "io.confluent.connect.storage.partitioner.DefaultPartitioner",
        "field": "io.confluent.connect.storage.partitioner.FieldPartitioner",
        "hourly": "io.confluent.connect.storage.partitioner.HourlyPartitioner",
        "time": "io.confluent.connect.storage.partitioner.TimeBasedPartitioner",
    ]
    /// `partitioning.timestamp` → `timestamp.extractor`.
    static let extractors: [String: String] = ["field": "RecordField", "record": "Record", "wallclock": "Wallclock"]

    /// The converter a KAFKA-format key of this ksqlDB type needs (ksqlDB serde docs: KAFKA keys are
    /// the Kafka client's primitive serializers).
    static func kafkaKeyConverter(forKeyType type: String) -> String? {
        switch KsqlType.canonical(KsqlType.base(type)) {
        case "STRING": "string"
        case "BIGINT": "long"
        case "INTEGER": "integer"
        case "DOUBLE": "double"
        case "BYTES": "bytearray"
        default: nil
        }
    }

    /// Every key the S3 sink and the Connect framework define, for did-you-mean on `config:`.
    static let knownKeys: [String] = [
        "aws.access.key.id", "aws.secret.access.key", "behavior.on.null.values", "connector.class", "directory.delim",
        "errors.deadletterqueue.context.headers.enable", "errors.deadletterqueue.topic.name",
        "errors.deadletterqueue.topic.replication.factor", "errors.log.enable", "errors.log.include.messages",
        "errors.retry.delay.max.ms", "errors.retry.timeout", "errors.tolerance", "file.delim", "filename.offset.zero.pad.width",
        "flush.size", "format.bytearray.extension", "format.bytearray.separator", "format.class", "header.converter",
        "key.converter", "key.converter.schema.registry.url", "key.converter.schemas.enable", "locale", "name",
        "parquet.codec", "partition.duration.ms", "partition.field.name", "partitioner.class", "path.format",
        "predicates", "report.null.values.to.dlq", "retry.backoff.ms", "rotate.interval.ms", "rotate.schedule.interval.ms",
        "s3.acl.canned", "s3.bucket.name", "s3.compression.type", "s3.credentials.provider.class", "s3.http.send.expect.continue",
        "s3.object.tagging", "s3.part.retries", "s3.part.size", "s3.path.style.access.enabled", "s3.proxy.url", "s3.region",
        "s3.retry.backoff.ms", "s3.sse.customer.key", "s3.sse.kms.key.id", "s3.ssea.name", "s3.wan.mode", "schema.compatibility",
        "shutdown.timeout.ms", "storage.class", "store.kafka.headers", "store.kafka.keys", "store.url", "tasks.max",
        "timestamp.extractor", "timestamp.field", "timezone", "topics", "topics.dir", "topics.regex", "transforms",
        "value.converter", "value.converter.schema.registry.url", "value.converter.schemas.enable",
    ]

    /// The regions `s3.region` accepts. The sink's RegionValidator takes the names the AWS SDK knows
    /// (S3SinkConnectorConfig.java: `RegionUtils.getRegions()`), which are the partitions' regions
    /// of the AWS General Reference "Service endpoints" (aws, aws-cn, aws-us-gov).
    static let regions = [
        "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
        "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "ca-central-1",
        "ca-west-1", "cn-north-1", "cn-northwest-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
        "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1",
        "us-east-1", "us-east-2", "us-gov-east-1", "us-gov-west-1", "us-west-1", "us-west-2",
    ]

    /// Settings whose value is one of a fixed list (S3SinkConnectorConfig: CannedAclValidator,
    /// CompressionTypeValidator, SSEA ValidString; StorageSinkConnectorConfig behavior.on.null.values;
    /// HiveConfig schema.compatibility; ConnectorConfig errors.tolerance), checked wherever they are set.
    static let enumerated: [String: [String]] = [
        "behavior.on.null.values": ["fail", "ignore", "write"],
        "errors.tolerance": ["all", "none"],
        "s3.acl.canned": [
            "authenticated-read", "aws-exec-read", "bucket-owner-full-control", "bucket-owner-read", "log-delivery-write",
            "private", "public-read", "public-read-write",
        ],
        "s3.compression.type": ["gzip", "none"],
        "s3.region": regions,
        "s3.ssea.name": ["", "AES256", "aws:kms"],
        "schema.compatibility": ["BACKWARD", "FORWARD", "FULL", "NONE"],
        "parquet.codec": parquetCodecs,
        "timestamp.extractor": ["Record", "RecordField", "Wallclock"],
    ]

    /// Prefixes under which any key is legitimate (per-transform, per-predicate and client overrides).
    static let openPrefixes = [
        "consumer.override.", "key.converter.", "predicates.", "transforms.", "value.converter.", "header.converter.",
    ]
}
