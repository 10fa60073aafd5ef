import SDBasics
import SDTestSupport
import Testing

/// The in-memory disk must answer as the loaders expect of `LocalFileSystem` (SDBasics/FileSystem.swift):
/// folders implied by the files below them, listings relative and sorted, `./` and `//` ignored.
@Suite("MemoryFileSystem")
struct MemoryFileSystemTests {
    @Test func pathsAreComparedCleaned() throws {
        let fs = MemoryFileSystem(["./models//a.sql": "select 1"])
        #expect(try fs.readFile("models/a.sql") == "select 1")
        #expect(try fs.readFile("./models/a.sql") == "select 1")
        #expect(fs.files == ["models/a.sql": "select 1"])
        #expect(throws: FileSystemError.self) { try fs.readFile("models/b.sql") }
    }

    @Test func foldersAreImpliedOrCreated() throws {
        let fs = MemoryFileSystem(["/t/x/a.sql": "", "/t/xy.sql": ""])
        #expect(fs.isDirectory("/t/x"))
        #expect(fs.isDirectory("/t"))
        #expect(!fs.isDirectory("/t/xy.sql"))
        #expect(!fs.isDirectory("/t/x/a.sql"))
        #expect(fs.fileExists("/t/x"))
        #expect(!fs.isDirectory("/empty"))
        try fs.createDirectory("/empty/")
        #expect(fs.isDirectory("/empty"))
        #expect(try fs.listFiles(under: "/empty") == [])
    }

    @Test func listingsAreRelativeAndSorted() throws {
        let fs = MemoryFileSystem(["m/b.sql": "", "m/a/c.sql": "", "mm/d.sql": "", "e.yml": ""])
        #expect(try fs.listFiles(under: "m") == ["a/c.sql", "b.sql"])
        #expect(try fs.listFiles(under: ".") == ["e.yml", "m/a/c.sql", "m/b.sql", "mm/d.sql"])
        #expect(try fs.listFiles(under: "nowhere") == [])
    }

    @Test func removingAFolderRemovesWhatIsBelowIt() throws {
        let fs = MemoryFileSystem(["/t/s/k/1.sql": "a", "/t/s/k/2.sql": "b", "/t/s2.sql": "c"])
        try fs.removeItem("/t/s")
        #expect(fs.files == ["/t/s2.sql": "c"])
        try fs.writeFile("/t/s/new.sql", "d")
        try fs.updateFile("/t/s/new.sql", "e")
        #expect(try fs.readFile("/t/s/new.sql") == "e")
    }
}
