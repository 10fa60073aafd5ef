#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finding a byte string in a file's UTF-8, for the scans that run over every file of every load
/// (secret `env_var` names, `doc(` calls, the replacement character of a file that was not UTF-8).
///
/// `memchr` jumps to each candidate first byte and `memcmp` checks the rest, so nothing is built for
/// the bytes in between; glibc's `memmem` is not visible to Swift's Glibc module.
public enum ByteSearch {
    /// The offset of the first `needle` in `bytes` at or after `from`, or nil.
    public static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int = 0) -> Int? {
        bytes.withUnsafeBufferPointer { find(needle, in: $0, from: from) }
    }

    /// The same over a buffer (a `String`'s contiguous UTF-8, an array slice).
    public static func find(_ needle: [UInt8], in hay: UnsafeBufferPointer<UInt8>, from: Int = 0) -> Int? {
        guard let first = needle.first, let base = hay.baseAddress, from >= 0 else { return nil }
        var i = from
        while i + needle.count <= hay.count {
            guard let p = memchr(base + i, Int32(first), hay.count - needle.count + 1 - i) else { return nil }
            let at = UnsafeRawPointer(p) - UnsafeRawPointer(base)
            let rest = needle.withUnsafeBufferPointer { n in
                guard n.count > 1, let tail = n.baseAddress else { return true }
                return memcmp(base + at + 1, tail + 1, n.count - 1) == 0
            }
            if rest { return at }
            i = at + 1
        }
        return nil
    }

    /// True when `text`'s UTF-8 contains `needle`; no Foundation, whose `contains` on `String` goes
    /// through `NSString.range(of:)` (2 % of a 10,000-model `ls` for `DocReferences` alone).
    public static func contains(_ text: String, _ needle: [UInt8]) -> Bool {
        var text = text
        return text.withUTF8 { find(needle, in: $0) != nil }
    }
}
