/// Picks the endpoint of a service in a region, honouring overrides in the order the AWS tools read
/// them ("Service-specific endpoints", AWS SDKs and Tools reference guide): an explicit override,
/// `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, `endpoint_url` in the profile's `services`
/// section, then `endpoint_url` in the profile; `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` (or
/// `ignore_configured_endpoint_urls` in the profile) turns off all but the explicit one.
struct AWSEndpointResolver: Sendable {
    var environment: [String: String]
    var shared: AWSSharedConfig
    var profileName: String
    /// Overrides from the swiftdbt profile, by signing name; they win over everything.
    var explicit: [String: String]

    /// The configured override URL and where it came from, or nil for the default endpoint.
    func override(for service: AWSService) -> (url: String, origin: String)? {
        if let url = explicit[service.signingName] { return (url, "the swiftdbt profile") }
        let profile = shared.profile(profileName) ?? [:]
        let ignore =
            environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() == "true"
            || profile["ignore_configured_endpoint_urls"]?.lowercased() == "true"
        if ignore { return nil }
        let specific = "AWS_ENDPOINT_URL_" + service.environmentSuffix
        if let url = environment[specific], !url.isEmpty { return (url, specific) }
        if let url = environment["AWS_ENDPOINT_URL"], !url.isEmpty { return (url, "AWS_ENDPOINT_URL") }
        if let url = shared.serviceSettings(profile: profileName, service: service)?["endpoint_url"], !url.isEmpty {
            return (url, "endpoint_url for \(service.configKey) in the services section of profile '\(profileName)'")
        }
        if let url = profile["endpoint_url"], !url.isEmpty { return (url, "endpoint_url in profile '\(profileName)'") }
        return nil
    }

    /// The endpoint to call; throws when an override is not an `http(s)://host[:port][/path]` URL.
    func endpoint(for service: AWSService, region: String) throws -> AWSEndpoint {
        if let (url, origin) = override(for: service) {
            guard let endpoint = AWSEndpoint(url: url) else {
                throw AWSConfigurationError("endpoint URL '\(url)' from \(origin) is not an http(s)://host[:port] URL")
            }
            return endpoint
        }
        return Self.defaultEndpoint(for: service, region: region)
    }

    /// `{prefix}.{region}.amazonaws.com` (`.amazonaws.com.cn` in China regions).
    static func defaultEndpoint(for service: AWSService, region: String) -> AWSEndpoint {
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return AWSEndpoint(host: "\(service.endpointPrefix).\(region).\(suffix)")
    }
}
