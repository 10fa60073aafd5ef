import SDBasics

/// Thrown inside the parser to abandon the current tag; the tag-level loop records it and
/// resumes at the next tag.
struct ParseError: Error {
    let diagnostic: Diagnostic
}
