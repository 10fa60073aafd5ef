/// One record out of a large file whose records are sorted by key, found by reading a few pages of
/// it instead of all of it.
///
/// A warm `run --select one_model` on 100,000 models needs one line of the compile index (55 MB);
/// reading and searching it whole took about 30 ms.
/// A record starts right after `marker` with its key, up to `keyEnd`; keys compare as bytes. The
/// search halves the part of the file left while the keys it lands on say where the record must be,
/// then looks for the record's marker and key in that part, so a file that is not sorted (or a key
/// it could not read) costs a longer search, never a wrong answer: only a record whose marker and
/// key match exactly is returned, and when the part left does not hold it the whole file is searched.
public struct SortedRecords: Sendable {
    public let path: String
    public let fileSystem: FileSystem
    /// What comes right before each key (a newline, or a newline and an indent).
    public let marker: [UInt8]
    /// The byte after each key.
    public let keyEnd: UInt8
    /// What ends a record; it is part of the record.
    public let recordEnd: [UInt8]
    /// The bytes read at a time.
    public var window = 1 << 16

    public init(path: String, fileSystem: FileSystem, marker: [UInt8], keyEnd: UInt8, recordEnd: [UInt8]) {
        self.path = path
        self.fileSystem = fileSystem
        self.marker = marker
        self.keyEnd = keyEnd
        self.recordEnd = recordEnd
    }

    /// The record with `key`: its bytes from the key's first byte through `recordEnd`; nil when the
    /// file has none or cannot be read.
    public func record(_ key: [UInt8]) -> [UInt8]? {
        guard let size = fileSystem.fileSize(path) else { return nil }
        let needle = marker + key + [keyEnd]
        // The record's marker starts in lo..<hi.
        var lo = 0
        var hi = size
        while hi - lo > window {
            let mid = lo + (hi - lo) / 2
            guard let chunk = try? fileSystem.readBytes(path, offset: mid, count: window), let at = ByteSearch.find(marker, in: chunk)
            else { break }
            let keyStart = at + marker.count
            guard let end = chunk[keyStart...].firstIndex(where: { $0 == keyEnd || $0 == UInt8(ascii: "\n") }) else { break }
            let found = chunk[keyStart..<end]
            // A line without a key (a trailer such as the index's `end`) sorts after every record.
            let keyed = chunk[end] == keyEnd
            if keyed, found.elementsEqual(key) { return rest(at: mid + keyStart, first: chunk[keyStart...]) }
            if keyed, found.lexicographicallyPrecedes(key) {
                lo = mid + at + 1
            } else if mid + at < hi {
                hi = mid + at
            } else {
                // The first marker after the middle is the end of the part: one long record fills
                // its second half, and halving again would land on it again.
                break
            }
        }
        if let part = try? fileSystem.readBytes(path, offset: lo, count: hi - lo + needle.count), let at = ByteSearch.find(needle, in: part) {
            return rest(at: lo + at + marker.count, first: part[(at + marker.count)...])
        }
        guard let all = try? fileSystem.readBytes(path), let at = ByteSearch.find(needle, in: all) else { return nil }
        return rest(at: at + marker.count, first: all[(at + marker.count)...])
    }

    /// The record whose key starts at `offset`, `first` being its bytes read so far: read on until `recordEnd`.
    private func rest(at offset: Int, first: ArraySlice<UInt8>) -> [UInt8]? {
        var out = Array(first)
        var searched = 0
        while true {
            if let end = ByteSearch.find(recordEnd, in: out, from: searched) { return Array(out[..<(end + recordEnd.count)]) }
            searched = max(0, out.count - recordEnd.count + 1)
            guard let more = try? fileSystem.readBytes(path, offset: offset + out.count, count: window), !more.isEmpty else { return nil }
            out += more
        }
    }
}
