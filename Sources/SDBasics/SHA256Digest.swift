import Crypto

/// SHA-256 for file checksums in the manifest and S3's `x-amz-content-sha256`, from swift-crypto
/// (BoringSSL's implementation on Linux, CryptoKit on Apple platforms) rather than a copy of FIPS 180-4.
public enum SHA256Digest {
    /// The lower-case hex digest of `bytes`.
    public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var hasher = SHA256()
        if bytes.withContiguousStorageIfAvailable({ hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }) == nil {
            hasher.update(data: Array(bytes))
        }
        return hexString(hasher.finalize())
    }
}

/// MD5, only where a name must equal dbt's: dbt-core shortens a generic test's name of 64 characters
/// or more to its first 30 characters, `_` and the MD5 hex digest of the full name
/// (`synthesize_generic_test_names`, core/dbt/parser/generic_test_builders.py; `md5` in
/// dbt_common/utils). Not used for anything that needs collision resistance.
public enum MD5Digest {
    /// The lower-case hex digest of `bytes`.
    public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var hasher = Insecure.MD5()
        hasher.update(data: Array(bytes))
        return hexString(hasher.finalize())
    }
}

/// Lower-case hex of a digest, built as bytes: appending Characters one by one to a String was
/// a tenth of the manifest's cost (a SHA-256 checksum per node).
private func hexString<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
    let digits: [UInt8] = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(64)
    for byte in digest {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
}
