import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The disk as the library sees it; tests may pass an in-memory one.
public protocol FileSystem: Sendable {
    func readFile(_ path: String) throws -> String
    func fileExists(_ path: String) -> Bool
    func isDirectory(_ path: String) -> Bool
    /// Every regular file below a folder, as paths relative to it, sorted.
    func listFiles(under directory: String) throws -> [String]
    func writeFile(_ path: String, _ contents: String) throws
    /// Writes without a temporary file, and not at all when the file already holds `contents`: for
    /// outputs written by the thousand (compiled SQL), where a temporary file per output doubled the
    /// file-system work. A crash can leave that one file short; the next compile rewrites it.
    func updateFile(_ path: String, _ contents: String) throws
    func createDirectory(_ path: String) throws
    func removeItem(_ path: String) throws
    /// A file's bytes, and a write of bytes through a temporary file: for the tens of megabytes of
    /// a manifest that the one-edit compile patches (ProjectPipeline+Patch.swift), which need no
    /// String with its UTF-8 checks and copies.
    func readBytes(_ path: String) throws -> [UInt8]
    func writeBytes(_ path: String, _ bytes: [UInt8]) throws
    /// Writes the stream's batches as they come (through a temporary file), each dropped once
    /// written: a 100k-model manifest is never held whole. Each piece is whole JSON entries, so no
    /// piece boundary cuts a string (the scrubber looks at one piece at a time).
    func writeStream(_ path: String, _ stream: ChunkStream) throws
    /// Up to `count` bytes from `offset` (fewer at the end of the file): for a lookup that needs a
    /// few pages of a file of tens of megabytes (SortedRecords.swift).
    func readBytes(_ path: String, offset: Int, count: Int) throws -> [UInt8]
    /// The file's size in bytes; nil when it is not there.
    func fileSize(_ path: String) -> Int?
    /// A large file's bytes to scan, mapped where the file system can (FileBytes.swift).
    func readMapped(_ path: String) throws -> FileBytes
}

/// Pieces of a file made one batch at a time (`FileSystem.writeStream`); nil ends it.
public final class ChunkStream {
    private let produce: () -> [[UInt8]]?

    public init(_ produce: @escaping () -> [[UInt8]]?) { self.produce = produce }

    public func next() -> [[UInt8]]? { produce() }
}

extension FileSystem {
    public func readBytes(_ path: String) throws -> [UInt8] { Array(try readFile(path).utf8) }
    public func fileSize(_ path: String) -> Int? { try? readBytes(path).count }
    public func readMapped(_ path: String) throws -> FileBytes { FileBytes(try readBytes(path)) }
    public func readBytes(_ path: String, offset: Int, count: Int) throws -> [UInt8] {
        let all = try readBytes(path)
        let lo = min(max(0, offset), all.count)
        return Array(all[lo..<min(all.count, lo + max(0, count))])
    }
    public func writeBytes(_ path: String, _ bytes: [UInt8]) throws { try writeFile(path, String(decoding: bytes, as: UTF8.self)) }
    public func writeStream(_ path: String, _ stream: ChunkStream) throws {
        var all: [UInt8] = []
        while let batch = stream.next() { for piece in batch { all += piece } }
        try writeBytes(path, all)
    }

    public func updateFile(_ path: String, _ contents: String) throws {
        if fileExists(path), (try? readFile(path)) == contents { return }
        try writeFile(path, contents)
    }
}

/// The real disk, through Foundation.
public struct LocalFileSystem: FileSystem {
    public init() {}

