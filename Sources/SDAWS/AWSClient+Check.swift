import SDBasics

extension AWSClient {
    /// The caller's identity from STS GetCallerIdentity: account, ARN and user id.
    public func callerIdentity() async throws -> (account: String, arn: String, userID: String) {
        let xml = try await sendQuery(service: .sts, action: "GetCallerIdentity", version: "2011-06-15")
        return (xml.value("Account") ?? "", xml.value("Arn") ?? "", xml.value("UserId") ?? "")
    }

    /// Checks credentials and reachability with cheap signed calls and reports every step:
    /// region and endpoints, where the credentials came from, STS GetCallerIdentity, and Athena
    /// GetWorkGroup for the target's workgroup. Never throws; a failed step says why.
    public func connectivityReport(athenaWorkGroup: String) async -> [AWSCheckStep] {
        var steps: [AWSCheckStep] = []
        let endpointText = [AWSService.sts, .athena].map { service in
            (try? endpoint(for: service).description).map { "\(service.signingName) \($0)" }
                ?? "\(service.signingName) <invalid endpoint override>"
        }.joined(separator: ", ")
        steps.append(AWSCheckStep(name: "region and endpoints", succeeded: true, detail: "\(region); \(endpointText)"))

        do {
            let creds = try await credentials()
            var source = "given to the client"
            if let chain = credentialsProvider as? AWSCredentialsChain, let s = await chain.sourceDescription {
                source = s
            }
            var detail = "access key \(creds.accessKeyID) from \(source)"
            if let expiry = creds.expiration { detail += ", temporary until \(AWSTimestamp.iso8601(expiry))" }
            steps.append(AWSCheckStep(name: "credentials", succeeded: true, detail: detail))
        } catch {
            steps.append(AWSCheckStep(name: "credentials", succeeded: false, detail: String(describing: error)))
            return steps
        }

        do {
            let identity = try await callerIdentity()
            steps.append(
                AWSCheckStep(
                    name: "sts GetCallerIdentity", succeeded: true,
                    detail: "\(identity.arn) (account \(identity.account))"))
        } catch {
            steps.append(
                AWSCheckStep(name: "sts GetCallerIdentity", succeeded: false, detail: String(describing: error)))
        }

        do {
            let result = try await send(
                service: .athena, target: "AmazonAthena.GetWorkGroup", json: ["WorkGroup": .string(athenaWorkGroup)])
            let group = result["WorkGroup"]
            let state = group?["State"]?.stringValue ?? "unknown state"
            var detail = "workgroup '\(athenaWorkGroup)' is \(state)"
            if let output = group?["Configuration"]?["ResultConfiguration"]?["OutputLocation"]?.stringValue {
                detail += ", results to \(output)"
            }
            steps.append(AWSCheckStep(name: "athena GetWorkGroup", succeeded: true, detail: detail))
        } catch {
            steps.append(AWSCheckStep(name: "athena GetWorkGroup", succeeded: false, detail: String(describing: error)))
        }
        return steps
    }
}
