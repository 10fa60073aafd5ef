// `dump()`, `String(reflecting:)` and debuggers read stored properties through Mirror; these
// mirrors make sure that path shows no secret either.

extension AWSCredentials: CustomReflectable {
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "accessKeyID": accessKeyID, "secretAccessKey": AWSRedaction.placeholder,
                "sessionToken": sessionToken == nil ? "nil" : AWSRedaction.placeholder,
                "expiration": expiration.map(AWSTimestamp.iso8601) ?? "nil",
            ], displayStyle: .struct)
    }
}

extension SignedAWSRequest: CustomReflectable {
    public var customMirror: Mirror {
        Mirror(self, children: ["request": description], displayStyle: .struct)
    }
}

extension HTTPRequest: CustomStringConvertible, CustomReflectable {
    /// The method, URL and headers with credentials redacted.
    public var description: String {
        var lines = ["\(method) \(AWSRedaction.redactURL(url))"]
        for name in headers.keys.sorted() {
            lines.append("\(name): \(AWSRedaction.redactHeader(name: name, value: headers[name] ?? ""))")
        }
        lines.append("(\(body.count) bytes)")
        return lines.joined(separator: "\n")
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["request": description], displayStyle: .struct)
    }
}
