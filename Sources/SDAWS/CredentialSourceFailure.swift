/// One source's failure inside the chain: `configured` failures stop the chain.
struct CredentialSourceFailure: Error {
    var reason: String
}
