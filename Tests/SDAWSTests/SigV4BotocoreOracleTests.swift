import Foundation
import SDTestSupport
import Testing

@testable import SDAWS

/// Signs hundreds of random requests with the Swift signer and with botocore (the reference
/// implementation of "Signature Version 4 signing process", AWS General Reference) in one batch,
/// and compares the results byte for byte.
@Suite struct SigV4BotocoreOracleTests {
    struct OracleCase: Codable {
        var id: Int
        var kind: String
        var method: String
        var scheme: String
        var host: String
        var port: Int?
        var basePath: String
        var path: String
        var query: [[String]]
        var headers: [String: String]
        var bodyB64: String
        var region: String
        var service: String
        var accessKey: String
        var secretKey: String
        var token: String?
        var timestamp: String
        var expires: Int
    }

    struct OracleResult: Codable {
        var id: Int
        var url: String
        var authorization: String?
        var canonicalRequest: String
    }

    struct SwiftResult {
        var url: String
        var authorization: String?
        var canonical: String
    }

    static let pathPieces = [
        "a", "data", "b c", "x  y", "é", "日本", "😀", "~user", "100%", "%2F", "a+b", "k=v", "semi;colon", "!*'()",
        "@:,$", "[x]", "q?m", "h#f", "..", ".", "", "dt=2024-01-15", "orders+0+0000000000.parquet", "tab\tbed",
    ]
    static let queryPieces = [
        "", "a", "A", "b c", "x=y", "&", "~", "100%", "é", "日本", "+", "/", "t/", "prefix=dt%3D", "*", "list-type",
        "continuation-token", "Ω≈ç", "'quoted'", ";",
    ]

    static func pick<T>(_ options: [T], _ rng: inout SplitMix64) -> T {
        options[Int(rng.next() % UInt64(options.count))]
    }

    static func randomString(_ pieces: [String], count: ClosedRange<Int>, _ rng: inout SplitMix64) -> String {
        let n = Int.random(in: count, using: &rng)
        return (0..<n).map { _ in pick(pieces, &rng) }.joined()
    }

