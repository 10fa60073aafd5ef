/// RFC 3986 percent-encoding as SigV4 defines it: every byte outside `A-Z a-z 0-9 - . _ ~` becomes
/// `%XX` with upper-case hex, working on UTF-8 bytes.
public enum AWSPercentEncoding {
    /// Encodes a query key or value, or one path segment (`/` is encoded too).
    public static func encode(_ text: String) -> String { encode(text, keepSlash: false) }

    /// Encodes a path, keeping `/` as the separator.
    public static func encodePath(_ text: String) -> String { encode(text, keepSlash: true) }

    static func encode(_ text: String, keepSlash: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Encodes pairs as `k=v&k=v` in the given order (`k=` for an empty value), as a URL query.
    static func queryString(_ items: [AWSQueryItem]) -> String {
        var parts: [String] = []
        parts.reserveCapacity(items.count)
        for item in items { parts.append(encode(item.name) + "=" + encode(item.value)) }
        return parts.joined(separator: "&")
    }
}
