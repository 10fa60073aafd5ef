/// A shell-style wildcard pattern with Python `fnmatch` semantics (case-sensitive, as on POSIX),
/// used by every selector method dbt documents as glob-aware: `*`, `?`, `[abc]`, `[a-z]`, `[!abc]`.
///
/// Compiled once per criterion and matched over UTF-8 bytes without allocating, since one
/// criterion is tried against every node of the graph.
struct Glob: Sendable {
    let pattern: String
    /// Nil when the pattern has a wildcard; otherwise matching is plain equality.
    private let literal: String?
    let bytes: [UInt8]

    init(_ pattern: String) {
        self.pattern = pattern
        self.bytes = Array(pattern.utf8)
        self.literal = Glob.hasWildcard(pattern) ? nil : pattern
    }

    var isLiteral: Bool { literal != nil }

    /// Whether the pattern has any wildcard at all; patterns without one compare by equality.
    static func hasWildcard(_ pattern: some StringProtocol) -> Bool {
        pattern.utf8.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") }
    }

    /// `fnmatch(text, pattern)`: `*` also matches `/` and `.`.
    func matches(_ text: String) -> Bool {
        if let literal { return text == literal }
        var copy = text
        return copy.withUTF8 { t in bytes.withUnsafeBufferPointer { p in Glob.match(t[...], p[...]) } }
    }

    /// Matches the bytes of `text` from `offset` on.
    func matches(_ text: String, fromByte offset: Int) -> Bool {
        var copy = text
        return copy.withUTF8 { t in bytes.withUnsafeBufferPointer { p in Glob.match(t[offset...], p[...]) } }
    }

    /// One-off match, for callers without a compiled pattern.
    static func matches(_ text: String, _ pattern: String) -> Bool { Glob(pattern).matches(text) }

    /// Matches bytes with one backtracking point for the last `*`: linear for the patterns
    /// selectors use and never exponential.
    static func match(_ text: Slice<UnsafeBufferPointer<UInt8>>, _ pattern: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        var t = text.startIndex
        var p = pattern.startIndex
        var starP: Int? = nil
        var starT = 0
        while t < text.endIndex {
            if p < pattern.endIndex {
                let c = pattern[p]
                if c == UInt8(ascii: "*") {
                    starP = p
                    starT = t
                    p += 1
                    continue
                }
                if c == UInt8(ascii: "?") {
                    t = nextCharacter(text, t)
                    p += 1
                    continue
                }
                if c == UInt8(ascii: "["), let (matched, after) = matchClass(text[t], pattern, p) {
                    if matched {
                        t = nextCharacter(text, t)
                        p = after
                        continue
                    }
                } else if c == text[t] {
                    t += 1
                    p += 1
                    continue
                }
            }
            guard let sp = starP else { return false }
            p = sp + 1
            starT = nextCharacter(text, starT)
            t = starT
        }
        while p < pattern.endIndex, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.endIndex
    }

    /// Index after the UTF-8 character starting at `i`, so `?` matches a character, not a byte.
    private static func nextCharacter(_ text: Slice<UnsafeBufferPointer<UInt8>>, _ i: Int) -> Int {
        var j = i + 1
        while j < text.endIndex, text[j] & 0xC0 == 0x80 { j += 1 }
        return j
    }

    /// A `[...]` class at `p`: whether `c` is in it and where the class ends; nil when the
    /// bracket is not closed, in which case fnmatch treats `[` literally.
    private static func matchClass(_ c: UInt8, _ pattern: Slice<UnsafeBufferPointer<UInt8>>, _ p: Int) -> (Bool, Int)? {
        var i = p + 1
        var negate = false
        if i < pattern.endIndex, pattern[i] == UInt8(ascii: "!") {
            negate = true
            i += 1
        }
        var matched = false
        var first = true
        while i < pattern.endIndex {
            let x = pattern[i]
            if x == UInt8(ascii: "]"), !first {
                return (matched != negate, i + 1)
            }
            first = false
            if i + 2 < pattern.endIndex, pattern[i + 1] == UInt8(ascii: "-"), pattern[i + 2] != UInt8(ascii: "]") {
                if x <= c && c <= pattern[i + 2] { matched = true }
                i += 3
            } else {
                if x == c { matched = true }
                i += 1
            }
        }
        return nil
    }
}
