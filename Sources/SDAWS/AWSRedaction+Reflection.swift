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
