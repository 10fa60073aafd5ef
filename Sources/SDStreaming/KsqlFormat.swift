/// A ksqlDB serialization format for keys or values (create-stream.md, "KEY_FORMAT"/"VALUE_FORMAT").
public enum KsqlFormat: String, Sendable, CaseIterable {
    case kafka = "KAFKA"
    case json = "JSON"
    case jsonSR = "JSON_SR"
    case avro = "AVRO"
    case protobuf = "PROTOBUF"
    case protobufNoSR = "PROTOBUF_NOSR"
    case delimited = "DELIMITED"
    case none = "NONE"
}