    /// Reads straight into the `String`'s storage (which repairs bytes that are not UTF-8 into
    /// U+FFFD, as `String(decoding:)` does; `Diagnostic.notUTF8` finds them): going through
    /// Foundation's `Data` allocated and copied every file twice, 100,000 times in a large project.
    public func readFile(_ path: String) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystemError(path: path, reason: "cannot read file") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileSystemError(path: path, reason: "cannot read file") }
        // A pipe or device has no size to read up to (a folder has no text: Foundation refuses it below).
        guard (info.st_mode & S_IFMT) == S_IFREG else { return try readThroughFoundation(path) }
        let size = Int(info.st_size)
        var failed = false
        var complete = true
        let text = String(unsafeUninitializedCapacity: max(size, 1)) { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            var got = 0
            while got < size {
                let n = read(fd, base + got, size - got)
                if n < 0, errno == EINTR { continue }
                if n < 0 { failed = true; return 0 }
                if n == 0 { break }
                got += n
            }
            // A file that grew since fstat: read it again the slow way rather than cut it short.
            var probe: UInt8 = 0
            if got == size, read(fd, &probe, 1) > 0 { complete = false }
            return got
        }
        guard !failed else { throw FileSystemError(path: path, reason: "cannot read file") }
        return complete ? text : try readThroughFoundation(path)
    }

    private func readThroughFoundation(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileSystemError(path: path, reason: "cannot read file")
        }
        return String(decoding: data, as: UTF8.self)
    }

    public func fileExists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    public func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    /// Walks the folder with opendir/readdir: FileManager's enumerator spent most of a 10,000-model
    /// load building and rewriting path strings.
    public func listFiles(under directory: String) throws -> [String] {
        guard isDirectory(directory) else { return [] }
        var out: [String] = []
        func walk(_ absolute: String, _ relative: String) {
            guard let dir = opendir(absolute) else { return }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
                }
                if name == "." || name == ".." { continue }
                let childAbsolute = absolute + "/" + name
                let childRelative = relative.isEmpty ? name : relative + "/" + name
                var isDir = entry.pointee.d_type == UInt8(DT_DIR)
                if entry.pointee.d_type == UInt8(DT_UNKNOWN) || entry.pointee.d_type == UInt8(DT_LNK) {
                    isDir = isDirectory(childAbsolute)
                }
                if isDir { walk(childAbsolute, childRelative) } else { out.append(childRelative) }
            }
        }
        walk(directory, "")
        return out.sorted()
    }

    /// Writes through a temporary file renamed into place, so a reader never sees half a file.
    /// No fsync: compiled SQL and artifacts are rebuilt on the next run, and Foundation's atomic
    /// write syncs every file, which made writing thousands of compiled models disk-bound.
    public func writeFile(_ path: String, _ contents: String) throws {
        var bytes = contents
        try bytes.withUTF8 { try write(path, [$0]) }
    }

    public func writeBytes(_ path: String, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { try write(path, [$0]) }
    }

    public func readBytes(_ path: String) throws -> [UInt8] {
        guard let handle = fopen(path, "rb") else { throw FileSystemError(path: path, reason: "cannot read file") }
        defer { fclose(handle) }
        var st = stat()
        guard fstat(fileno(handle), &st) == 0 else { throw FileSystemError(path: path, reason: "cannot read file") }
        // One read of the size the file has now; a file that grows meanwhile is read to its end below.
        var out = [UInt8](unsafeUninitializedCapacity: Int(st.st_size)) { buffer, count in
            count = buffer.isEmpty ? 0 : fread(buffer.baseAddress, 1, buffer.count, handle)
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while feof(handle) == 0 && ferror(handle) == 0 {
            let n = fread(&chunk, 1, chunk.count, handle)
            out.append(contentsOf: chunk[0..<n])
            if n == 0 { break }
        }
        guard ferror(handle) == 0 else { throw FileSystemError(path: path, reason: "cannot read file") }
        return out
    }

    public func readMapped(_ path: String) throws -> FileBytes {
        if let mapped = FileBytes(mapping: path) { return mapped }
        return FileBytes(try readBytes(path))
    }

    public func fileSize(_ path: String) -> Int? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Int(st.st_size)
    }

    public func readBytes(_ path: String, offset: Int, count: Int) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystemError(path: path, reason: "cannot read file") }
        defer { close(fd) }
        var failed = false
        let out = [UInt8](unsafeUninitializedCapacity: max(0, count)) { buffer, filled in
            filled = 0
            while filled < buffer.count {
                let n = pread(fd, buffer.baseAddress.map { $0 + filled }, buffer.count - filled, off_t(offset + filled))
                if n < 0, errno == EINTR { continue }
                if n < 0 { failed = true }
                if n <= 0 { break }
                filled += n
            }
        }
        if failed { throw FileSystemError(path: path, reason: "cannot read file") }
        return out
    }

    private func write(_ path: String, _ buffers: [UnsafeBufferPointer<UInt8>]) throws {
        try write(path) { (handle: UnsafeMutablePointer<FILE>) -> Bool in
            for buf in buffers where !buf.isEmpty {
                if fwrite(buf.baseAddress, 1, buf.count, handle) != buf.count { return false }
            }
            return true
        }
    }

    /// Each batch is written by a thread of its own while the caller makes the next: copying a
    /// 100k-model manifest's 570 MB into the page cache is 1.6 s of one core, during which the
    /// making (on every core, ManifestWriter.swift) used to wait.
    public func writeStream(_ path: String, _ stream: ChunkStream) throws {
        try write(path) { (handle: UnsafeMutablePointer<FILE>) -> Bool in
            let writer = BatchWriter(handle)
            while let batch = stream.next() {
                guard writer.hand(batch) else { break }
            }
            return writer.finish()
        }
    }

    /// Writes through a temporary file renamed into place; `body` writes to the handle and says
    /// whether every write succeeded.
    private func write(_ path: String, _ body: (UnsafeMutablePointer<FILE>) -> Bool) throws {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty, !isDirectory(dir) { try createDirectory(dir) }
        let temp = path + ".swiftdbt-tmp-\(getpid())"
        guard let handle = fopen(temp, "wb") else {
            throw FileSystemError(path: path, reason: "cannot write file: \(String(cString: strerror(errno)))")
        }
        let ok = body(handle)
        let closed = fclose(handle) == 0
        guard ok, closed, rename(temp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temp)
            throw FileSystemError(path: path, reason: "cannot write file: \(reason)")
        }
    }

    public func updateFile(_ path: String, _ contents: String) throws {
        var bytes = contents
        try bytes.withUTF8 { new in
            // One open both compares and writes: a compile writes 16,000 files, and a second open
            // (and, for a new file, a failed first one) walked each path again. The folder is made
            // only when the open fails for want of it: a path split and a stat for each file cost
            // 4 % of a compile.
            var fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
            if fd < 0, errno == ENOENT {
                let dir = (path as NSString).deletingLastPathComponent
                if !dir.isEmpty, !isDirectory(dir) { try createDirectory(dir) }
                fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
            }
            // A file that may be read but not written (its mode, an immutable flag, a read-only
            // mount) is left alone when it already holds `new`.
            if fd < 0, [EACCES, EPERM, EROFS].contains(errno), let old = try? readBytes(path), old.elementsEqual(new) { return }
            guard fd >= 0 else { throw FileSystemError(path: path, reason: "cannot write file: \(String(cString: strerror(errno)))") }
            var info = stat()
            var failed = fstat(fd, &info) != 0
            let size = Int(info.st_size)
            if !failed, size == new.count, LocalFileSystem.holds(fd, new) {
                close(fd)
                return
            }
            var done = 0
            while !failed, done < new.count, let base = new.baseAddress {
                let n = pwrite(fd, base + done, new.count - done, off_t(done))
                if n < 0, errno == EINTR { continue }
                if n <= 0 { failed = true } else { done += n }
            }
            if !failed, size > new.count, ftruncate(fd, off_t(new.count)) != 0 { failed = true }
            let reason = failed ? String(cString: strerror(errno)) : ""
            guard close(fd) == 0, !failed else {
                throw FileSystemError(path: path, reason: "cannot write file: \(failed ? reason : String(cString: strerror(errno)))")
            }
        }
    }

    /// Whether the open file's bytes are `expected` (its size was checked first).
    private static func holds(_ fd: Int32, _ expected: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let want = expected.baseAddress, !expected.isEmpty else { return true }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: expected.count, alignment: 8)
        defer { buffer.deallocate() }
        var got = 0
        while got < expected.count {
            let n = pread(fd, buffer + got, expected.count - got, off_t(got))
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return false }
            got += n
        }
        return memcmp(buffer, want, expected.count) == 0
    }

    public func createDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw FileSystemError(path: path, reason: "cannot create directory: \(error.localizedDescription)")
        }
    }

    public func removeItem(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        do { try FileManager.default.removeItem(atPath: path) } catch {
            throw FileSystemError(path: path, reason: "cannot remove: \(error.localizedDescription)")
        }
    }
}

