import Crypto

/// SHA-1, only where a file format names it: package-lock.yml's `sha1_hash` (dbt 1.7+) says which
/// packages.yml the pins were resolved from. Not used for anything that needs collision resistance.
public enum SHA1Digest {
    /// The lower-case hex digest of `bytes`.
    public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var hasher = Insecure.SHA1()
        hasher.update(data: Array(bytes))
        return hasher.finalize().map { b in String(b, radix: 16).count == 1 ? "0" + String(b, radix: 16) : String(b, radix: 16) }.joined()
    }
}
