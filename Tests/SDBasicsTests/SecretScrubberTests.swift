import Foundation
import Testing

@testable import SDBasics

/// The one redaction point: every spelling of a secret a writer can produce becomes `*****`.
@Suite struct SecretScrubberTests {
    @Test func replacesRawJSONEscapedAndSQLQuotedSpellings() {
        let s = SecretScrubber()
        let secret = #"pa"ss\wo'rd"#
        s.add([secret])
        // As a JSON writer spells it: the quote and backslash escaped.
        let json: JSONValue = ["message": .string("error near \(secret) here")]
        let line = json.serialized(indent: 0)
        #expect(line.contains(#"pa\"ss\\wo'rd"#))
        let scrubbedLine = s.scrub(line)
        #expect(scrubbedLine == #"{"message":"error near ***** here"}"#)
        // Still valid JSON after scrubbing.
        #expect((try? JSONSerialization.jsonObject(with: Data(scrubbedLine.utf8))) != nil)
        #expect(s.scrub("raw \(secret) end") == "raw ***** end")
        #expect(s.scrub(#"select 'pa"ss\wo''rd'"#) == "select '*****'")
    }

    @Test func shortValuesAreReportedNotScrubbed() {
        let s = SecretScrubber()
        let short = s.add(["abc", "", "long-enough"])
        #expect(short == ["abc"])
        #expect(s.scrub("abc and long-enough") == "abc and *****")
    }

    /// A secret that contains another is replaced whole, not as the shorter one plus a remainder.
    @Test func longerSecretsFirst() {
        let s = SecretScrubber()
        s.add(["secret-1", "secret-123456"])
        #expect(s.scrub("a secret-123456 b secret-1 c") == "a ***** b ***** c")
    }

    /// The byte search: at either end, after a near miss that shares the first bytes, not in a shorter text.
    @Test func findsEveryPlacement() {
        let s = SecretScrubber()
        s.add(["abcabd-secret"])
        #expect(s.scrub("abcabd-secret") == "*****")
        #expect(s.scrub("abcabcabd-secret!") == "abc*****!")
        #expect(s.scrub("xx abcabd-secre") == "xx abcabd-secre")
        #expect(s.scrub("abc") == "abc")
        #expect(s.scrub("é abcabd-secret é") == "é ***** é")
    }

    @Test func fileSystemWritesAreScrubbed() throws {
        let dir = NSTemporaryDirectory() + "scrub-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let s = SecretScrubber()
        let fs = ScrubbingFileSystem(base: LocalFileSystem(), scrubber: s)
        try fs.createDirectory(dir)
        s.add(["hunter2-secret"])
        try fs.writeFile(dir + "/a.json", #"{"password":"hunter2-secret"}"#)
        try fs.updateFile(dir + "/b.sql", "select 'hunter2-secret'")
        #expect(try LocalFileSystem().readFile(dir + "/a.json") == #"{"password":"*****"}"#)
        #expect(try LocalFileSystem().readFile(dir + "/b.sql") == "select '*****'")
        // Bytes (the one-edit compile's manifest patch) are scrubbed too; bytes without a secret pass as they are.
        try fs.writeBytes(dir + "/c.json", Array(#"{"token":"hunter2-secret", "é": 1}"#.utf8))
        #expect(try LocalFileSystem().readBytes(dir + "/c.json") == Array(#"{"token":"*****", "é": 1}"#.utf8))
        try fs.writeBytes(dir + "/d.json", Array("{}".utf8))
        #expect(try fs.readBytes(dir + "/d.json") == Array("{}".utf8))
    }

    @Test func scanFindsLiteralSecretNamesWithPositions() throws {
        let sql = SourceFile(path: "models/m.sql", text: "select 1\n-- x\nwhere a = '<< env_var( \"DBT_ENV_SECRET_PW\") >>'\n")
        let found = SecretEnvVars.scan(sql, yaml: false)
        let d = try #require(found.first)
        #expect(found.count == 1)
        #expect(d.range?.start == SourceLocation(line: 3, column: 24))
        #expect(d.range?.text == "\"DBT_ENV_SECRET_PW\"")
        // Ordinary variables, look-alike function names and YAML comments are left alone.
        let yaml = SourceFile(
            path: "project.yml",
            text: """
                a: "<< env_var('DBT_USER') >>"
                b: "<< my_env_var('DBT_ENV_SECRET_X') >>"
                # c: "<< env_var('SWIFTDBT_ENV_SECRET_X') >>"
                d: "<< env_var('SWIFTDBT_ENV_SECRET_Y') >>"  # trailing
                """)
        let inYAML = SecretEnvVars.scan(yaml, yaml: true)
        #expect(inYAML.map { $0.range?.text } == ["'SWIFTDBT_ENV_SECRET_Y'"])
        #expect(inYAML.first?.range?.start == SourceLocation(line: 4, column: 16))
    }
}