/// An environmental failure of the disk.
public struct FileSystemError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    public var description: String { "\(path): \(reason)" }
}

/// Writes batches to a file on a thread of its own, one batch behind its caller. A Foundation
/// thread, not a dispatch queue: the caller's `concurrentPerform` then keeps both cores' worth of
/// dispatch workers while this thread is in the kernel.
private final class BatchWriter: @unchecked Sendable {
    private let handle: UnsafeMutablePointer<FILE>
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var pending: [[UInt8]]?
    private var closing = false
    private var finished = false
    private var failed = false

    init(_ handle: UnsafeMutablePointer<FILE>) {
        self.handle = handle
        let thread = Thread { [self] in run() }
        thread.name = "swiftdbt-writer"
        thread.start()
    }

    /// Hands over the next batch, waiting while the one before is still unwritten; false once a
    /// write has failed (the caller then stops making batches).
    func hand(_ batch: [[UInt8]]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while pending != nil && !failed { condition.wait() }
        guard !failed else { return false }
        pending = batch
        condition.broadcast()
        return true
    }

    /// Waits until every batch handed over is written and the thread has ended; whether all were.
    func finish() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        closing = true
        condition.broadcast()
        while !finished { condition.wait() }
        return !failed
    }

    private func run() {
        while true {
            condition.lock()
            while pending == nil && !closing { condition.wait() }
            guard let batch = pending else {
                finished = true
                condition.broadcast()
                condition.unlock()
                return
            }
            pending = nil
            condition.broadcast()
            condition.unlock()
            var ok = true
            for chunk in batch where ok {
                let written: Int = chunk.withUnsafeBufferPointer { buf in buf.isEmpty ? 0 : fwrite(buf.baseAddress, 1, buf.count, handle) }
                ok = written == chunk.count
            }
            if !ok {
                condition.lock()
                failed = true
                condition.broadcast()
                condition.unlock()
            }
        }
    }
}
