import Foundation
import Testing

/// Compares text with a golden file. `SWIFTDBT_RECORD=1` rewrites the files that differ and records an
/// issue for every golden it passes, so a re-recording run never passes and every re-record is
/// reviewed as a diff.
public enum Golden {
    /// `SWIFTDBT_RECORD=1 swift test` rewrites goldens (and the run still fails).
    public static var recording: Bool { ProcessInfo.processInfo.environment["SWIFTDBT_RECORD"] == "1" }

    /// Compares `actual` with `name` in the `Golden` folder beside the calling test file.
    public static func check(
        _ actual: String, _ name: String, filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let folder = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Golden")
        check(actual, against: folder.appendingPathComponent(name).path, sourceLocation: sourceLocation)
    }

    /// Compares `actual` with the file at `path`.
    public static func check(_ actual: String, against path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = URL(fileURLWithPath: path)
        let expected = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
        if recording {
            if expected != actual {
                do {
                    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try Data(actual.utf8).write(to: url)
                } catch {
                    Issue.record("cannot write golden \(path): \(error)", sourceLocation: sourceLocation)
                }
            }
            Issue.record("re-recorded \(path) (SWIFTDBT_RECORD=1 always fails the run)", sourceLocation: sourceLocation)
            return
        }
        guard let expected else {
            Issue.record("missing golden \(path); run with SWIFTDBT_RECORD=1 to create it", sourceLocation: sourceLocation)
            return
        }
        if let difference = firstDifference(expected, actual) {
            Issue.record("output differs from \(path)\n\(difference)", sourceLocation: sourceLocation)
        }
    }

    /// The first line where the two texts part, with its number, or nil when they are equal.
    public static func firstDifference(_ expected: String, _ actual: String) -> String? {
        guard expected != actual else { return nil }
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(e.count, a.count)).first { e[$0] != a[$0] } ?? min(e.count, a.count)
        func at(_ lines: [Substring]) -> String { line < lines.count ? String(lines[line]) : "<end of text>" }
        return """
            first difference at line \(line + 1) (expected \(e.count) lines, got \(a.count))
            --- expected
            \(at(e))
            --- actual
            \(at(a))
            """
    }
}
