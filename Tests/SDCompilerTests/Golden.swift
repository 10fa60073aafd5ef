import Foundation
import Testing

/// Compares text with a golden file; `SWIFTDBT_RECORD=1` rewrites the file and records an issue so
/// that a re-recording run never passes (ARCHITECTURE.md, Tests).
enum Golden {
    static func check(_ actual: String, against path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = URL(fileURLWithPath: path)
        if TestPaths.recording {
            let old = try? String(contentsOf: url, encoding: .utf8)
            if old != actual {
                try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                do { try Data(actual.utf8).write(to: url) } catch {
                    Issue.record("cannot write golden \(path): \(error)", sourceLocation: sourceLocation)
                }
            }
            Issue.record("re-recorded \(path) (SWIFTDBT_RECORD=1 always fails the run)", sourceLocation: sourceLocation)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden \(path); run with SWIFTDBT_RECORD=1 to create it", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            Issue.record("""
                output differs from \(path)
                --- expected
                \(expected)
                --- actual
                \(actual)
                """, sourceLocation: sourceLocation)
        }
    }
}
