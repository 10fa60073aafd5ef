import Foundation
import Testing

@testable import SDAWS

/// Endpoints and their overrides, following "Service-specific endpoints" (AWS SDKs and Tools
/// reference guide) for the precedence of `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the
/// `services` section and `endpoint_url`, and the Amazon S3 user guide ("Virtual hosting of
/// buckets") for S3 addressing.
@Suite struct EndpointResolutionTests {
    static func client(
        _ env: [String: String] = [:], files: [String: String] = [:], region: String = "eu-west-1",
        overrides: [String: String] = [:]
    ) throws -> AWSClient {
        try AWSClient(
            runtime: TestRuntime.make(environment: env, files: files),
            options: AWSClientOptions(
                region: region, credentials: AWSCredentials(accessKeyID: "a", secretAccessKey: "b"),
                endpointOverrides: overrides))
    }

    @Test(arguments: [
        (AWSService.athena, "us-east-1", "https://athena.us-east-1.amazonaws.com"),
        (AWSService.glue, "eu-west-1", "https://glue.eu-west-1.amazonaws.com"),
        (AWSService.sts, "ap-southeast-2", "https://sts.ap-southeast-2.amazonaws.com"),
        (AWSService.s3, "us-west-2", "https://s3.us-west-2.amazonaws.com"),
        (AWSService.athena, "cn-north-1", "https://athena.cn-north-1.amazonaws.com.cn"),
    ])
    func defaultEndpoints(service: AWSService, region: String, expected: String) throws {
        #expect(try Self.client(region: region).endpoint(for: service).description == expected)
    }

    @Test func serviceVariableBeatsGlobalVariableBeatsProfile() throws {
        let files = [
            "/home/test/.aws/config": """
            [default]
            region = eu-west-1
            endpoint_url = http://profile-wide:1000
            services = local
            [services local]
            glue =
              endpoint_url = http://glue-from-services:2000
            """
        ]
        let onlyFile = try Self.client(files: files)
        #expect(try onlyFile.endpoint(for: .glue).description == "http://glue-from-services:2000")
        #expect(try onlyFile.endpoint(for: .athena).description == "http://profile-wide:1000")
        let global = try Self.client(["AWS_ENDPOINT_URL": "http://global:3000"], files: files)
        #expect(try global.endpoint(for: .glue).description == "http://global:3000")
        let specific = try Self.client(
            ["AWS_ENDPOINT_URL": "http://global:3000", "AWS_ENDPOINT_URL_ATHENA": "http://athena-only:4000/base/"],
            files: files)
        let athena = try specific.endpoint(for: .athena)
        #expect(athena.description == "http://athena-only:4000/base")
        #expect(athena.basePath == "/base")
        #expect(try specific.endpoint(for: .sts).description == "http://global:3000")
        let explicit = try Self.client(
            ["AWS_ENDPOINT_URL_ATHENA": "http://athena-only:4000"],
            overrides: ["athena": "https://vpce-1.athena.eu-west-1.vpce.amazonaws.com"])
        #expect(try explicit.endpoint(for: .athena).description == "https://vpce-1.athena.eu-west-1.vpce.amazonaws.com")
        let ignored = try Self.client(
            ["AWS_ENDPOINT_URL": "http://global:3000", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"], files: files)
        #expect(try ignored.endpoint(for: .glue).description == "https://glue.eu-west-1.amazonaws.com")
    }

    @Test func aBadOverrideSaysWhereItCameFrom() throws {
        let client = try Self.client(["AWS_ENDPOINT_URL_GLUE": "glue.local:9000"])
        let error = #expect(throws: AWSConfigurationError.self) { _ = try client.endpoint(for: .glue) }
        #expect(
            error?.description
                == "endpoint URL 'glue.local:9000' from AWS_ENDPOINT_URL_GLUE is not an http(s)://host[:port] URL")
    }

    @Test func noRegionIsAConfigurationError() {
        let error = #expect(throws: AWSConfigurationError.self) {
            _ = try AWSClient(runtime: TestRuntime.make(), options: AWSClientOptions())
        }
        #expect(error?.description.hasPrefix("no AWS region:") == true)
    }

    @Test func regionComesFromOptionsThenEnvironmentThenProfile() throws {
        let files = ["/home/test/.aws/config": "[default]\nregion = ap-south-1\n"]
        let runtime = TestRuntime.make(environment: ["AWS_DEFAULT_REGION": "sa-east-1"], files: files)
        #expect(try AWSClient(runtime: runtime, options: AWSClientOptions(region: "us-east-2")).region == "us-east-2")
        #expect(try AWSClient(runtime: runtime).region == "sa-east-1")
        #expect(try AWSClient(runtime: TestRuntime.make(files: files)).region == "ap-south-1")
    }

    @Test func s3UsesVirtualHostsUnlessOverriddenOrTheBucketIsNotADNSLabel() throws {
        let plain = try Self.client()
        let virtual = try plain.s3Target(bucket: "my-lake", key: "t/a b.csv")
        #expect(virtual.endpoint.host == "my-lake.s3.eu-west-1.amazonaws.com")
        #expect(virtual.path == "/t/a b.csv")
        let dotted = try plain.s3Target(bucket: "my.lake", key: "k")
        #expect(dotted.endpoint.host == "s3.eu-west-1.amazonaws.com")
        #expect(dotted.path == "/my.lake/k")
        let local = try Self.client(["AWS_ENDPOINT_URL_S3": "http://127.0.0.1:9000"]).s3Target(
            bucket: "my-lake", key: "k")
        #expect(local.endpoint.description == "http://127.0.0.1:9000")
        #expect(local.path == "/my-lake/k")
        let configured = try Self.client(files: [
            "/home/test/.aws/config": "[default]\ns3 =\n  addressing_style = path\n"
        ])
        #expect(try configured.s3Target(bucket: "my-lake", key: "k").path == "/my-lake/k")
    }

    @Test func endpointURLsParse() {
        #expect(AWSEndpoint(url: "http://127.0.0.1:5000") == AWSEndpoint(scheme: "http", host: "127.0.0.1", port: 5000))
        #expect(AWSEndpoint(url: "https://Example.COM/p/") == AWSEndpoint(host: "example.com", basePath: "/p"))
        #expect(AWSEndpoint(url: "http://[::1]:8080")?.authority == "[::1]:8080")
        #expect(AWSEndpoint(url: "https://host:443")?.authority == "host")
        #expect(AWSEndpoint(url: "ftp://host") == nil)
        #expect(AWSEndpoint(url: "http://user:pw@host") == nil)
        #expect(AWSEndpoint(url: "http://host:notaport") == nil)
    }
}
