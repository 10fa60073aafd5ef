import SDBasics

/// One lexeme of a template; every byte of the input belongs to exactly one token.
public struct Token: Sendable, Hashable {
    /// What a token is; tag-mode kinds only occur between `<<` and `>>`.
    public enum Kind: Sendable, Hashable {
        /// Literal SQL between tags.
        case text
        /// `<<`, or `<<-` which strips whitespace before the tag.
        case tagOpen
        /// `>>`, or `->>` which strips whitespace after the tag.
        case tagClose
        /// A whole comment `<<# … #>>` including its delimiters.
        case comment
        /// A comment that reaches the end of the file without `#>>`.
        case unterminatedComment
        case whitespace
        case identifier
        case integer
        case float
        /// A quoted string, quotes included.
        case string
        /// A string whose closing quote is missing on its line.
        case unterminatedString
        /// An operator or bracket such as `==`, `(`, `|`.
        case punctuation
        /// A character that starts no token inside a tag.
        case invalid
    }

    /// What the token is.
    public let kind: Kind
    /// UTF-8 byte offsets into the source file.
    public let bytes: Range<Int>

    public init(kind: Kind, bytes: Range<Int>) {
        self.kind = kind
        self.bytes = bytes
    }
}
