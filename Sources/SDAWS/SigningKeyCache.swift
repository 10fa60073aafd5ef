import Crypto
import Foundation

/// Derived SigV4 signing keys, one per access key, day, region and service, so the four HMACs of the
/// derivation run once a day rather than once a request.
final class SigningKeyCache: @unchecked Sendable {
    private struct Entry {
        var secret: String
        var key: SymmetricKey
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private let capacity = 64

    func key(secret: String, accessKeyID: String, day: String, region: String, service: String) -> SymmetricKey {
        let id = accessKeyID + "/" + day + "/" + region + "/" + service
        lock.lock()
        if let hit = entries[id], hit.secret == secret {
            lock.unlock()
            return hit.key
        }
        lock.unlock()
        let key = Self.derive(secret: secret, day: day, region: region, service: service)
        lock.lock()
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[id] = Entry(secret: secret, key: key)
        lock.unlock()
        return key
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.count
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request").
    static func derive(secret: String, day: String, region: String, service: String) -> SymmetricKey {
        var k = SymmetricKey(data: Data(("AWS4" + secret).utf8))
        for part in [day, region, service, "aws4_request"] {
            k = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: k)))
        }
        return k
    }
}
