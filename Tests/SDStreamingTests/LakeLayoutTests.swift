import SDBasics
import Testing

@testable import SDStreaming

/// The sink's object keys and the table that reads them must agree (issue 7 item 4).
@Suite("sink lake layout: Athena projection and source consistency")
struct LakeLayoutTests {
    // partition-projection.html: date type with a Java pattern (lower-case yyyy), and a
    // storage.location.template matching the sink's keys (docs/rtsa.md "The lake").
    @Test func rtsaProjectionMatchesThePathFormat() throws {
        let c = try #require(try Fixtures.rtsa()?.connectors.first)
        #expect(c.pathLevels == [SinkConnector.PathLevel(name: "dt", pattern: "YYYY-MM-dd")])
        #expect(
            c.athenaProjection(topic: "ticks_enriched_v2", rangeStart: "2026-01-01") == [
                "projection.enabled": "true",
                "projection.dt.type": "date",
                "projection.dt.format": "yyyy-MM-dd",
                "projection.dt.range": "2026-01-01,NOW",
                "projection.dt.interval": "1",
                "projection.dt.interval.unit": "DAYS",
                "storage.location.template": "s3://rtsa-lake/topics/ticks_enriched_v2/dt=${dt}/",
            ])
    }

    @Test func hourLevelsBecomeTwoDigitIntegers() {
        let c = SinkConnector(
            name: "s", topics: ["T"],
            config: [
                "partitioner.class": "io.confluent.connect.storage.partitioner.TimeBasedPartitioner",
                "path.format": "'dt'=YYYY-MM-dd/'hour'=HH", "s3.bucket.name": "market-lake", "topics.dir": "raw",
            ])
        let p = c.athenaProjection(topic: "T", rangeStart: "2026-01-01")
        #expect(p?["projection.hour.type"] == "integer")
        #expect(p?["projection.hour.range"] == "0,23")
        #expect(p?["projection.hour.digits"] == "2")
        #expect(p?["storage.location.template"] == "s3://market-lake/raw/T/dt=${dt}/hour=${hour}/")
    }

    @Test func rtsaSourceAgreesWithItsSink() throws {
        let project = try #require(try Fixtures.rtsa())
        let external: [String: JSONValue] = ["location": "lake/topics/ticks_enriched_v2", "partitions": [["name": "dt", "data_type": "date"]]]
        #expect(project.lakeLayoutWarnings(sources: [("lake", "ticks_enriched_v2", external)]).isEmpty)
    }

    @Test func mismatchesAreWarnedAtFeeds() throws {
        let project = try #require(try Fixtures.rtsa())
        let external: [String: JSONValue] = ["location": "s3://rtsa-lake/raw/ticks_enriched_v2/", "partitions": [["name": "day"]]]
        let text = DiagnosticRenderer().render(project.lakeLayoutWarnings(sources: [("lake", "ticks_enriched_v2", external)]))
        #expect(
            text.contains(
                "streaming/rtsa.yml:47:12: warning: source 'lake.ticks_enriched_v2' reads 's3://rtsa-lake/raw/ticks_enriched_v2/', but connector 's3-sink-ticks' writes 'topics/ticks_enriched_v2/' below its bucket"
            ))
        #expect(text.contains("warning: source 'lake.ticks_enriched_v2' is partitioned by (day), but connector 's3-sink-ticks' writes folders (dt)"))
    }
}
