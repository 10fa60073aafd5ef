import Foundation
import SDBasics
import Testing

@testable import SDAWS

/// Error bodies follow the shapes in "Error responses" (Amazon S3 API reference), "Common Errors"
/// (AWS STS / Athena API references) and the AWS JSON 1.1 protocol (`__type`, `x-amzn-ErrorType`).
@Suite struct ParsingTests {
    static func parse(_ status: Int, _ body: String, headers: [String: String] = [:], secrets: [String] = [])
        -> AWSServiceError
    {
        AWSErrorParser.parse(
            HTTPResponse(status: status, headers: headers, body: Data(body.utf8)), service: "athena", operation: "Op",
            secrets: secrets)
    }

    @Test func json11ErrorsWithQualifiedTypes() {
        let e = Self.parse(
            400, #"{"__type":"com.amazonaws.athena#InvalidRequestException","message":"bad query"}"#,
            headers: ["x-amzn-RequestId": "r1"])
        #expect(e.code == "InvalidRequestException")
        #expect(e.message == "bad query")
        #expect(e.requestID == "r1")
        #expect(!e.isRetryable)
        let header = Self.parse(
            400, #"{"Message":"m"}"#, headers: ["X-Amzn-ErrorType": "ThrottlingException:http://internal.amazon.com/"])
        #expect(header.code == "ThrottlingException")
        #expect(header.isThrottling)
    }

    @Test func xmlErrorsFromS3AndQueryServices() {
        let s3 = Self.parse(
            404,
            "<?xml version=\"1.0\"?>\n<Error><Code>NoSuchKey</Code><Message>The key &lt;a&gt; does not exist</Message><RequestId>R2</RequestId></Error>"
        )
        #expect(s3.code == "NoSuchKey")
        #expect(s3.message == "The key <a> does not exist")
        #expect(s3.requestID == "R2")
        let sts = Self.parse(
            403,
            "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>expired</Message></Error><RequestId>R3</RequestId></ErrorResponse>"
        )
        #expect(sts.code == "ExpiredToken")
        #expect(sts.requestID == "R3")
    }

    @Test func bareStatusesAndEchoedSecrets() {
        #expect(Self.parse(503, "").code == "HTTP503")
        #expect(Self.parse(503, "").isRetryable)
        #expect(Self.parse(429, "").code == "TooManyRequests")
        let echoed = Self.parse(
            403, "<Error><Code>SignatureDoesNotMatch</Code><Message>token SECRETTOKEN rejected</Message></Error>",
            secrets: ["SECRETTOKEN"])
        #expect(echoed.message == "token <redacted> rejected")
    }

    @Test func xmlParserHandlesDeclarationsNamespacesCDATAAndEntities() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- listing -->
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Contents><Key>a&amp;b/c.csv</Key><Size>3</Size></Contents>
              <Contents><Key><![CDATA[x<y&z]]></Key></Contents>
              <IsTruncated>false</IsTruncated>
              <Empty/>
              <s3:Prefixed attr='v &quot;q&quot;'>&#72;&#x69;</s3:Prefixed>
            </ListBucketResult>
            """
        let root = try AWSXMLParser.parse(Data(xml.utf8))
        #expect(root.name == "ListBucketResult")
        #expect(root.attributes["xmlns"] == "http://s3.amazonaws.com/doc/2006-03-01/")
        #expect(root.children("Contents").compactMap { $0.value("Key") } == ["a&b/c.csv", "x<y&z"])
        #expect(root.value("IsTruncated") == "false")
        #expect(root.child("Empty")?.children.isEmpty == true)
        #expect(root.child("Prefixed")?.text == "Hi")
        #expect(root.child("Prefixed")?.attributes["attr"] == "v \"q\"")
        #expect(throws: AWSXMLParser.Failure.self) { _ = try AWSXMLParser.parse(Data("<a><b></a>".utf8)) }
        #expect(throws: AWSXMLParser.Failure.self) { _ = try AWSXMLParser.parse(Data("<a>".utf8)) }
    }

    @Test func jsonParsingKeepsKinds() throws {
        let v = try JSONValue.parse(Data(#"{"b":true,"i":3,"d":1.5,"s":"x","a":[null,false],"o":{}}"#.utf8))
        #expect(
            v
                == .object([
                    "b": .bool(true), "i": .int(3), "d": .double(1.5), "s": "x", "a": [.null, .bool(false)],
                    "o": .object([:]),
                ]))
    }

    @Test func timestamps() throws {
        let d = try #require(AWSTimestamp.parseISO8601("2026-01-27T09:30:05Z"))
        #expect(AWSTimestamp.amzDate(d) == "20260127T093005Z")
        #expect(AWSTimestamp.iso8601(d) == "2026-01-27T09:30:05Z")
        #expect(AWSTimestamp.parseISO8601("2026-01-27T10:30:05.250+01:00") == d.addingTimeInterval(0.25))
        #expect(AWSTimestamp.httpDate(d) == "Tue, 27 Jan 2026 09:30:05 GMT")
        #expect(AWSTimestamp.parseHTTPDate("Tue, 27 Jan 2026 09:30:05 GMT") == d)
        #expect(AWSTimestamp.parseISO8601("2026-13-01T00:00:00Z") == nil)
        #expect(AWSTimestamp.amzDate(Date(timeIntervalSince1970: 951_782_400)) == "20000229T000000Z")
    }

    @Test func configFilesWithCommentsNestingAndOddSpacing() {
        let file = AWSConfigFile(
            parsing:
                "# top\r\n[profile x]\r\nRegion=eu-west-1\r\n; c\n  \n[default]\ns3 =\n    addressing_style = path\n\tmax_concurrent_requests = 4\nregion = us-east-1\nstray\n"
        )
        #expect(file.sections["profile x"]?.values["region"] == "eu-west-1")
        #expect(file.sections["default"]?.nested["s3"] == ["addressing_style": "path", "max_concurrent_requests": "4"])
        #expect(file.sections["default"]?.values["region"] == "us-east-1")
        #expect(file.problems == ["line 11: expected 'key = value'"])
    }

    @Test func signingKeysAreDerivedOncePerDayRegionAndService() {
        let cache = SigningKeyCache()
        let signer = SigV4Signer(service: "athena", region: "us-east-1", keys: cache)
        let creds = AWSCredentials(accessKeyID: "AKID", secretAccessKey: "s")
        let endpoint = AWSEndpoint(host: "athena.us-east-1.amazonaws.com")
        let day = Date(timeIntervalSince1970: 1_769_504_400)
        for i in 0..<50 {
            _ = signer.sign(
                AWSRequest(method: "POST"), endpoint: endpoint, credentials: creds,
                date: day.addingTimeInterval(Double(i)))
        }
        #expect(cache.count == 1)
        _ = signer.sign(
            AWSRequest(method: "POST"), endpoint: endpoint, credentials: creds, date: day.addingTimeInterval(86_400))
        #expect(cache.count == 2)
        // A rotated secret under the same key id is not served the old key.
        let rotated = AWSCredentials(accessKeyID: "AKID", secretAccessKey: "t")
        let a = signer.sign(AWSRequest(method: "POST"), endpoint: endpoint, credentials: creds, date: day)
        let b = signer.sign(AWSRequest(method: "POST"), endpoint: endpoint, credentials: rotated, date: day)
        #expect(a.headers["Authorization"] != b.headers["Authorization"])
    }

    /// The "get-vanilla" case of the AWS SigV4 test suite (aws-sig-v4-test-suite), whose published
    /// values every implementation reproduces.
    @Test func awsTestSuiteGetVanilla() {
        let signer = SigV4Signer(service: "service", region: "us-east-1")
        let creds = AWSCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        let date = AWSTimestamp.parseISO8601("2015-08-30T12:36:00Z") ?? Date()
        let signed = signer.sign(
            AWSRequest(method: "GET"), endpoint: AWSEndpoint(host: "example.amazonaws.com"), credentials: creds,
            date: date)
        #expect(
            signed.headers["Authorization"]
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        )
    }
}
