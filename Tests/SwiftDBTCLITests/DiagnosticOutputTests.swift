import Foundation
import Testing

/// Errors found while running (not only while compiling) are diagnostics: rendered by the one
/// renderer in text mode, and as one JSON event per line, carrying that same text, with
/// `--log-format json` (issue 14, item 3).
@Suite(.serialized) struct DiagnosticOutputTests {
    /// The JSON log's lines (stdout, where dbt writes them) that are diagnostics.
    static func events(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
        }.filter { ["MainEncounteredError", "Note"].contains(($0["info"] as? [String: Any])?["name"] as? String) }
    }

    @Test func aCompileErrorIsTheSameTextInBothFormats() async throws {
        let p = try TempProject(files: ["models/m.sql": "select * from << ref('nope') >>"])
        let text = try await CLI.swiftdbt(["compile"], in: p)
        #expect(text.status == 1)
        #expect(text.stderr.hasPrefix("models/m.sql:1:22: error: no model or seed named 'nope'"), "\(text.stderr)")
        let json = try await CLI.swiftdbt(["compile", "--log-format", "json"], in: p)
        #expect(json.status == 1)
        let events = try Self.events(json.stdout)
        let infos = events.compactMap { $0["info"] as? [String: Any] }
        let error = try #require(infos.first { $0["name"] as? String == "MainEncounteredError" })
        #expect(error["level"] as? String == "error")
        // The event's text is the text-mode block, without the `1 error found` line that follows it.
        let block = text.stderr.components(separatedBy: "1 error found")[0].trimmingCharacters(in: .newlines)
        #expect(error["msg"] as? String == block)
        let parts = try #require((events.first?["data"] as? [String: Any])?["diagnostic"] as? [String: Any])
        #expect(parts["file"] as? String == "models/m.sql")
        #expect(parts["line"] as? Int == 1)
        #expect(parts["column"] as? Int == 22)
    }

    /// `show`'s failed query was a hand-written line; it is now a diagnostic in both formats.
    @Test func aFailedPreviewQueryIsADiagnostic() async throws {
        let p = try TempProject(files: ["models/m.sql": "select 1 as x"])
        let text = try await CLI.swiftdbt(["show", "--inline", "select * from no_such_table"], in: p)
        #expect(text.status == 1)
        #expect(text.stderr.hasPrefix("error: the query for inline query failed:\n"), "\(text.stderr)")
        #expect(text.stderr.contains("no_such_table"))
        #expect(text.stderr.hasSuffix("1 error found\n"), "\(text.stderr)")
        let json = try await CLI.swiftdbt(["show", "--inline", "select * from no_such_table", "--log-format", "json"], in: p)
        #expect(json.status == 1)
        let info = try #require(try Self.events(json.stdout).first?["info"] as? [String: Any])
        #expect((info["msg"] as? String)?.hasPrefix("error: the query for inline query failed:\n") == true, "\(json.stdout)")
    }

    /// A target that cannot be opened was a hand-written `error:` line; it is a diagnostic at the
    /// target's block in profiles.yml.
    @Test func aTargetThatCannotBeOpenedIsADiagnostic() async throws {
        let profile =
            "t:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: target/test.duckdb\n"
            + "      duckdb_path: /nonexistent/duckdb\n"
        let p = try TempProject(files: ["models/m.sql": "select 1 as x", "profiles.yml": profile], name: "t")
        let r = try await CLI.swiftdbt(["run"], in: p)
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("profiles.yml:5:7: error: cannot open the DuckDB target 'local': "), "\(r.stderr)")
        #expect(r.stderr.contains("/nonexistent/duckdb"), "\(r.stderr)")
        #expect(r.stderr.hasSuffix("1 error found\n"), "\(r.stderr)")
    }

    /// Previewing a model whose SQL the database refuses points at the model's template line, as a
    /// failed run does.
    @Test func aFailedModelPreviewPointsAtTheTemplateLine() async throws {
        let p = try TempProject(files: ["models/m.sql": "select 1 as x,\n  missing_col as y"])
        let r = try await CLI.swiftdbt(["show", "--select", "m"], in: p)
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("error: the query for m failed:\n"), "\(r.stderr)")
        #expect(r.stderr.contains("models/m.sql:2:3: error: database error: Binder Error: Referenced column \"missing_col\""), "\(r.stderr)")
        #expect(r.stderr.hasSuffix("2 errors found\n"), "\(r.stderr)")
    }
}