    static func makeCases(count: Int, presign: Bool, seed: UInt64) -> [OracleCase] {
        var rng = SplitMix64(seed: seed)
        let services = ["athena", "glue", "s3", "sts"]
        let regions = ["us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1", "us-gov-west-1"]
        var cases: [OracleCase] = []
        for id in 0..<count {
            let service = presign ? "s3" : pick(services, &rng)
            let region = pick(regions, &rng)
            let hostChoice = Int.random(in: 0..<5, using: &rng)
            var scheme = "https"
            var host = "\(service).\(region).amazonaws.com"
            var port: Int?
            switch hostChoice {
            case 1:
                scheme = "http"
                host = "127.0.0.1"
                port = Int.random(in: 1024...65535, using: &rng)
            case 2:
                host = "Mixed.Case.Example.COM"
                port = 443
            case 3:
                scheme = "http"
                host = "localhost"
                port = 80
            default: break
            }
            let basePath = Int.random(in: 0..<8, using: &rng) == 0 ? "/base" : ""
            var segments: [String] = []
            for _ in 0..<Int.random(in: 0...4, using: &rng) {
                segments.append(randomString(pathPieces, count: 0...3, &rng))
            }
            var path = "/" + segments.joined(separator: "/")
            if Bool.random(using: &rng) && !segments.isEmpty { path += "/" }
            var query: [[String]] = []
            var usedNames: Set<String> = []
            for _ in 0..<Int.random(in: 0...5, using: &rng) {
                var name = randomString(queryPieces, count: presign ? 1...3 : 0...3, &rng)
                if presign {
                    if name.isEmpty || usedNames.contains(name) || name.hasPrefix("X-Amz") { continue }
                    usedNames.insert(name)
                } else if let previous = query.last, Int.random(in: 0..<3, using: &rng) == 0 {
                    name = previous[0]  // a repeated parameter
                }
                query.append([name, randomString(queryPieces, count: 0...3, &rng)])
            }
            var headers: [String: String] = [:]
            if !presign {
                let whitespace = [" ", "  ", "\t", " \t  ", ""]
                for i in 0..<Int.random(in: 0...3, using: &rng) {
                    let value =
                        pick(whitespace, &rng) + "v\(i)" + pick(whitespace, &rng) + "word"
                        + pick(whitespace, &rng) + "x" + pick(whitespace, &rng)
                    headers[pick(["X-Custom-", "x-custom-", "X-CUSTOM-"], &rng) + String(i)] = value
                }
                if service == "athena" || service == "glue" {
                    headers["X-Amz-Target"] = service == "athena" ? "AmazonAthena.GetWorkGroup" : "AWSGlue.GetDatabases"
                    headers["Content-Type"] = "application/x-amz-json-1.1"
                }
                if Int.random(in: 0..<6, using: &rng) == 0 { headers["User-Agent"] = "swiftdbt/0.1" }
            }
            var body = Data()
            if !presign && Bool.random(using: &rng) {
                body = Data(
                    (0..<Int.random(in: 1...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
            }
            let secretChars = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+")
            let secret = String((0..<40).map { _ in pick(secretChars, &rng) })
            let token: String? =
                Bool.random(using: &rng)
                ? "FwoGZXIvYXdzE"
                    + String((0..<Int.random(in: 20...200, using: &rng)).map { _ in pick(secretChars, &rng) }) + "=="
                : nil
            // Any second between 2000 and 2040 exercises the calendar arithmetic as well.
            let seconds = Double(Int.random(in: 946_684_800...2_208_988_800, using: &rng))
            cases.append(
                OracleCase(
                    id: id, kind: presign ? "presign" : "header",
                    method: presign ? "GET" : pick(["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"], &rng),
                    scheme: scheme, host: host, port: port, basePath: basePath, path: path, query: query,
                    headers: headers, bodyB64: body.base64EncodedString(), region: region, service: service,
                    accessKey: "AKIA" + String(id), secretKey: secret, token: token,
                    timestamp: AWSTimestamp.amzDate(Date(timeIntervalSince1970: seconds)),
                    expires: Int.random(in: 1...604_800, using: &rng)))
        }
        return cases
    }

    static func date(_ stamp: String) -> Date {
        let digits = stamp.filter(\.isNumber).map { Int(String($0)) ?? 0 }
        func n(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + digits[$1] } }
        let days = AWSTimestamp.days(year: n(0..<4), month: n(4..<6), day: n(6..<8))
        return Date(timeIntervalSince1970: Double(days * 86_400 + n(8..<10) * 3600 + n(10..<12) * 60 + n(12..<14)))
    }

    static func swiftSign(_ c: OracleCase) -> SwiftResult {
        let endpoint = AWSEndpoint(scheme: c.scheme, host: c.host, port: c.port, basePath: c.basePath)
        let credentials = AWSCredentials(
            accessKeyID: c.accessKey, secretAccessKey: c.secretKey, sessionToken: c.token)
        let signer = SigV4Signer(service: c.service, region: c.region)
        let query = c.query.map { AWSQueryItem($0[0], $0[1]) }
        if c.kind == "presign" {
            let url = signer.presignedURL(
                path: c.path, query: query, endpoint: endpoint, credentials: credentials, date: date(c.timestamp),
                expires: c.expires)
            return SwiftResult(url: url, authorization: nil, canonical: "")
        }
        let request = AWSRequest(
            method: c.method, path: c.path, query: query, headers: c.headers,
            body: Data(base64Encoded: c.bodyB64) ?? Data())
        let signed = signer.sign(request, endpoint: endpoint, credentials: credentials, date: date(c.timestamp))
        return SwiftResult(
            url: signed.url, authorization: signed.headers["Authorization"], canonical: signed.canonicalRequest)
    }

    /// botocore keeps the host's case and an explicit default port in the URL (it only normalises
    /// the signed host); the Swift side writes the normal form. Both are the same URL.
    static func withoutDefaultPort(_ url: String) -> String {
        for (scheme, port) in [("http://", ":80"), ("https://", ":443")] where url.hasPrefix(scheme) {
            let rest = url.dropFirst(scheme.count)
            let end = rest.firstIndex(of: "/") ?? rest.firstIndex(of: "?") ?? rest.endIndex
            var authority = rest[..<end].lowercased()
            if authority.hasSuffix(port) { authority.removeLast(port.count) }
            return scheme + authority + rest[end...]
        }
        return url
    }

    /// The oracle script speaks snake_case JSON.
    static let snakeCaseEncoder: JSONEncoder = {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        return e
    }()
    static let snakeCaseDecoder: JSONDecoder = {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return d
    }()

    static func runOracle(_ cases: [OracleCase]) throws -> [OracleResult] {
        let python = try TestEnvironment.python()
        let input = NSTemporaryDirectory() + "sigv4-cases-\(UUID().uuidString).json"
        try Self.snakeCaseEncoder.encode(cases).write(to: URL(fileURLWithPath: input))
        defer { try? FileManager.default.removeItem(atPath: input) }
        let output = try TestEnvironment.run(python, [TestEnvironment.helper("sigv4_oracle.py"), input])
        return try Self.snakeCaseDecoder.decode([OracleResult].self, from: output)
    }

    @Test func headerSignaturesMatchBotocore() throws {
        let cases = Self.makeCases(count: 600, presign: false, seed: 0x5D_A3_5_1)
        let results = try Self.runOracle(cases)
        try #require(results.count == cases.count)
        var mismatches = 0
        for (c, expected) in zip(cases, results) {
            let got = Self.swiftSign(c)
            if got.authorization != expected.authorization || got.url != Self.withoutDefaultPort(expected.url) {
                mismatches += 1
                if mismatches <= 5 {
                    Issue.record(
                        """
                        case \(c.id) (\(c.service) \(c.method) \(c.path.debugDescription)) differs from botocore
                        url swift:    \(got.url)
                        url botocore: \(expected.url)
                        canonical request, swift:
                        \(got.canonical)
                        canonical request, botocore:
                        \(expected.canonicalRequest)
                        """)
                }
            }
        }
        #expect(mismatches == 0)
        // The random mix must really contain the hard cases, or the comparison proves little.
        #expect(cases.contains { $0.path.contains("%") && $0.service == "s3" })
        #expect(cases.contains { $0.path.contains("..") && $0.service != "s3" })
        #expect(cases.contains { $0.token != nil } && cases.contains { $0.token == nil })
        #expect(cases.contains { c in c.headers.values.contains { $0.contains("  ") } })
        #expect(cases.contains { c in Set(c.query.map { $0[0] }).count < c.query.count })
        #expect(Set(cases.map(\.service)) == ["athena", "glue", "s3", "sts"])
    }

    @Test func presignedS3URLsMatchBotocore() throws {
        let cases = Self.makeCases(count: 200, presign: true, seed: 0xBEEF)
        let results = try Self.runOracle(cases)
        try #require(results.count == cases.count)
        var mismatches = 0
        for (c, expected) in zip(cases, results) {
            let got = Self.swiftSign(c)
            if got.url != Self.withoutDefaultPort(expected.url) {
                mismatches += 1
                if mismatches <= 5 {
                    Issue.record(
                        """
                        presign case \(c.id) differs from botocore
                        swift:    \(got.url)
                        botocore: \(expected.url)
                        botocore canonical request:
                        \(expected.canonicalRequest)
                        """)
                }
            }
        }
        #expect(mismatches == 0)
    }
}
