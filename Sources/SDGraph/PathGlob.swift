/// A `path:` pattern: a file or folder relative to the project root, globbed the way
/// `pathlib.Path.glob` does it (`*` and `?` stay within one segment, a `**` segment spans any
/// number of them). A node matches when its file or any folder above it matches.
struct PathGlob: Sendable {
    /// The pattern with `./`, repeated and trailing slashes removed.
    let normalized: String
    private let segments: [Glob]
    private let literal: Bool

    init(_ value: String) {
        let parts = value.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        normalized = parts.joined(separator: "/")
        segments = parts.map { Glob(String($0)) }
        literal = segments.allSatisfy(\.isLiteral)
    }

    /// Whether the path or one of its folders matches.
    func matches(_ path: String) -> Bool {
        if literal {
            // The common case, `path:models/gold`: the file itself or anything below the folder.
            guard path.utf8.starts(with: normalized.utf8) else { return false }
            let n = normalized.utf8.count
            return path.utf8.count == n || path.utf8.dropFirst(n).first == UInt8(ascii: "/") || n == 0
        }
        var copy = path
        return copy.withUTF8 { bytes in
            let ranges = Self.segments(of: bytes)
            for count in stride(from: ranges.count, through: 1, by: -1)
            where matchSegments(bytes, ranges[..<count], segments[...]) {
                return true
            }
            return false
        }
    }

    /// Whether the whole path (not a folder above it) matches; used by `Glob` tests.
    func matchesExactly(_ path: String) -> Bool {
        var copy = path
        return copy.withUTF8 { bytes in matchSegments(bytes, Self.segments(of: bytes)[...], segments[...]) }
    }

    /// The byte ranges of a path's non-empty `/`-separated segments.
    private static func segments(of bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for i in 0...bytes.count where i == bytes.count || bytes[i] == UInt8(ascii: "/") {
            if i > start { ranges.append(start..<i) }
            start = i + 1
        }
        return ranges
    }

    private func matchSegments(
        _ bytes: UnsafeBufferPointer<UInt8>, _ text: ArraySlice<Range<Int>>, _ pattern: ArraySlice<Glob>
    ) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        if first.pattern == "**" {
            let rest = pattern.dropFirst()
            var t = text
            while true {
                if matchSegments(bytes, t, rest) { return true }
                if t.isEmpty { return false }
                t = t.dropFirst()
            }
        }
        guard let segment = text.first, first.matches(bytes[segment]) else { return false }
        return matchSegments(bytes, text.dropFirst(), pattern.dropFirst())
    }
}

extension Glob {
    /// Matches one path segment held in a byte buffer.
    func matches(_ text: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        bytes.withUnsafeBufferPointer { p in
            if isLiteral { return text.elementsEqual(p) }
            return Glob.match(text, p[...])
        }
    }
}
