/// Files that are not UTF-8.
///
/// `LocalFileSystem.readFile` decodes with replacement, so a byte that is not UTF-8 (Latin-1 `é`,
/// a Windows-1252 quote) arrives as U+FFFD. Left alone, it would reach the database as that
/// character and change a string literal or a seed value without a word; dbt stops on such a file
/// (Python's strict UTF-8 decoding). The replacement character is what is left to find, so a file
/// that really contains U+FFFD is refused too: rare enough in SQL, YAML and CSV to accept.
extension SourceFile {
    /// The byte range of the first U+FFFD (EF BF BD), if any.
    public var firstReplacementCharacter: Range<Int>? {
        ByteSearch.find([0xEF, 0xBF, 0xBD], in: utf8).map { $0..<($0 + 3) }
    }
}

extension Diagnostic {
    /// An error at the first byte that was not UTF-8, or nil when the file decoded cleanly.
    public static func notUTF8(_ file: SourceFile) -> Diagnostic? {
        guard let bytes = file.firstReplacementCharacter else { return nil }
        return .error(
            "file is not valid UTF-8: bytes here could not be decoded (shown as \u{FFFD})",
            at: SourceRange(file: file, bytes: bytes),
            hint: "swiftdbt reads every project file as UTF-8; save it as UTF-8 (Latin-1 or Windows-1252 letters such as 'é' are not)")
    }
}
