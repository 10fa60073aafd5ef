import Foundation

/// Where the checkout is, found from this file's own path (Sources/SDTestSupport/Repository.swift), so
/// tests read fixtures, scripts and the RTSA project (the repository root) from any working folder.
public enum Repository {
    public static let url: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    public static let root: String = url.path
}
