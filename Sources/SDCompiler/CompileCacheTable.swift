/// The stamp table of a compile cache file (CompileCache.swift), read as bytes: a hit reads some
/// 26,000 lines of it for a 10,000-model project, and splitting them into Swift Strings was most of
/// a hit's time. Lines are `folder\tPATH/`, `in\tHASH\tMTIME\tCTIME\tSIZE\tINODE\tNAME`,
/// `out\tMTIME\tCTIME\tSIZE\tINODE\tNAME` and a last `end`; PATH and NAME are escaped as the rest
/// of the file is (`\\`, `\t`, `\n`, `\r`).
enum CompileCacheTable {
    struct Line {
        enum Kind { case folder, input, output }
        var kind: Kind
        var hash: UInt64 = 0
        var stamp = FileStamp(modifiedNanoseconds: 0, changedNanoseconds: 0, size: 0, inode: 0)
        /// Where the (escaped) folder path or file name is in the file's bytes.
        var name: Range<Int>
    }

    /// A path as its folder (up to and with the last `/`, empty for none) and its name: the folder
    /// and the name together are the path again, character for character.
    static func split(_ path: String) -> (folder: Substring, name: Substring) {
        // By UTF-8 byte: `/` is ASCII, and a search by Character was a sixth of writing a 100k record.
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return ("", path[...]) }
        let name = path.utf8.index(after: slash)
        return (path[..<name], path[name...])
    }

    /// A run of whole lines of the table, and the name of the folder line in force where it starts
    /// (nil: the run starts the table).
    struct Part: Sendable {
        var start: Int
        var end: Int
        var folder: Range<Int>?
    }

    /// Cuts the table from `start` into about `count` runs of whole lines, to be checked side by side.
    static func parts(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) -> [Part] {
        var cuts = [start]
        var last = start
        for k in 1..<max(1, count) {
            var cut = start + (bytes.count - start) * k / count
            while cut < bytes.count, bytes[cut - 1] != 0x0A { cut += 1 }
            if cut > last, cut < bytes.count {
                cuts.append(cut)
                last = cut
            }
        }
        cuts.append(bytes.count)
        return zip(cuts, cuts.dropFirst()).map { lo, hi in
            Part(start: lo, end: hi, folder: lo == start ? nil : folderLine(bytes, before: lo, notBefore: start))
        }
    }

    /// The name of the last `folder` line that starts at or after `floor` and ends before `cut`.
    private static func folderLine(_ bytes: UnsafeBufferPointer<UInt8>, before cut: Int, notBefore floor: Int) -> Range<Int>? {
        var end = cut - 1
        while end > floor {
            var lineStart = end
            while lineStart > floor, bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
            if starts(bytes, lineStart, end, "folder\t") { return (lineStart + 7)..<end }
            end = lineStart - 1
        }
        return nil
    }

    /// Calls `body` with each line from `start` (a line's start) up to `stop` (a line's start, or the
    /// end of the file, where the `end` line must be) until it returns false; returns nil when those
    /// lines are well formed up to where `body` stopped, else what is wrong with them.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to stop: Int? = nil, _ body: (Line) -> Bool) -> String? {
        let stop = stop ?? bytes.count
        var i = start
        var n = 0
        while i < stop {
            n += 1
            var end = i
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            guard end < bytes.count else { return "the stamp table's line \(n) has no end" }
            defer { i = end + 1 }
            // Made only when wanted: one made for each of a 100k record's 260,000 lines was a
            // large part of reading them.
            func bad() -> String { "the stamp table's line \(n) is not understood" }
            if starts(bytes, i, end, "end") && end == i + 3 {
                return end + 1 == bytes.count ? nil : "the file goes on after its end line"
            }
            var line: Line
            if starts(bytes, i, end, "folder\t") {
                line = Line(kind: .folder, name: (i + 7)..<end)
            } else {
                let output = starts(bytes, i, end, "out\t")
                guard output || starts(bytes, i, end, "in\t") else { return bad() }
                var j = i + (output ? 4 : 3)
                line = Line(kind: output ? .output : .input, name: end..<end)
                if !output {
                    guard let h = hex(bytes, &j, end) else { return bad() }
                    line.hash = h
                }
                guard let m = integer(bytes, &j, end), let c = integer(bytes, &j, end), let size = integer(bytes, &j, end),
                    let inode = integer(bytes, &j, end), inode >= 0
                else { return bad() }
                line.stamp = FileStamp(modifiedNanoseconds: m, changedNanoseconds: c, size: size, inode: UInt64(inode))
                line.name = j..<end
            }
            if !body(line) { return nil }
        }
        return stop < bytes.count ? nil : "it has no end line"
    }

    /// Writes the table's lines, escaping names as `read` unescapes them.
    struct Writer {
        var bytes: [UInt8] = []

        /// `folder\tPATH/`, `in\tHASH\tSTAMP\tNAME` or `out\tSTAMP\tNAME`.
        mutating func line(_ kind: StaticString, hash: UInt64? = nil, stamp: FileStamp? = nil, name: String) {
            bytes.append(contentsOf: UnsafeBufferPointer(start: kind.utf8Start, count: kind.utf8CodeUnitCount))
            bytes.append(0x09)
            if let hash {
                for shift in stride(from: 60, through: 0, by: -4) {
                    let digit = UInt8((hash >> UInt64(shift)) & 0xF)
                    bytes.append(digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10)
                }
                bytes.append(0x09)
            }
            if let stamp {
                // Each value in turn, not a loop over an array of them: that array was allocated
                // for every line.
                signed(stamp.modifiedNanoseconds)
                signed(stamp.changedNanoseconds)
                signed(stamp.size)
                decimal(stamp.inode)
                bytes.append(0x09)
            }
            CompileCacheTable.escape(name, into: &bytes)
            bytes.append(0x0A)
        }

        /// The last line.
        mutating func end() { bytes.append(contentsOf: "end\n".utf8) }

        private mutating func signed(_ value: Int64) {
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            decimal(value.magnitude)
            bytes.append(0x09)
        }

        /// The digits, least significant first, then turned around in place.
        private mutating func decimal(_ value: UInt64) {
            let start = bytes.count
            var v = value
            repeat {
                bytes.append(UInt8(ascii: "0") + UInt8(v % 10))
                v /= 10
            } while v > 0
            bytes[start...].reverse()
        }
    }

    /// Appends a path or name as the table holds it: `\\`, tab, newline and carriage return escaped.
    static func escape(_ name: String, into bytes: inout [UInt8]) {
        for b in name.utf8 {
            switch b {
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            default: bytes.append(b)
            }
        }
    }

    /// A path or name as the table holds it.
    static func escaped(_ name: some StringProtocol) -> [UInt8] {
        var bytes: [UInt8] = []
        escape(String(name), into: &bytes)
        return bytes
    }

    /// The unescaped text of a path or name.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        unescape(bytes, range) { out.append($0) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes the unescaped name and a NUL into `buffer`; false when it does not fit.
    static func copyName(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into buffer: inout [CChar]) -> Bool {
        guard range.count < buffer.count else { return false }
        var k = 0
        unescape(bytes, range) { b in
            buffer[k] = CChar(bitPattern: b)
            k += 1
        }
        buffer[k] = 0
        return true
    }

    private static func unescape(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ emit: (UInt8) -> Void) {
        var escaped = false
        for k in range {
            let b = bytes[k]
            if escaped {
                switch b {
                case UInt8(ascii: "t"): emit(0x09)
                case UInt8(ascii: "n"): emit(0x0A)
                case UInt8(ascii: "r"): emit(0x0D)
                default: emit(b)
                }
                escaped = false
            } else if b == UInt8(ascii: "\\") {
                escaped = true
            } else {
                emit(b)
            }
        }
    }

    static func starts(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int, _ word: StaticString) -> Bool {
        guard end - i >= word.utf8CodeUnitCount else { return false }
        for k in 0..<word.utf8CodeUnitCount where bytes[i + k] != word.utf8Start[k] { return false }
        return true
    }

    /// A decimal field and the tab after it.
    private static func integer(_ bytes: UnsafeBufferPointer<UInt8>, _ j: inout Int, _ end: Int) -> Int64? {
        let negative = j < end && bytes[j] == UInt8(ascii: "-")
        if negative { j += 1 }
        let first = j
        var value: Int64 = 0
        while j < end, bytes[j] != 0x09 {
            let digit = bytes[j] &- UInt8(ascii: "0")
            guard digit < 10, j - first < 19 else { return nil }
            value = value &* 10 &+ Int64(digit)
            j += 1
        }
        guard j > first, j < end else { return nil }
        j += 1
        return negative ? -value : value
    }

    /// A 16-digit hexadecimal field and the tab after it.
    private static func hex(_ bytes: UnsafeBufferPointer<UInt8>, _ j: inout Int, _ end: Int) -> UInt64? {
        guard end - j > 16, bytes[j + 16] == 0x09 else { return nil }
        var value: UInt64 = 0
        for k in j..<(j + 16) {
            let b = bytes[k]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        j += 17
        return value
    }
}
