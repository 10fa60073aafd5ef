import Foundation
import SDBasics
import SDTestSupport
import Testing

@testable import SDStreaming

/// Issue 13 items 3 and 5: sink settings that publish every record within a bound, and every
/// enumerated setting checked against the values the Confluent S3 sink documents, when compiling.
@Suite("S3 sink settings: rotation, null values, enumerated values")
struct SinkSettingsTests {
    static func sink(_ body: String) -> String {
        DiagnosticTests.base + """
            connectors:
              - name: sink
                stream: TICKS
                format: {type: avro}
                converters: {value: avro, schema_registry_url: "http://sr:8081"}

            """ + body
    }

    // TopicPartitionWriter commits at flush.size or a rotation; without a scheduled rotation the last
    // records wait for more (kafka-connect-storage-cloud TopicPartitionWriter.rotateOnTime).
    @Test func aSinkWithoutTimeBasedRotationIsWarned() {
        let (p, text) = Fixtures.load(
            SinkSettingsTests.sink(
                """
                    s3: {bucket: b, region: ap-southeast-2}
                    flush: {size: 250}
                """))
        #expect(p != nil)
        #expect(
            text.hasPrefix(
                "streaming/case.yml:16:5: warning: connector 'sink' has no time-based rotation: up to 249 records per partition "
                    + "stay uncommitted (invisible in S3) until more arrive"))
        #expect(text.contains("hint: add rotate_schedule_interval_ms"))
        let (_, recordTime) = Fixtures.load(
            SinkSettingsTests.sink(
                """
                    s3: {bucket: b, region: eu-west-1}
                    flush: {size: 250, rotate_interval_ms: 60000}
                    partitioning: {path_format: "'dt'=YYYY-MM-dd", duration_ms: 86400000, locale: en-US, timezone: UTC}
                """))
        #expect(recordTime.contains("has only rotate_interval_ms, which compares record times and fires only when a later record arrives"))
    }

    // S3SinkConnectorConfig: the scheduled rotation's DateTimeZone.forID(timezone) needs a zone.
    @Test func scheduledRotationNeedsATimezone() {
        let (p, text) = Fixtures.load(
            SinkSettingsTests.sink(
                """
                    s3: {bucket: b, region: eu-west-1}
                    flush: {size: 250, rotate_schedule_interval_ms: 600000}
                """))
        #expect(p == nil)
        #expect(text.hasPrefix("streaming/case.yml:16:53: error: rotate_schedule_interval_ms of connector 'sink' needs a timezone"))
        let (ok, quiet) = Fixtures.load(
            SinkSettingsTests.sink(
                """
                    s3: {bucket: b, region: eu-west-1}
                    flush: {size: 250, rotate_schedule_interval_ms: 600000}
                    partitioning: {type: default, timezone: Australia/Sydney}
                """))
        #expect(ok?.connectors.first?.config["timezone"] == "Australia/Sydney")
        #expect(quiet.isEmpty, "\(quiet)")
        let (_, badZone) = Fixtures.load(
            SinkSettingsTests.sink(
                """
                    s3: {bucket: b, region: eu-west-1}
                    flush: {size: 250, rotate_schedule_interval_ms: 600000}
                    partitioning: {type: default, timezone: Mars/Olympus}
                """))
        #expect(badZone.contains("error: 'Mars/Olympus' is not a time zone ID for connector 'sink'"))
    }

    // StorageSinkConnectorConfig: behavior.on.null.values defaults to fail, which stops the task on a tombstone.
    @Test func tombstonesAreIgnoredUnlessDeclaredOtherwise() throws {
        let rtsa = try #require(try Fixtures.rtsa())
        #expect(rtsa.connectors[0].config["behavior.on.null.values"] == "ignore")
        let (p, _) = Fixtures.load(
            SinkSettingsTests.sink(
                """
                    s3: {bucket: b, region: eu-west-1}
                    flush: {size: 250}
                """))
        #expect(p?.connectors.first?.config["behavior.on.null.values"] == "ignore")
    }

    // RegionValidator accepts the AWS SDK's regions (the seed's ap-southeast-2 among them); an
    // enumerated raw setting outside its list is refused at its line, with a suggestion.
    @Test func enumeratedSettingsAreCheckedWhereTheyAreWritten() {
        let (_, text) = Fixtures.load(
            SinkSettingsTests.sink(
                """
                    s3: {bucket: b, region: eu-wset-1}
                    flush: {size: 250, rotate_schedule_interval_ms: 600000}
                    partitioning: {type: default, timezone: UTC}
                    config:
                      s3.compression.type: zip
                      s3.acl.canned: bucket-owner-full-control
                """))
        #expect(text.contains("streaming/case.yml:15:29: error: 'eu-wset-1' is not a valid s3.region for connector 'sink'"))
        #expect(text.contains("did you mean 'eu-west-1'?"))
        #expect(text.contains("streaming/case.yml:19:7: error: 'zip' is not a valid s3.compression.type for connector 'sink'"))
        #expect(!text.contains("s3.acl.canned"))
        for region in ["ap-southeast-2", "us-gov-west-1", "cn-north-1", "il-central-1"] {
            #expect(S3SinkSettings.regions.contains(region))
        }
    }

    // The sample producer writes the lake by the sink's commit rule with rtsa.yml's settings:
    // its defaults must be the compiled connector's (scripts/produce_ticks.py --print-sink-settings).
    @Test func theSampleProducerUsesTheSinksSettings() throws {
        let c = try #require(try Fixtures.rtsa()?.connectors.first)
        let python = ProcessInfo.processInfo.environment["SWIFTDBT_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/bin/python3"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Repository.url.appendingPathComponent("scripts/produce_ticks.py").path, "--print-sink-settings"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let printed = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
        #expect(printed["flush.size"] == c.config["flush.size"])
        #expect(printed["rotate.schedule.interval.ms"] == c.config["rotate.schedule.interval.ms"])
        #expect(printed["rotate.interval.ms"] == (c.config["rotate.interval.ms"] ?? "0"))
        #expect(printed["timezone"] == c.config["timezone"])
        #expect(printed["topics"] == c.config["topics"])
        let partitions = try #require(try Fixtures.rtsa()?.sources.first { $0.topic == c.config["topics"] }?.partitions)
        #expect(printed["partitions"] == String(partitions))
    }
}
