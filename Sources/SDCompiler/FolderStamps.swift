import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A folder's stamp (nil: the folder did not exist), taken to vouch for a listing of it.
public struct FolderStamp: Sendable, Equatable {
    public var path: String
    public var stamp: FileStamp?
}

/// Lets a cache hit skip re-listing a folder tree (10,000 entries for a 10,000-model project) by
/// stat-ing its folders instead. Sound because adding, removing or renaming an entry updates the
/// modification and change time of the folder that holds it (POSIX, for creat, link, unlink, mkdir,
/// rmdir and rename): a listing of regular files and folders differs only if some folder in the
/// tree has a new stamp. Two things break that, so a tree holding either gets no stamps and is
/// listed again on every hit: a symbolic link, whose target can change while no folder here does,
/// and an entry of unknown type (a file system that does not say, where a link cannot be told
/// apart). A file edited in place changes no folder; files keep their own stamps for that.
enum FolderStamps {
    /// `directory` and every folder below it, each stamped before it is read; nil when the tree
    /// holds a link or an entry of unknown type, or cannot be read.
    static func walk(_ directory: String) -> [FolderStamp]? {
        var st = stat()
        guard stat(directory, &st) == 0 else { return errno == ENOENT ? [FolderStamp(path: directory, stamp: nil)] : nil }
        // listFiles lists nothing under a path that is not a folder, whatever it is.
        guard st.st_mode & S_IFMT == S_IFDIR else { return nil }
        var out: [FolderStamp] = []
        func visit(_ path: String, _ stamp: FileStamp) -> Bool {
            out.append(FolderStamp(path: path, stamp: stamp))
            guard let dir = opendir(path) else { return false }
            defer { closedir(dir) }
            var folders: [String] = []
            while let entry = readdir(dir) {
                let type = entry.pointee.d_type
                if type == UInt8(DT_REG) { continue }
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
                }
                if name == "." || name == ".." { continue }
                guard type == UInt8(DT_DIR) else {
                    if type == UInt8(DT_LNK) || type == UInt8(DT_UNKNOWN) { return false }
                    continue
                }
                folders.append(path + "/" + name)
            }
            for folder in folders {
                guard let s = FileStamp.local(folder), visit(folder, s) else { return false }
            }
            return true
        }
        return visit(directory, FileStamp(st)) ? out : nil
    }

    /// Whether every folder still has the stamp it had, each old enough to prove it (see
    /// CompileCache.racyMargin); false sends the caller back to listing the tree.
    static func unchanged(_ folders: [FolderStamp], since: Int64) -> Bool {
        folders.allSatisfy { f in
            guard let stamp = f.stamp else { return FileStamp.local(f.path) == nil && errno == ENOENT }
            return FileStamp.local(f.path) == stamp && stamp.latestNanoseconds < since - CompileCache.racyMargin
        }
    }
}
