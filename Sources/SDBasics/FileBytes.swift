#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file's bytes as read once, for the large files that are scanned and never changed in memory
/// (the compile cache's record, the saved graph: 22 and 44 MB at 100k models).
///
/// On the local disk they are mapped (`FileSystem.readMapped`): the page cache's own pages, without
/// a copy into a fresh buffer that the kernel must first fault in and zero, which was a fifth of the
/// warm `compile --select` at 100k models (bench/README.md). The mapping is private and read-only,
/// and swiftdbt replaces the files it maps only by a rename (`FileSystem.writeStream`), never cuts
/// them short in place, so what is mapped stays whole for as long as it is held. Another program
/// that truncates one in place while a command holds it (`cp` or `rsync --inplace` over target/)
/// would end that command with SIGBUS; a command holds these files for well under a second.
public final class FileBytes: @unchecked Sendable {
    private enum Storage {
        case mapped(UnsafeRawPointer, Int)
        case array([UInt8])
    }

    private let storage: Storage

    /// Bytes read into memory.
    public init(_ bytes: [UInt8]) { storage = .array(bytes) }

    /// The regular file at `path` mapped whole; nil when it cannot be opened or mapped (the caller
    /// reads it instead).
    public init?(mapping path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(info.st_size)
        guard size > 0 else {
            storage = .array([])
            return
        }
        #if canImport(Glibc)
            let flags = MAP_PRIVATE | MAP_POPULATE
        #else
            let flags = MAP_PRIVATE
        #endif
        guard let at = mmap(nil, size, PROT_READ, flags, fd, 0), at != MAP_FAILED else { return nil }
        storage = .mapped(UnsafeRawPointer(at), size)
    }

    deinit {
        if case .mapped(let at, let size) = storage { munmap(UnsafeMutableRawPointer(mutating: at), size) }
    }

    public var count: Int {
        switch storage {
        case .mapped(_, let size): size
        case .array(let a): a.count
        }
    }

    /// The bytes, valid while `self` is held.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        switch storage {
        case .mapped(let at, let size): try body(UnsafeBufferPointer(start: at.assumingMemoryBound(to: UInt8.self), count: size))
        case .array(let a): try a.withUnsafeBufferPointer(body)
        }
    }
}
