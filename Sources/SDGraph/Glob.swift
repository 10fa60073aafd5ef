/// Shell-style wildcards with Python `fnmatch` semantics (case-sensitive, as on POSIX), used by
/// every selector method that dbt documents as glob-aware: `*`, `?`, `[abc]`, `[a-z]`, `[!abc]`.
enum Glob {
    /// Whether the pattern has any wildcard at all; patterns without one compare by equality.
    static func hasWildcard(_ pattern: some StringProtocol) -> Bool {
        pattern.utf8.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") }
    }

    /// `fnmatch(text, pattern)`: `*` also matches `/` and `.`.
    static func matches(_ text: String, _ pattern: String) -> Bool {
        if !hasWildcard(pattern) { return text == pattern }
        return matchBytes(Array(text.utf8)[...], Array(pattern.utf8)[...])
    }

    /// Path globbing as `pathlib.Path.glob` does it: `*` and `?` stay within one path segment,
    /// a `**` segment spans any number of segments.
    static func matchesPath(_ path: String, _ pattern: String) -> Bool {
        if !hasWildcard(pattern) { return path == pattern }
        let textSegments = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true).map { Array($0)[...] }
        let patternSegments = pattern.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true).map { Array($0)[...] }
        return matchSegments(textSegments[...], patternSegments[...])
    }

    private static func matchSegments(_ text: ArraySlice<ArraySlice<UInt8>>, _ pattern: ArraySlice<ArraySlice<UInt8>>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        if first.elementsEqual("**".utf8) {
            let rest = pattern.dropFirst()
            var t = text
            while true {
                if matchSegments(t, rest) { return true }
                if t.isEmpty { return false }
                t = t.dropFirst()
            }
        }
        guard let segment = text.first, matchBytes(segment, first) else { return false }
        return matchSegments(text.dropFirst(), pattern.dropFirst())
    }

    /// Matches bytes with one backtracking point for the last `*`, which is linear for the
    /// patterns selectors use and never exponential.
    private static func matchBytes(_ text: ArraySlice<UInt8>, _ pattern: ArraySlice<UInt8>) -> Bool {
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
                if c == UInt8(ascii: "["), let (matched, after) = matchClass(text, t, pattern, p) {
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
    private static func nextCharacter(_ text: ArraySlice<UInt8>, _ i: Int) -> Int {
        var j = i + 1
        while j < text.endIndex, text[j] & 0xC0 == 0x80 { j += 1 }
        return j
    }

    /// A `[...]` class at `p`: whether the byte at `t` is in it and where the class ends; nil when the
    /// bracket is not closed, in which case fnmatch treats `[` literally.
    private static func matchClass(_ text: ArraySlice<UInt8>, _ t: Int, _ pattern: ArraySlice<UInt8>, _ p: Int) -> (Bool, Int)? {
        var i = p + 1
        var negate = false
        if i < pattern.endIndex, pattern[i] == UInt8(ascii: "!") {
            negate = true
            i += 1
        }
        let c = text[t]
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
