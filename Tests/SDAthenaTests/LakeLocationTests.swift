import Foundation
import Testing

/// One setting for the lake (issue 12): the source fed by `s3-sink-ticks` reads the sink's bucket,
/// `topics.dir` and topic; a source location that differs is a compile error at both declarations.
@Suite(.serialized) struct LakeLocationTests {
    static func compile(_ dir: String, target: String, env: [String: String] = [:]) throws -> (Int32, String) {
        let bin = ProcessInfo.processInfo.environment["SWIFTDBT_BIN"] ?? RTSAOnFakeTests.packageRoot + "/.build/debug/swiftdbt"
        var all = env
        all["NO_COLOR"] = "1"
        return try RTSAOnFakeTests.run(bin, ["compile", "--target", target], in: dir, env: all)
    }

    static func sourceLocation(_ dir: String) throws -> String? {
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/target/manifest.json"))
        let manifest = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let sources = manifest?["sources"] as? [String: Any]
        let node = sources?["source.rtsa.lake.ticks_enriched_v2"] as? [String: Any]
        return (node?["external"] as? [String: Any])?["location"] as? String
    }

    @Test func theSourceReadsWhereTheSinkWrites() throws {
        let dir = try RTSAOnFakeTests.copyProject()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (status, out) = try Self.compile(dir, target: "dev", env: ["RTSA_LAKE_BUCKET": "acme-ticks"])
        #expect(status == 0, "\(out)")
        #expect(try Self.sourceLocation(dir) == "s3://acme-ticks/topics/ticks_enriched_v2")
        // Locally the bucket is mirrored by var('lake_root').
        let (local, localOut) = try Self.compile(dir, target: "local")
        #expect(local == 0, "\(localOut)")
        #expect(try Self.sourceLocation(dir) == "lake/topics/ticks_enriched_v2")
    }

    @Test func aDifferentSourceLocationIsAnErrorAtBothDeclarations() throws {
        let dir = try RTSAOnFakeTests.copyProject()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/models/bronze/_sources.yml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let changed = text.replacingOccurrences(
            of: "          file_format: parquet",
            with: "          location: \"s3://other-bucket/topics/ticks_enriched_v2\"\n          file_format: parquet")
        try changed.write(toFile: path, atomically: true, encoding: .utf8)
        let line = changed.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("other-bucket") }.map { $0 + 1 } ?? 0
        let (status, out) = try Self.compile(dir, target: "dev")
        #expect(status == 1, "\(out)")
        #expect(
            out.contains(
                "models/bronze/_sources.yml:\(line):21: error: source 'lake.ticks_enriched_v2' reads "
                    + "'s3://other-bucket/topics/ticks_enriched_v2', but connector 's3-sink-ticks' writes its data to "
                    + "'s3://rtsa-lake/topics/ticks_enriched_v2/'"), "\(out)")
        #expect(out.contains("streaming/rtsa.yml:50:15: note: the sink's bucket is declared here"), "\(out)")
        #expect(out.contains("hint: remove external.location from the source"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/target/manifest.json"))
    }
}
