import Foundation
import SDTestSupport
import Testing

@testable import SDDocs

/// The site's script and style are edited in Sources/SDDocs/Site/ and embedded by the checked-in
/// DocsAssets+Generated.swift (scripts/gen_docs_assets.py). These fail when the two drift apart:
/// someone edited Site/ without regenerating, or edited the generated file by hand.
@Suite("docs assets generated from Site/")
struct DocsAssetsGeneratedTests {
    static let packageRoot = Repository.root

    static func contents(_ relative: String) throws -> String {
        let path = packageRoot + "/" + relative
        guard let data = FileManager.default.contents(atPath: path) else { throw Missing(path: path) }
        return String(decoding: data, as: UTF8.self)
    }
    struct Missing: Error { var path: String }

    /// The generator's output now, from Site/ as it is on disk.
    static func regenerated() throws -> (status: Int32, output: String, error: String) {
        let python = ProcessInfo.processInfo.environment["SWIFTDBT_PYTHON"] ?? "/usr/bin/python3"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [packageRoot + "/scripts/gen_docs_assets.py", "--stdout"]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }

    /// The checked-in file is exactly what the generator writes from Site/ today.
    @Test func generatedFileIsFresh() throws {
        let run = try Self.regenerated()
        #expect(run.status == 0, "scripts/gen_docs_assets.py failed: \(run.error)")
        let checkedIn = try Self.contents("Sources/SDDocs/DocsAssets+Generated.swift")
        // A Bool, so a stale file prints the hint rather than two copies of 40 KB of JavaScript.
        let fresh = run.output == checkedIn
        #expect(fresh, "Sources/SDDocs/DocsAssets+Generated.swift is stale: run python3 scripts/gen_docs_assets.py")
    }

    /// What the binary serves is byte for byte the file in Site/ (so a literal that changed the text
    /// on its way through the compiler, an escape or a stripped indent, shows up here).
    @Test func embeddedTextIsTheSiteFiles() throws {
        #expect(DocsAssets.script == (try Self.contents("Sources/SDDocs/Site/app.js")))
        #expect(DocsAssets.style == (try Self.contents("Sources/SDDocs/Site/app.css")))
        #expect(DocsAssets.markdownScript == (try Self.contents("Sources/SDDocs/Site/marked.min.js")))
        let files = DocsAssets.files(data: ["nodes": []], title: "p")
        #expect(files["assets/app.js"] == DocsAssets.script)
        #expect(files["assets/app.css"] == DocsAssets.style)
        #expect(files["assets/marked.min.js"] == DocsAssets.markdownScript)
        // The page loads marked before the script that uses it, from the site itself (no CDN).
        let page = try #require(files["index.html"])
        let marked = try #require(page.range(of: "<script src=\"assets/marked.min.js\"></script>"))
        let app = try #require(page.range(of: "<script src=\"assets/app.js\"></script>"))
        #expect(marked.lowerBound < app.lowerBound)
    }
}
