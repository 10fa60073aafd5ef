import SDBasics

/// Where one piece of rendered text came from, so a database error in compiled SQL can point at
/// the template line that produced it.
///
/// Literal template text is copied byte for byte, so an offset inside it maps to the exact template
/// byte (`isLiteral`). Anything an expression wrote maps to the whole expression. Text written inside
/// a macro maps to the call in the calling template, and `macro` keeps the macro's own text that
/// wrote it (the innermost macro, where the SQL is literally spelled out).
public struct SourceSegment: Sendable, Hashable {
    /// UTF-8 byte range in the rendered text; never empty.
    public var output: Range<Int>
    /// The template text that produced `output`: the copied text itself, or the expression.
    public var source: SourceRange
    /// True when `output` is a byte-for-byte copy of `source`.
    public var isLiteral: Bool
    /// For text written inside a macro: the macro text that wrote it.
    public var macro: SourceRange?
    /// True when `output` is a byte-for-byte copy of `macro`.
    public var macroIsLiteral: Bool

    public init(output: Range<Int>, source: SourceRange, isLiteral: Bool, macro: SourceRange? = nil, macroIsLiteral: Bool = false) {
        self.output = output
        self.source = source
        self.isLiteral = isLiteral
        self.macro = macro
        self.macroIsLiteral = macroIsLiteral
    }

    /// The same origin for output moved by `delta` bytes.
    public func shifted(by delta: Int) -> SourceSegment {
        var copy = self
        copy.output = (output.lowerBound + delta)..<(output.upperBound + delta)
        return copy
    }

    /// This segment as seen from the call of the macro that wrote it: the output maps to the call, and
    /// the macro text that wrote it is kept (the innermost macro's, when calls nest).
    public func seen(throughCall call: SourceRange, movedBy delta: Int = 0) -> SourceSegment {
        SourceSegment(
            output: (output.lowerBound + delta)..<(output.upperBound + delta), source: call, isLiteral: false,
            macro: macro ?? source, macroIsLiteral: macro == nil ? isLiteral : macroIsLiteral)
    }

    /// The part of this segment whose output lies in `range` (literal sources are cut to match),
    /// or nil when they do not overlap.
    public func clipped(to range: Range<Int>) -> SourceSegment? {
        let lo = max(output.lowerBound, range.lowerBound)
        let hi = min(output.upperBound, range.upperBound)
        guard lo < hi else { return nil }
        var copy = self
        copy.output = lo..<hi
        if isLiteral { copy.source = SegmentMath.cut(source, from: output.lowerBound, to: lo..<hi) }
        if macroIsLiteral, let m = macro { copy.macro = SegmentMath.cut(m, from: output.lowerBound, to: lo..<hi) }
        return copy
    }
}

/// The origin of a span of rendered text: where to put the caret in the template, and, for text
/// written by a macro, where in the macro.
public struct SourceOrigin: Sendable, Hashable {
    /// In the rendered template: the exact bytes for literal text, the whole expression otherwise.
    public var template: SourceRange
    /// True when `template` is the exact text (not the expression that produced it).
    public var isExact: Bool
    /// The macro text that wrote it, when it came from a macro.
    public var macro: SourceRange?
}

/// Segments of one rendered text, sorted by output offset and not overlapping; gaps are text no
/// template wrote (for example SQL the compiler adds, such as the `with` of injected CTEs).
public struct SourceMap: Sendable, Hashable {
    public var segments: [SourceSegment]

    public init(_ segments: [SourceSegment] = []) { self.segments = segments }

    /// The segment holding the byte at `offset`, by binary search.
    public func segment(at offset: Int) -> SourceSegment? {
        var lo = 0
        var hi = segments.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if segments[mid].output.upperBound <= offset { lo = mid + 1 } else { hi = mid }
        }
        guard lo < segments.count, segments[lo].output.contains(offset) else { return nil }
        return segments[lo]
    }

    /// Where the rendered bytes `range` came from, judged by their first byte. A literal origin is
    /// cut to the same bytes (within its segment); otherwise the whole expression is the origin.
    public func origin(of range: Range<Int>) -> SourceOrigin? {
        guard let s = segment(at: range.lowerBound) else { return nil }
        let within = range.lowerBound..<max(range.lowerBound + 1, min(range.upperBound, s.output.upperBound))
        let template = s.isLiteral ? SegmentMath.cut(s.source, from: s.output.lowerBound, to: within) : s.source
        var macro = s.macro
        if s.macroIsLiteral, let m = s.macro { macro = SegmentMath.cut(m, from: s.output.lowerBound, to: within) }
        return SourceOrigin(template: template, isExact: s.isLiteral, macro: macro)
    }

    /// This map's segments inside `range` of the rendered text, moved so that `range` starts at `at`.
    public func slice(_ range: Range<Int>, movedTo at: Int) -> [SourceSegment] {
        segments.compactMap { $0.clipped(to: range)?.shifted(by: at - range.lowerBound) }
    }
}

enum SegmentMath {
    /// The bytes of a literal `source` that were copied to `part`, when the copy started at `outputStart`.
    static func cut(_ source: SourceRange, from outputStart: Int, to part: Range<Int>) -> SourceRange {
        let lo = min(source.bytes.upperBound, source.bytes.lowerBound + (part.lowerBound - outputStart))
        let hi = min(source.bytes.upperBound, max(lo, source.bytes.lowerBound + (part.upperBound - outputStart)))
        return SourceRange(file: source.file, bytes: lo..<hi)
    }
}
